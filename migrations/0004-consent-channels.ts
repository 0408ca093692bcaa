// 0004: state of the opt-in channels: pending prompts and confirmations, signed paper forms, and the SMS log.
import { PostgresAdapter, type Kysely } from 'kysely';

// A migration sees the schema as it was then, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  // A question asked on some channel and not answered yet: an in-thread interactive message, an SMS "reply YES",
  // or a website opt-in waiting for its WhatsApp confirmation. The answer is recorded in the ledger, not here.
  await s
    .createTable('consent_prompts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .execute();
  await s
    .createIndex('consent_prompts_contact')
    .on('consent_prompts')
    .columns(['business_id', 'wa_id', 'kind', 'created_at'])
    .execute();
  await s
    .createIndex('consent_prompts_code')
    .on('consent_prompts')
    .columns(['business_id', 'code'])
    .unique()
    .execute();
  // Signed opt-in forms, kept in the database so that every API process (and a backup) has them.
  await s
    .createTable('consent_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('bytes', db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob', (c) =>
      c.notNull(),
    )
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // SMS in and out, deduplicated by the provider's id (providers retry their webhooks too).
  await s
    .createTable('sms_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sms_messages_provider_id', ['business_id', 'direction', 'provider_id'])
    .execute();
}
