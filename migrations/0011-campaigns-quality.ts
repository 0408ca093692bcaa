// 0011: campaigns (audience, lifecycle, expansion cursor, thresholds), CSV audience rows, contact tags, the phone
// number's quality as last read, and the campaign a message belongs to.
import type { Kysely } from 'kysely';

// A migration sees the schema as it was then, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('template_name', 'text', (c) => c.notNull())
    .addColumn('template_language', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('thresholds', 'text', (c) => c.notNull())
    .addColumn('budget_cap', 'real')
    .addColumn('start_at', 'bigint')
    .addColumn('audience_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('audience_rejected', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cursor', 'text')
    .addColumn('expanded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expansion_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expansion_lease_until', 'bigint')
    .addColumn('pause_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await s.createIndex('campaigns_business').on('campaigns').columns(['business_id', 'id']).execute();
  await s.createIndex('campaigns_status').on('campaigns').columns(['status']).execute();
  await s
    .createTable('campaign_audience_rows')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_audience_rows_pk', ['campaign_id', 'line'])
    .execute();
  await s
    .createTable('contact_tags')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_tags_pk', ['business_id', 'wa_id', 'tag'])
    .execute();
  await s
    .createIndex('contact_tags_by_tag')
    .on('contact_tags')
    .columns(['business_id', 'tag', 'wa_id'])
    .execute();
  await s
    .createTable('phone_quality')
    .addColumn('phone_number_id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('quality_rating', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('messaging_limit', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.alterTable('messages').addColumn('campaign_id', 'text').execute();
  await s.createIndex('messages_campaign').on('messages').columns(['campaign_id', 'status']).execute();
}
