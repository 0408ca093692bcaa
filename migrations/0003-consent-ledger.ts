// 0003: the consent ledger's hash chain, business-defined categories, and the suppression list of salted numbers.
import type { Kysely } from 'kysely';
import {
  contactHash,
  eventHash,
  GENESIS_HASH,
  personalDigest,
  randomSecret,
  splitEvidence,
} from '../src/modules/consent/chain.ts';

const defaults: [string, string][] = [
  ['order_updates', 'UTILITY'],
  ['appointment_reminders', 'UTILITY'],
  ['offers', 'MARKETING'],
  ['account_security', 'AUTHENTICATION'],
];

type OldEvent = {
  id: string;
  business_id: string;
  wa_id: string;
  category: string;
  action: string;
  channel: string;
  wording: string | null;
  actor: string;
  evidence: string;
  occurred_at: number;
  recorded_at: number;
};

// A migration sees the schema as it was then, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  const add = (name: string, type: 'text' | 'bigint', dflt?: string | number) =>
    s
      .alterTable('consent_events')
      .addColumn(name, type, (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt)))
      .execute();
  await add('seq', 'bigint', 0);
  await add('prev_hash', 'text', '');
  await add('hash', 'text', '');
  await add('contact_hash', 'text', '');
  await add('personal', 'text');
  await add('personal_digest', 'text', '');
  await add('language', 'text');
  await add('business_name', 'text');
  await add('category_set', 'text', '[]');
  await add('pseudonymised_at', 'bigint');

  await s
    .createTable('consent_chain_heads')
    .addColumn('business_id', 'text', (c) => c.primaryKey().references('businesses.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createTable('consent_categories')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('template_category', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('consent_categories_pk', ['business_id', 'name'])
    .execute();
  await s
    .createTable('suppressions')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('number_hash', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('lifted_at', 'bigint')
    .addColumn('lifted_by', 'text')
    .addPrimaryKeyConstraint('suppressions_pk', ['business_id', 'number_hash'])
    .execute();

  // Existing data: each business gets its salt, its default categories, and a chain over its events in time order.
  const businesses = await db.selectFrom('businesses').select(['id', 'name']).execute();
  for (const b of businesses as { id: string; name: string }[]) {
    const salt = randomSecret();
    await db
      .insertInto('settings')
      .values({ key: `consent.salt.${b.id}`, value: salt })
      .execute();
    const now = Date.now();
    await db
      .insertInto('consent_categories')
      .values(
        defaults.map(([name, kind]) => ({
          business_id: b.id,
          name,
          template_category: kind,
          description: null,
          created_at: now,
        })),
      )
      .execute();
    const events = (await db
      .selectFrom('consent_events')
      .selectAll()
      .where('business_id', '=', b.id)
      .orderBy('occurred_at')
      .orderBy('recorded_at')
      .orderBy('id')
      .execute()) as OldEvent[];
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const e of events) {
      seq++;
      const raw = JSON.parse(e.evidence) as Record<string, unknown>;
      const { businessName, language, ...rest } = raw;
      const { general, personal } = splitEvidence(rest);
      const nonce = randomSecret(16);
      const fields = {
        id: e.id,
        businessId: b.id,
        seq,
        contactHash: contactHash(salt, e.wa_id),
        category: e.category,
        categorySet: [e.category],
        action: e.action,
        channel: e.channel,
        wording: e.wording,
        language: typeof language === 'string' ? language : null,
        businessName: typeof businessName === 'string' ? businessName : null,
        actor: e.actor,
        evidence: general,
        personalDigest: personalDigest(personal, nonce),
        occurredAt: e.occurred_at,
        recordedAt: e.recorded_at,
      };
      const hash = eventHash(fields, prev);
      await db
        .updateTable('consent_events')
        .set({
          seq,
          prev_hash: prev,
          hash,
          contact_hash: fields.contactHash,
          evidence: JSON.stringify(general),
          personal: JSON.stringify({ nonce, fields: personal }),
          personal_digest: fields.personalDigest,
          language: fields.language,
          business_name: fields.businessName,
          category_set: JSON.stringify(fields.categorySet),
        })
        .where('id', '=', e.id)
        .execute();
      prev = hash;
    }
    await db
      .insertInto('consent_chain_heads')
      .values({ business_id: b.id, seq, hash: prev, updated_at: now })
      .execute();
    // Contacts erased before the ledger had a suppression list keep being suppressed, now by salted hash.
    const erased = await db
      .selectFrom('contacts')
      .select(['wa_id', 'erased_at'])
      .where('business_id', '=', b.id)
      .where('erased_at', 'is not', null)
      .execute();
    for (const c of erased as { wa_id: string; erased_at: number }[]) {
      await db
        .insertInto('suppressions')
        .values({
          business_id: b.id,
          number_hash: contactHash(salt, c.wa_id),
          reason: 'erasure',
          created_at: c.erased_at,
          lifted_at: null,
          lifted_by: null,
        })
        .execute();
    }
  }

  await s
    .createIndex('consent_events_chain')
    .on('consent_events')
    .columns(['business_id', 'seq'])
    .unique()
    .execute();
  await s
    .createIndex('consent_events_contact_hash')
    .on('consent_events')
    .columns(['business_id', 'contact_hash'])
    .execute();
}
