// Contacts: one row per business and WhatsApp user; erasure wipes personal data and keeps the number suppressed.
import type { Database, Db } from '../../adapters/db/index.ts';
import { distinct, slices } from '../../kernel/batches.ts';
import { newId } from '../../kernel/ids.ts';

export type Contact = {
  id: string;
  businessId: string;
  waId: string;
  profileName: string | null;
  country: string | null;
  lastInboundAt: number | null;
  erasedAt: number | null;
  createdAt: number;
};

// At most this many numbers per query: far below either database's bind-parameter limit.
const LOOKUP_SLICE = 500;

const toContact = (r: Database['contacts']): Contact => ({
  id: r.id,
  businessId: r.business_id,
  waId: r.wa_id,
  profileName: r.profile_name,
  country: r.country,
  lastInboundAt: r.last_inbound_at,
  erasedAt: r.erased_at,
  createdAt: r.created_at,
});

export function createContactStore(db: Db) {
  const k = db.kysely;

  /** Many contacts in one query per slice (the dispatcher's batch re-check): element i is for keys[i]. */
  async function getMany(
    keys: readonly { businessId: string; waId: string }[],
  ): Promise<(Contact | undefined)[]> {
    const found = new Map<string, Contact>();
    const businessIds = distinct(keys.map((c) => c.businessId));
    for (const waIds of slices(distinct(keys.map((c) => c.waId)), LOOKUP_SLICE)) {
      const rows = await k
        .selectFrom('contacts')
        .selectAll()
        .where('business_id', 'in', businessIds)
        .where('wa_id', 'in', waIds)
        .execute();
      for (const r of rows) found.set(`${r.business_id} ${r.wa_id}`, toContact(r));
    }
    return keys.map((c) => found.get(`${c.businessId} ${c.waId}`));
  }

  return {
    async get(businessId: string, waId: string): Promise<Contact | undefined> {
      return (await getMany([{ businessId, waId }]))[0];
    },
    getMany,
    /** Creates the contact if new; refreshes the profile name and last inbound time when a message arrives. */
    async touch(
      businessId: string,
      waId: string,
      p: { profileName?: string | null; country?: string | null; inboundAt?: number },
      now: number,
    ): Promise<void> {
      await k
        .insertInto('contacts')
        .values({
          id: newId('ct', now),
          business_id: businessId,
          wa_id: waId,
          profile_name: p.profileName ?? null,
          country: p.country ?? null,
          created_at: now,
          updated_at: now,
          last_inbound_at: p.inboundAt ?? null,
          erased_at: null,
        })
        .onConflict((oc) =>
          oc.columns(['business_id', 'wa_id']).doUpdateSet((eb) => ({
            updated_at: now,
            // An erased contact stays erased: we keep no new personal data for it.
            profile_name: p.profileName
              ? eb.case().when('contacts.erased_at', 'is', null).then(p.profileName).else(null).end()
              : eb.ref('contacts.profile_name'),
            last_inbound_at:
              p.inboundAt === undefined
                ? eb.ref('contacts.last_inbound_at')
                : eb
                    .case()
                    .when(
                      eb.or([
                        eb('contacts.last_inbound_at', 'is', null),
                        eb('contacts.last_inbound_at', '<', p.inboundAt),
                      ]),
                    )
                    .then(p.inboundAt)
                    .else(eb.ref('contacts.last_inbound_at'))
                    .end(),
          })),
        )
        .execute();
    },
    async erase(businessId: string, waId: string, now: number): Promise<void> {
      await k
        .updateTable('contacts')
        .set({ profile_name: null, country: null, erased_at: now, updated_at: now })
        .where('business_id', '=', businessId)
        .where('wa_id', '=', waId)
        .execute();
    },
  };
}

export type ContactStore = ReturnType<typeof createContactStore>;

export { eraseContact, type EraseDeps } from './erase-contact.ts';
