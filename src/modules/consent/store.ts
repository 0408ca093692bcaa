// Consent persistence: the append-only, hash-chained ledger per business, categories, salts, keywords, suppressions.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { distinct, slices } from '../../kernel/batches.ts';
import { conflict } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { TemplateCategory } from '../../wire/graph.ts';
import {
  contactHash,
  eventHash,
  GENESIS_HASH,
  personalDigest,
  randomSecret,
  splitEvidence,
  type ChainedEvent,
  type ChainedFields,
} from './chain.ts';
import {
  defaultConsentCategories,
  type ConsentAction,
  type ConsentCategory,
  type ConsentEvent,
} from './model.ts';

export type ContactKey = { businessId: string; waId: string };

// At most this many numbers per query: far below either database's bind-parameter limit.
const LOOKUP_SLICE = 500;
const CHAIN_PAGE = 1000;

type ConsentEventRow = Database['consent_events'];
type Trx = Transaction<Database>;

const parsePersonal = (raw: string | null) =>
  raw === null ? null : (JSON.parse(raw) as { nonce: string; fields: Record<string, unknown> });

const toEvent = (r: ConsentEventRow): ConsentEvent => {
  const personal = parsePersonal(r.personal);
  return {
    id: r.id,
    category: r.category,
    action: r.action as ConsentAction,
    channel: r.channel,
    wording: r.wording,
    actor: r.actor,
    evidence: { ...(JSON.parse(r.evidence) as Record<string, unknown>), ...(personal?.fields ?? {}) },
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    seq: r.seq,
    prevHash: r.prev_hash,
    hash: r.hash,
    language: r.language,
    businessName: r.business_name,
    categorySet: JSON.parse(r.category_set) as string[],
    pseudonymised: r.pseudonymised_at !== null,
  };
};

