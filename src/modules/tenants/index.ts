// Tenancy: a business (the billing and limit unit, like Meta's business portfolio) owns WABAs, numbers and API keys.
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';

export type Business = { id: string; name: string; createdAt: number; vertical: string | null };
export type PhoneNumberRecord = {
  id: string;
  businessId: string;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: string;
  throughputMps: number;
  messagingLimit: string | null;
};

export type ApiKeyRecord = {
  id: string;
  label: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
};

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
export const generateApiKey = () => `glk_${randomBytes(24).toString('base64url')}`;

const toPhone = (r: Database['phone_numbers']): PhoneNumberRecord => ({
  id: r.id,
  businessId: r.business_id,
  wabaId: r.waba_id,
  phoneNumberId: r.phone_number_id,
  displayPhoneNumber: r.display_phone_number,
  verifiedName: r.verified_name,
  qualityRating: r.quality_rating,
  throughputMps: r.throughput_mps,
  messagingLimit: r.messaging_limit,
});

export function createTenantStore(db: Db) {
  const k = db.kysely;
  // Routing lookups run on every webhook; numbers and WABAs change rarely, so they are cached per process.
  const phoneCache = new Map<string, PhoneNumberRecord | null>();
  const wabaCache = new Map<string, string | null>();
  // Every accepted message asks for its business's default number; numbers are only ever added, so a found one stays.
  const defaultPhoneCache = new Map<string, PhoneNumberRecord>();

  return {
    async createBusiness(name: string, now: number): Promise<Business> {
      const b = { id: newId('biz', now), name, created_at: now };
      await k.insertInto('businesses').values(b).execute();
      return { id: b.id, name, createdAt: now, vertical: null };
    },
    async getBusiness(id: string): Promise<Business | undefined> {
      const r = await k.selectFrom('businesses').selectAll().where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, name: r.name, createdAt: r.created_at, vertical: r.vertical };
    },
    async firstBusiness(): Promise<Business | undefined> {
      const r = await k
        .selectFrom('businesses')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return r && { id: r.id, name: r.name, createdAt: r.created_at, vertical: r.vertical };
    },
    async updateProfile(id: string, p: { name?: string; vertical?: string | null }): Promise<void> {
      if (p.name === undefined && p.vertical === undefined) return;
      await k
        .updateTable('businesses')
        .set({
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.vertical !== undefined ? { vertical: p.vertical } : {}),
        })
        .where('id', '=', id)
        .execute();
    },
    /** Stores a key's hash; `scopes` defaults to '*' (the whole business), as for keys made before scopes. */
    async addApiKey(
      businessId: string,
      key: string,
      label: string,
      now: number,
      scopes: readonly string[] = ['*'],
    ): Promise<string> {
      const id = newId('key', now);
      await k
        .insertInto('api_keys')
        .values({
          id,
          business_id: businessId,
          key_hash: hashApiKey(key),
          label,
          created_at: now,
          revoked_at: null,
          scopes: scopes.join(' '),
        })
        .onConflict((oc) => oc.column('key_hash').doNothing())
        .execute();
      return id;
    },
    /** The business's keys without their hashes, newest first. */
    async listApiKeys(businessId: string): Promise<ApiKeyRecord[]> {
      const rows = await k
        .selectFrom('api_keys')
        .select(['id', 'label', 'scopes', 'created_at', 'revoked_at'])
        .where('business_id', '=', businessId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        label: r.label,
        scopes: r.scopes.split(' ').filter(Boolean),
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
      }));
    },
    /** Revokes a key of this business; false when the business has no such key (another business's id included). */
    async revokeApiKey(businessId: string, id: string, now: number): Promise<ApiKeyRecord | undefined> {
      await k
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return (await this.listApiKeys(businessId)).find((key) => key.id === id);
    },
    async hasApiKey(businessId: string): Promise<boolean> {
      const r = await k
        .selectFrom('api_keys')
        .select('id')
        .where('business_id', '=', businessId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return r !== undefined;
    },
    async businessForApiKey(
      key: string,
    ): Promise<(Business & { keyId: string; scopes: string[] }) | undefined> {
      const r = await k
        .selectFrom('api_keys')
        .innerJoin('businesses', 'businesses.id', 'api_keys.business_id')
        .select([
          'businesses.id',
          'businesses.name',
          'businesses.created_at',
          'businesses.vertical',
          'api_keys.id as key_id',
          'api_keys.scopes',
        ])
        .where('api_keys.key_hash', '=', hashApiKey(key))
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          name: r.name,
          createdAt: r.created_at,
          vertical: r.vertical,
          keyId: r.key_id,
          scopes: r.scopes.split(' ').filter(Boolean),
        }
      );
    },
    async upsertWaba(businessId: string, wabaId: string, now: number): Promise<void> {
      await k
        .insertInto('wabas')
        .values({ id: newId('waba', now), business_id: businessId, waba_id: wabaId, created_at: now })
        .onConflict((oc) => oc.column('waba_id').doNothing())
        .execute();
      wabaCache.delete(wabaId);
    },
    async upsertPhoneNumber(p: Omit<PhoneNumberRecord, 'id'>, now: number): Promise<void> {
      await k
        .insertInto('phone_numbers')
        .values({
          id: newId('pn', now),
          business_id: p.businessId,
          waba_id: p.wabaId,
          phone_number_id: p.phoneNumberId,
          display_phone_number: p.displayPhoneNumber,
          verified_name: p.verifiedName,
          quality_rating: p.qualityRating,
          throughput_mps: p.throughputMps,
          messaging_limit: p.messagingLimit,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('phone_number_id').doUpdateSet({
            display_phone_number: p.displayPhoneNumber,
            verified_name: p.verifiedName,
            quality_rating: p.qualityRating,
            throughput_mps: p.throughputMps,
            messaging_limit: p.messagingLimit,
            updated_at: now,
          }),
        )
        .execute();
      phoneCache.delete(p.phoneNumberId);
      defaultPhoneCache.clear();
    },
    async phoneNumber(phoneNumberId: string): Promise<PhoneNumberRecord | null> {
      if (phoneCache.has(phoneNumberId)) return phoneCache.get(phoneNumberId)!;
      const r = await k
        .selectFrom('phone_numbers')
        .selectAll()
        .where('phone_number_id', '=', phoneNumberId)
        .executeTakeFirst();
      const rec = r ? toPhone(r) : null;
      phoneCache.set(phoneNumberId, rec);
      return rec;
    },
    async defaultPhoneNumber(businessId: string): Promise<PhoneNumberRecord | null> {
      const cached = defaultPhoneCache.get(businessId);
      if (cached) return cached;
      const r = await k
        .selectFrom('phone_numbers')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!r) return null;
      const rec = toPhone(r);
      defaultPhoneCache.set(businessId, rec);
      return rec;
    },
    async businessIdForWaba(wabaId: string): Promise<string | null> {
      if (wabaCache.has(wabaId)) return wabaCache.get(wabaId)!;
      const r = await k
        .selectFrom('wabas')
        .select('business_id')
        .where('waba_id', '=', wabaId)
        .executeTakeFirst();
      const id = r?.business_id ?? null;
      wabaCache.set(wabaId, id);
      return id;
    },
    async wabaForBusiness(businessId: string): Promise<string | null> {
      const r = await k
        .selectFrom('wabas')
        .select('waba_id')
        .where('business_id', '=', businessId)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      return r?.waba_id ?? null;
    },
  };
}

export type TenantStore = ReturnType<typeof createTenantStore>;
