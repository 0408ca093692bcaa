// 0008: the team inbox (threads, notes, history, tags, canned replies) and chatbot flows (versions, turns).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The ownership lock: 'bot' or 'human'. A bot turn is recorded only with a conditional update on owner = 'bot'.
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('assignee_agent_id', 'text')
    .addColumn('assignee_team_id', 'text')
    .addColumn('bot_state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addUniqueConstraint('threads_contact', ['business_id', 'phone_number_id', 'wa_id'])
    .execute();
  await db.schema
    .createIndex('threads_business_status')
    .on('threads')
    .columns(['business_id', 'status', 'last_message_at'])
    .execute();
  await db.schema
    .createTable('thread_tags')
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_tags_pk', ['thread_id', 'tag'])
    .execute();
  await db.schema.createIndex('thread_tags_tag').on('thread_tags').columns(['business_id', 'tag']).execute();
  await db.schema
    .createTable('thread_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('thread_notes_thread')
    .on('thread_notes')
    .columns(['thread_id', 'id'])
    .execute();
  await db.schema
    .createTable('thread_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('thread_history_thread')
    .on('thread_history')
    .columns(['thread_id', 'id'])
    .execute();
  // Who wrote each outbound message of a thread (bot, agent, API): the messages table does not know.
  await db.schema
    .createTable('thread_outbound')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('canned_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('canned_replies_shortcut', ['business_id', 'shortcut'])
    .execute();
  await db.schema
    .createTable('bot_flows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activated_at', 'bigint')
    .addUniqueConstraint('bot_flows_version', ['business_id', 'version'])
    .execute();
  // One row per inbound message the bot answered: the turn's replies, so that a retried webhook re-sends the same.
  await db.schema
    .createTable('bot_turns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('wamid', 'text', (c) => c.notNull().unique())
    .addColumn('replies', 'text', (c) => c.notNull())
    .addColumn('handoff', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