/** The row as the chain sees it: what eventHash covers, with its stored hashes. */
export const chainedOf = (r: ConsentEventRow): ChainedEvent => ({
  id: r.id,
  businessId: r.business_id,
  seq: r.seq,
  contactHash: r.contact_hash,
  category: r.category,
  categorySet: JSON.parse(r.category_set) as string[],
  action: r.action,
  channel: r.channel,
  wording: r.wording,
  language: r.language,
  businessName: r.business_name,
  actor: r.actor,
  evidence: JSON.parse(r.evidence) as Record<string, unknown>,
  personalDigest: r.personal_digest,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export type NewConsentEvent = {
  businessId: string;
  waId: string;
  categories: string[];
  action: ConsentAction;
  channel: string;
  wording: string | null;
  actor: string;
  evidence: Record<string, unknown>;
  occurredAt: number;
  language?: string | null;
  businessName?: string | null;
};

export function createConsentStore(db: Db) {
  const k = db.kysely;
  // Salts never change once made, so each process reads a business's salt once.
  const salts = new Map<string, string>();

  /** A settings value, made once (the first writer wins, every process then reads the same value). */
  async function setting(key: string, make: () => string): Promise<string> {
    const row = await k.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    if (row) return row.value;
    await k
      .insertInto('settings')
      .values({ key, value: make() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await k.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow())
      .value;
  }

  async function saltOf(businessId: string): Promise<string> {
    let salt = salts.get(businessId);
    if (!salt) {
      salt = await setting(`consent.salt.${businessId}`, () => randomSecret());
      salts.set(businessId, salt);
    }
    return salt;
  }

  async function hashOf(businessId: string, waId: string): Promise<string> {
    return contactHash(await saltOf(businessId), waId);
  }

  /** Hashes of many contacts; element i is for keys[i]. */
  async function hashesOf(keys: readonly ContactKey[]): Promise<string[]> {
    for (const b of distinct(keys.map((c) => c.businessId))) await saltOf(b);
    return keys.map((c) => contactHash(salts.get(c.businessId)!, c.waId));
  }

  /**
   * The events of many contacts in one query per slice (the dispatcher re-checks a whole batch at once): element i
   * of the answer holds the events of contacts[i], oldest first. Looked up by salted hash, so that an erased
   * contact's pseudonymised history still counts.
   */
  async function eventsOfMany(contacts: readonly ContactKey[]): Promise<ConsentEvent[][]> {
    const hashes = await hashesOf(contacts);
    const found = new Map<string, ConsentEvent[]>();
    const businessIds = distinct(contacts.map((c) => c.businessId));
    for (const part of slices(distinct(hashes), LOOKUP_SLICE)) {
      const rows = await k
        .selectFrom('consent_events')
        .selectAll()
        .where('business_id', 'in', businessIds)
        .where('contact_hash', 'in', part)
        .orderBy('occurred_at')
        .orderBy('recorded_at')
        .orderBy('seq')
        .execute();
      for (const r of rows) {
        const key = `${r.business_id} ${r.contact_hash}`;
        const list = found.get(key);
        if (list) list.push(toEvent(r));
        else found.set(key, [toEvent(r)]);
      }
    }
    return contacts.map((c, i) => found.get(`${c.businessId} ${hashes[i]}`) ?? []);
  }

  /** Takes the business's chain head for this transaction: appends of one business never interleave. */
  async function lockHead(trx: Trx, businessId: string, now: number): Promise<{ seq: number; hash: string }> {
    // The insert is a write, so on SQLite it takes the database's write lock before we read the head; on
    // PostgreSQL the row lock below serialises writers of the same business and leaves other businesses alone.
    await trx
      .insertInto('consent_chain_heads')
      .values({ business_id: businessId, seq: 0, hash: GENESIS_HASH, updated_at: now })
      .onConflict((oc) => oc.column('business_id').doNothing())
      .execute();
    let q = trx
      .selectFrom('consent_chain_heads')
      .select(['seq', 'hash'])
      .where('business_id', '=', businessId);
    if (db.dialect === 'postgres') q = q.forUpdate();
    return q.executeTakeFirstOrThrow();
  }

  async function appendIn(trx: Trx, e: NewConsentEvent, salt: string, now: number): Promise<ConsentEvent[]> {
    const head = await lockHead(trx, e.businessId, now);
    // Through JSON first: what is hashed must be exactly what a later read parses back, or the chain would "break".
    const { general, personal } = splitEvidence(
      JSON.parse(JSON.stringify(e.evidence)) as Record<string, unknown>,
    );
    const cHash = contactHash(salt, e.waId);
    let { seq, hash: prev } = head;
    const rows: ConsentEventRow[] = [];
    for (const category of e.categories) {
      seq++;
      const nonce = randomSecret(16);
      const fields: ChainedFields = {
        id: newId('cse', now),
        businessId: e.businessId,
        seq,
        contactHash: cHash,
        category,
        categorySet: e.categories,
        action: e.action,
        channel: e.channel,
        wording: e.wording,
        language: e.language ?? null,
        businessName: e.businessName ?? null,
        actor: e.actor,
        evidence: general,
        personalDigest: personalDigest(personal, nonce),
        occurredAt: e.occurredAt,
        recordedAt: now,
      };
      const hash = eventHash(fields, prev);
      rows.push({
        id: fields.id,
        business_id: e.businessId,
        wa_id: e.waId,
        category,
        action: e.action,
        channel: e.channel,
        wording: e.wording,
        actor: e.actor,
        evidence: JSON.stringify(general),
        occurred_at: e.occurredAt,
        recorded_at: now,
        seq,
        prev_hash: prev,
        hash,
        contact_hash: cHash,
        personal: JSON.stringify({ nonce, fields: personal }),
        personal_digest: fields.personalDigest,
        language: fields.language,
        business_name: fields.businessName,
        category_set: JSON.stringify(e.categories),
        pseudonymised_at: null,
      });
      prev = hash;
    }
    if (rows.length === 0) return [];
    await trx.insertInto('consent_events').values(rows).execute();
    await trx
      .updateTable('consent_chain_heads')
      .set({ seq, hash: prev, updated_at: now })
      .where('business_id', '=', e.businessId)
      .execute();
    return rows.map(toEvent);
  }

  return {
    saltOf,
    hashOf,
    /** The server secret that signs preference-center links (settings table, made on first use). */
    linkSecret: () => setting('consent.link_secret', () => randomSecret()),

    /** Appends events at the head of the business's chain, in one transaction. */
    async append(
      e: NewConsentEvent,
      now: number,
      opts: {
        liftSuppression?: boolean;
        /** Runs in the append's transaction (the business event of an opt-out commits with it). */
        inTransaction?: (trx: Transaction<Database>, events: ConsentEvent[]) => Promise<void>;
      } = {},
    ) {
      const salt = await saltOf(e.businessId);
      return k.transaction().execute(async (trx) => {
        const events = await appendIn(trx, e, salt, now);
        if (opts.inTransaction && events.length > 0) await opts.inTransaction(trx, events);
        // A new explicit opt-in lifts an erasure's suppression, in the same transaction as the event that lifts it.
        if (opts.liftSuppression && events.length > 0) {
          await trx
            .updateTable('suppressions')
            .set({ lifted_at: now, lifted_by: events[0]!.id })
            .where('business_id', '=', e.businessId)
            .where('number_hash', '=', contactHash(salt, e.waId))
            .where('lifted_at', 'is', null)
            .execute();
        }
        return events;
      });
    },

    async events(businessId: string, waId: string): Promise<ConsentEvent[]> {
      return (await eventsOfMany([{ businessId, waId }]))[0]!;
    },
    eventsOfMany,

    /** The raw rows of one contact as the chain sees them, with their predecessors' hashes, for a contact check. */
    async chainOfContact(businessId: string, waId: string) {
      const hash = await hashOf(businessId, waId);
      const rows = await k
        .selectFrom('consent_events')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('contact_hash', '=', hash)
        .orderBy('seq')
        .execute();
      const prevSeqs = rows.map((r) => r.seq - 1).filter((s) => s > 0);
      const prevs = new Map<number, string>();
      for (const part of slices(distinct(prevSeqs), LOOKUP_SLICE)) {
        const found = await k
          .selectFrom('consent_events')
          .select(['seq', 'hash'])
          .where('business_id', '=', businessId)
          .where('seq', 'in', part)
          .execute();
        for (const f of found) prevs.set(f.seq, f.hash);
      }
      return rows.map((r) => ({
        event: chainedOf(r),
        predecessorHash: r.seq === 1 ? GENESIS_HASH : (prevs.get(r.seq - 1) ?? null),
      }));
    },

    /** One page of a business's chain in seq order, after `afterSeq`. */
    async chainPage(businessId: string, afterSeq: number, limit = CHAIN_PAGE): Promise<ChainedEvent[]> {
      const rows = await k
        .selectFrom('consent_events')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(chainedOf);
    },

    async head(businessId: string): Promise<{ seq: number; hash: string }> {
      const r = await k
        .selectFrom('consent_chain_heads')
        .select(['seq', 'hash'])
        .where('business_id', '=', businessId)
        .executeTakeFirst();
      return r ?? { seq: 0, hash: GENESIS_HASH };
    },

    async businessIds(): Promise<string[]> {
      return (await k.selectFrom('businesses').select('id').orderBy('created_at').execute()).map((r) => r.id);
    },

    /** The business's categories; the defaults are seeded the first time a business is seen. */
    async categories(businessId: string): Promise<ConsentCategory[]> {
      let rows = await k
        .selectFrom('consent_categories')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('created_at')
        .orderBy('name')
        .execute();
      if (rows.length === 0) {
        await k
          .insertInto('consent_categories')
          .values(
            Object.entries(defaultConsentCategories).map(([name, kind]) => ({
              business_id: businessId,
              name,
              template_category: kind,
              description: null,
              created_at: 0,
            })),
          )
          .onConflict((oc) => oc.columns(['business_id', 'name']).doNothing())
          .execute();
        rows = await k
          .selectFrom('consent_categories')
          .selectAll()
          .where('business_id', '=', businessId)
          .orderBy('created_at')
          .orderBy('name')
          .execute();
      }
      return rows.map((r) => ({
        name: r.name,
        templateCategory: r.template_category as TemplateCategory,
        description: r.description,
      }));
    },

    async addCategory(businessId: string, c: ConsentCategory, now: number): Promise<void> {
      const r = await k
        .insertInto('consent_categories')
        .values({
          business_id: businessId,
          name: c.name,
          template_category: c.templateCategory,
          description: c.description,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['business_id', 'name']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0)
        throw conflict('consent.category_exists', `The category "${c.name}" exists already.`);
    },

    /** The business's own opt-out keywords, or null when it uses the defaults. */
    async keywords(businessId: string): Promise<string[] | null> {
      const r = await k
        .selectFrom('settings')
        .select('value')
        .where('key', '=', `consent.keywords.${businessId}`)
        .executeTakeFirst();
      return r ? (JSON.parse(r.value) as string[]) : null;
    },
    async setKeywords(businessId: string, keywords: string[] | null): Promise<void> {
      const key = `consent.keywords.${businessId}`;
      if (keywords === null) {
        await k.deleteFrom('settings').where('key', '=', key).execute();
        return;
      }
      const value = JSON.stringify(keywords);
      await k
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /** The business's own opt-out classifier thresholds ({act, ask}), or null for the defaults. */
    async optOutThresholds(businessId: string): Promise<{ act: number; ask: number } | null> {
      const r = await k
        .selectFrom('settings')
        .select('value')
        .where('key', '=', `consent.optout_thresholds.${businessId}`)
        .executeTakeFirst();
      return r ? (JSON.parse(r.value) as { act: number; ask: number }) : null;
    },
    async setOptOutThresholds(businessId: string, t: { act: number; ask: number } | null): Promise<void> {
      const key = `consent.optout_thresholds.${businessId}`;
      if (t === null) {
        await k.deleteFrom('settings').where('key', '=', key).execute();
        return;
      }
      const value = JSON.stringify({ act: t.act, ask: t.ask });
      await k
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /** Whether each contact's number is on the suppression list; element i is for keys[i]. */
    async suppressedMany(keys: readonly ContactKey[]): Promise<boolean[]> {
      return (await this.suppressionsMany(keys)).map((s) => s.active);
    },
    /** Each contact's suppression: active, and when a new opt-in last lifted one (element i is for keys[i]). */
    async suppressionsMany(
      keys: readonly ContactKey[],
    ): Promise<{ active: boolean; liftedAt: number | null }[]> {
      const hashes = await hashesOf(keys);
      const found = new Map<string, number | null>();
      const businessIds = distinct(keys.map((c) => c.businessId));
      for (const part of slices(distinct(hashes), LOOKUP_SLICE)) {
        const rows = await k
          .selectFrom('suppressions')
          .select(['business_id', 'number_hash', 'lifted_at'])
          .where('business_id', 'in', businessIds)
          .where('number_hash', 'in', part)
          .execute();
        for (const r of rows) found.set(`${r.business_id} ${r.number_hash}`, r.lifted_at);
      }
      return keys.map((c, i) => {
        const key = `${c.businessId} ${hashes[i]}`;
        if (!found.has(key)) return { active: false, liftedAt: null };
        const liftedAt = found.get(key) ?? null;
        return { active: liftedAt === null, liftedAt };
      });
    },

    /**
     * Erasure, in one transaction: an opt-out of everything is appended, the contact's events are pseudonymised
     * (number replaced by its salted hash, personal evidence deleted; the chain keeps only their digests, so it
     * still verifies), and the salted hash goes on the suppression list.
     */
    async erase(
      e: Omit<NewConsentEvent, 'action' | 'categories' | 'wording'>,
      now: number,
    ): Promise<ConsentEvent[]> {
      const salt = await saltOf(e.businessId);
      const cHash = contactHash(salt, e.waId);
      return k.transaction().execute(async (trx) => {
        const events = await appendIn(
          trx,
          { ...e, action: 'opt_out', categories: ['*'], wording: null },
          salt,
          now,
        );
        await trx
          .updateTable('consent_events')
          .set({ wa_id: `erased:${cHash}`, personal: null, pseudonymised_at: now })
          .where('business_id', '=', e.businessId)
          .where('contact_hash', '=', cHash)
          .execute();
        await trx
          .insertInto('suppressions')
          .values({
            business_id: e.businessId,
            number_hash: cHash,
            reason: 'erasure',
            created_at: now,
            lifted_at: null,
            lifted_by: null,
          })
          .onConflict((oc) =>
            oc
              .columns(['business_id', 'number_hash'])
              .doUpdateSet({ reason: 'erasure', created_at: now, lifted_at: null, lifted_by: null }),
          )
          .execute();
        return events;
      });
    },
  };
}

export type ConsentStore = ReturnType<typeof createConsentStore>;
