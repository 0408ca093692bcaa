// 0010: messaging limits and pacing: the business's tier and sending settings, the recipients reached in the rolling
// 24 h (reservations), per-number send slots, per-recipient pair buckets, and per-contact marketing cooldowns.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per business: its messaging-limit tier (Meta's business-portfolio limit) and its sending settings.
  // The row is also what reservations lock on PostgreSQL, so that concurrent workers count one at a time.
  await db.schema
    .createTable('business_limits')
    .addColumn('business_id', 'text', (c) => c.primaryKey().references('businesses.id'))
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('tier_source', 'text', (c) => c.notNull())
    .addColumn('tier_updated_at', 'bigint', (c) => c.notNull())
    .addColumn('frequency_max', 'integer')
    .addColumn('frequency_days', 'integer')
    // 'HH:MM-HH:MM', 'off', or null for the configured default.
    .addColumn('quiet_hours', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // A recipient reached with a business-initiated message: one row per (business, wa_id), reserved_at is the last
  // time they were reached, so a row younger than 24 h is one unit of the tier in use.
  await db.schema
    .createTable('limit_reservations')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('reserved_at', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('limit_reservations_pk', ['business_id', 'wa_id'])
    .execute();
  await db.schema
    .createIndex('limit_reservations_window')
    .on('limit_reservations')
    .columns(['business_id', 'reserved_at'])
    .execute();
  // The next free send slot of a business number, in microseconds of wall-clock time (shared by all workers).
  await db.schema
    .createTable('pacing_numbers')
    .addColumn('phone_number_id', 'text', (c) => c.primaryKey())
    .addColumn('next_slot_us', 'bigint', (c) => c.notNull())
    .execute();
  // Meta's pair rate limit (meta-rules.md#pair-rate) as a token bucket per (business number, recipient).
  await db.schema
    .createTable('pair_buckets')
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('tokens', 'real', (c) => c.notNull())
    .addColumn('refilled_at', 'bigint', (c) => c.notNull())
    .addColumn('blocked_until', 'bigint')
    .addPrimaryKeyConstraint('pair_buckets_pk', ['phone_number_id', 'wa_id'])
    .execute();
  // 131049 (per-user marketing limit): no marketing to this contact until `until`.
  await db.schema
    .createTable('marketing_cooldowns')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('until', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('marketing_cooldowns_pk', ['business_id', 'wa_id'])
    .execute();
  // The frequency cap counts a contact's recent marketing sends; the outbox had no index by recipient.
  await db.schema
    .createIndex('messages_recipient')
    .on('messages')
    .columns(['business_id', 'to_wa_id', 'category'])
    .execute();
}
