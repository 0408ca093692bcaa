// 0002: the history of every template (submissions, reviews, pauses, quality, category changes, sync corrections).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('template_events_template')
    .on('template_events')
    .columns(['template_id', 'occurred_at'])
    .execute();
  await db.schema.alterTable('templates').addColumn('paused_until', 'bigint').execute();
  await db.schema
    .alterTable('templates')
    .addColumn('pause_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
