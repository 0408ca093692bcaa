// 0012: rate cards imported per business (the shipped defaults live in code) and the cost ledger, one row per
// delivered message, priced at the rate in force when it was sent.
import type { Kysely } from 'kysely';

// A migration sees the schema as it was then, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('rate_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    .addColumn('effective_to', 'bigint')
    .addColumn('rates', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createIndex('rate_cards_business')
    .on('rate_cards')
    .columns(['business_id', 'effective_from'])
    .execute();
  await s
    .createTable('cost_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    // One row per message: the unique key makes recording idempotent across webhook retries and workers.
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('campaign_id', 'text')
    .addColumn('wamid', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('market', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('billed_as', 'text', (c) => c.notNull())
    .addColumn('pricing_type', 'text', (c) => c.notNull())
    .addColumn('pricing_model', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('tier_from', 'integer')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .addColumn('rate_card_id', 'text')
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('charged_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createIndex('cost_ledger_volume')
    .on('cost_ledger')
    .columns(['business_id', 'month', 'market', 'billed_as'])
    .execute();
  await s
    .createIndex('cost_ledger_charged')
    .on('cost_ledger')
    .columns(['business_id', 'charged_at'])
    .execute();
  await s.createIndex('cost_ledger_campaign').on('cost_ledger').columns(['campaign_id']).execute();
}
