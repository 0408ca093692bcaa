// Inbox persistence: threads with their ownership lock, tags, notes, history, authors, canned replies, bot turns.
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';
import { visibleTexts, type Thread, type ThreadOwner, type ThreadStatus } from './model.ts';

export type ThreadKey = { businessId: string; phoneNumberId: string; waId: string };
export type ThreadFilter = {
  status?: ThreadStatus;
  assignee?: string;
  q?: string;
  tag?: string;
  limit: number;
};
export type ThreadPatch = Partial<{
  status: ThreadStatus;
  owner: ThreadOwner;
  assignee_agent_id: string | null;
  assignee_team_id: string | null;
  bot_state: string;
  resolved_at: number | null;
  last_message_at: number;
}>;
export type HistoryEntry = {
  id: string;
  kind: string;
  reason: string | null;
  actor: string;
  data: Record<string, unknown>;
  occurredAt: number;
};
export type CannedReply = {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  createdAt: number;
  updatedAt: number;
};

type Trx = Transaction<Database>;

const toThread = (r: Database['threads'], tags: string[]): Thread => ({
  id: r.id,
  businessId: r.business_id,
  phoneNumberId: r.phone_number_id,
  waId: r.wa_id,
  status: r.status as ThreadStatus,
  owner: r.owner as ThreadOwner,
  assigneeAgentId: r.assignee_agent_id,
  assigneeTeamId: r.assignee_team_id,
  botState: r.bot_state,
  version: r.version,
  lastMessageAt: r.last_message_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
  tags,
});

const toCanned = (r: Database['canned_replies']): CannedReply => ({
  id: r.id,
  shortcut: r.shortcut,
  title: r.title,
  text: r.text,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A LIKE pattern that finds `q` anywhere, with the wildcards in `q` taken literally. */
const containsPattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const likeLower = (ref: string, pattern: string) =>
  sql<boolean>`lower(${sql.ref(ref)}) like ${pattern} escape '\\'`;

export function createInboxStore(db: Db) {
  const k = db.kysely;

  async function tagsOf(threadIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (threadIds.length === 0) return map;
    const rows = await k
      .selectFrom('thread_tags')
      .select(['thread_id', 'tag'])
      .where('thread_id', 'in', threadIds)
      .orderBy('tag')
      .execute();
    for (const r of rows) map.set(r.thread_id, [...(map.get(r.thread_id) ?? []), r.tag]);
    return map;
  }

  async function withTags(rows: Database['threads'][]): Promise<Thread[]> {
    const tags = await tagsOf(rows.map((r) => r.id));
    return rows.map((r) => toThread(r, tags.get(r.id) ?? []));
  }

  async function get(businessId: string, id: string): Promise<Thread | undefined> {
    const r = await k
      .selectFrom('threads')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? (await withTags([r]))[0] : undefined;
  }

  async function byContact(key: ThreadKey): Promise<Thread | undefined> {
    const r = await k
      .selectFrom('threads')
      .selectAll()
      .where('business_id', '=', key.businessId)
      .where('phone_number_id', '=', key.phoneNumberId)
      .where('wa_id', '=', key.waId)
      .executeTakeFirst();
    return r ? (await withTags([r]))[0] : undefined;
  }

  return {
    get,
    byContact,
    transaction: <T>(fn: (trx: Trx) => Promise<T>) => k.transaction().execute(fn),

    /** The contact's thread on this number, created (owned by the bot) on first sight. */
    async ensure(
      key: ThreadKey,
      botState: string,
      now: number,
    ): Promise<{ thread: Thread; created: boolean }> {
      const existing = await byContact(key);
      if (existing) return { thread: existing, created: false };
      const r = await k
        .insertInto('threads')
        .values({
          id: newId('thr', now),
          business_id: key.businessId,
          phone_number_id: key.phoneNumberId,
          wa_id: key.waId,
          status: 'bot',
          owner: 'bot',
          assignee_agent_id: null,
          assignee_team_id: null,
          bot_state: botState,
          version: 1,
          last_message_at: now,
          created_at: now,
          updated_at: now,
          resolved_at: null,
        })
        .onConflict((oc) => oc.columns(['business_id', 'phone_number_id', 'wa_id']).doNothing())
        .executeTakeFirst();
      const thread = (await byContact(key))!;
      return { thread, created: Number(r.numInsertedOrUpdatedRows ?? 0) > 0 };
    },

    /**
     * Changes a thread if it is still as the caller saw it (its version) and, with `onlyIfOwner`, still owned by that
     * owner. This conditional update is the ownership lock: a bot turn passes `onlyIfOwner: 'bot'`, so once people
     * own the thread no bot step can write to it, however the two interleave. Returns false when nothing matched.
     */
    async update(
      trx: Trx | undefined,
      businessId: string,
      id: string,
      patch: ThreadPatch,
      now: number,
      cond: { version?: number; onlyIfOwner?: ThreadOwner } = {},
    ): Promise<boolean> {
      let q = (trx ?? k)
        .updateTable('threads')
        .set((eb) => ({ ...patch, updated_at: now, version: eb('version', '+', 1) }))
        .where('business_id', '=', businessId)
        .where('id', '=', id);
      if (cond.version !== undefined) q = q.where('version', '=', cond.version);
      if (cond.onlyIfOwner !== undefined) q = q.where('owner', '=', cond.onlyIfOwner);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async list(businessId: string, f: ThreadFilter): Promise<Thread[]> {
      let q = k.selectFrom('threads').selectAll('threads').where('threads.business_id', '=', businessId);
      if (f.status) q = q.where('threads.status', '=', f.status);
      if (f.assignee === 'none')
        q = q.where('threads.assignee_agent_id', 'is', null).where('threads.assignee_team_id', 'is', null);
      else if (f.assignee)
        q = q.where((eb) =>
          eb.or([
            eb('threads.assignee_agent_id', '=', f.assignee!),
            eb('threads.assignee_team_id', '=', f.assignee!),
          ]),
        );
      if (f.tag)
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('thread_tags')
              .select('thread_tags.tag')
              .whereRef('thread_tags.thread_id', '=', 'threads.id')
              .where('thread_tags.tag', '=', f.tag!),
          ),
        );
      // Outbound messages are stored as their request (JSON): a LIKE finds candidates, then only the words the
      // customer saw count (else "to", "text" or "interactive" would match every thread).
      let sentTo: { waIds: string[]; numbers: string[] } = { waIds: [], numbers: [] };
      if (f.q) {
        const needle = f.q.toLowerCase();
        const candidates = await k
          .selectFrom('messages')
          .select(['to_wa_id', 'phone_number_id', 'request'])
          .where('business_id', '=', businessId)
          .where(likeLower('request', containsPattern(JSON.stringify(f.q).slice(1, -1))))
          .execute();
        const hits = candidates.filter((m) =>
          visibleTexts(m.request).some((t) => t.toLowerCase().includes(needle)),
        );
        sentTo = {
          waIds: [...new Set(hits.map((m) => m.to_wa_id))],
          numbers: [...new Set(hits.map((m) => m.phone_number_id))],
        };
      }
      if (f.q) {
        const pattern = containsPattern(f.q);
        const digits = f.q.replace(/\D/g, '');
        q = q.where((eb) =>
          eb.or([
            ...(digits.length >= 3 ? [eb('threads.wa_id', 'like', `%${digits}%`)] : []),
            eb.exists(
              eb
                .selectFrom('contacts')
                .select('contacts.id')
                .where('contacts.business_id', '=', businessId)
                .whereRef('contacts.wa_id', '=', 'threads.wa_id')
                .where(likeLower('contacts.profile_name', pattern)),
            ),
            eb.exists(
              eb
                .selectFrom('inbound_messages')
                .select('inbound_messages.id')
                .where('inbound_messages.business_id', '=', businessId)
                .whereRef('inbound_messages.wa_id', '=', 'threads.wa_id')
                .whereRef('inbound_messages.phone_number_id', '=', 'threads.phone_number_id')
                .where(likeLower('inbound_messages.text', pattern)),
            ),
            ...(sentTo.waIds.length > 0
              ? [
                  eb.and([
                    eb('threads.wa_id', 'in', sentTo.waIds),
                    eb('threads.phone_number_id', 'in', sentTo.numbers),
                  ]),
                ]
              : []),
            eb.exists(
              eb
                .selectFrom('thread_tags')
                .select('thread_tags.tag')
                .whereRef('thread_tags.thread_id', '=', 'threads.id')
                .where(likeLower('thread_tags.tag', pattern)),
            ),
          ]),
        );
      }
      const rows = await q
        .orderBy('threads.last_message_at', 'desc')
        .orderBy('threads.id', 'desc')
        .limit(f.limit)
        .execute();
      return withTags(rows);
    },

    async setTags(businessId: string, threadId: string, tags: string[]): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx.deleteFrom('thread_tags').where('thread_id', '=', threadId).execute();
        if (tags.length > 0)
          await trx
            .insertInto('thread_tags')
            .values(tags.map((tag) => ({ thread_id: threadId, business_id: businessId, tag })))
            .execute();
      });
    },

    async addHistory(
      trx: Trx | undefined,
      e: {
        businessId: string;
        threadId: string;
        kind: string;
        reason?: string | null;
        actor: string;
        data?: Record<string, unknown>;
      },
      now: number,
    ): Promise<void> {
      await (trx ?? k)
        .insertInto('thread_history')
        .values({
          id: newId('thh', now),
          business_id: e.businessId,
          thread_id: e.threadId,
          kind: e.kind,
          reason: e.reason ?? null,
          actor: e.actor,
          data: JSON.stringify(e.data ?? {}),
          occurred_at: now,
        })
        .execute();
    },
    async history(threadId: string): Promise<HistoryEntry[]> {
      const rows = await k
        .selectFrom('thread_history')
        .selectAll()
        .where('thread_id', '=', threadId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        reason: r.reason,
        actor: r.actor,
        data: JSON.parse(r.data) as Record<string, unknown>,
        occurredAt: r.occurred_at,
      }));
    },

    async addNote(businessId: string, threadId: string, author: string, text: string, now: number) {
      const row = {
        id: newId('note', now),
        business_id: businessId,
        thread_id: threadId,
        author,
        text,
        created_at: now,
      };
      await k.insertInto('thread_notes').values(row).execute();
      return { id: row.id, author, text, createdAt: now };
    },
    async notes(threadId: string) {
      const rows = await k
        .selectFrom('thread_notes')
        .selectAll()
        .where('thread_id', '=', threadId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, author: r.author, text: r.text, createdAt: r.created_at }));
    },

    async addAuthor(businessId: string, threadId: string, messageId: string, author: string, now: number) {
      await k
        .insertInto('thread_outbound')
        .values({
          message_id: messageId,
          business_id: businessId,
          thread_id: threadId,
          author,
          created_at: now,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
    },

    /** The thread's messages, both ways, oldest first (the latest `limit` of each direction). */
    async messages(t: Thread, limit: number) {
      const [inbound, outbound, authors] = await Promise.all([
        k
          .selectFrom('inbound_messages')
          .select(['id', 'wamid', 'type', 'text', 'payload', 'sent_at'])
          .where('business_id', '=', t.businessId)
          .where('phone_number_id', '=', t.phoneNumberId)
          .where('wa_id', '=', t.waId)
          .orderBy('sent_at', 'desc')
          .limit(limit)
          .execute(),
        k
          .selectFrom('messages')
          .select(['id', 'kind', 'request', 'status', 'template_name', 'created_at', 'denial'])
          .where('business_id', '=', t.businessId)
          .where('phone_number_id', '=', t.phoneNumberId)
          .where('to_wa_id', '=', t.waId)
          .orderBy('created_at', 'desc')
          .limit(limit)
          .execute(),
        k
          .selectFrom('thread_outbound')
          .select(['message_id', 'author'])
          .where('thread_id', '=', t.id)
          .execute(),
      ]);
      const authorOf = new Map(authors.map((a) => [a.message_id, a.author]));
      return { inbound, outbound, authorOf };
    },

    async turn(wamid: string) {
      return k.selectFrom('bot_turns').selectAll().where('wamid', '=', wamid).executeTakeFirst();
    },
    async addTurn(
      trx: Trx,
      t: { businessId: string; threadId: string; wamid: string; replies: unknown[]; handoff: unknown },
      now: number,
    ) {
      await trx
        .insertInto('bot_turns')
        .values({
          id: newId('turn', now),
          business_id: t.businessId,
          thread_id: t.threadId,
          wamid: t.wamid,
          replies: JSON.stringify(t.replies),
          handoff: t.handoff === undefined ? null : JSON.stringify(t.handoff),
          created_at: now,
        })
        .execute();
    },

    // Canned replies.
    async cannedList(businessId: string, q?: string): Promise<CannedReply[]> {
      let query = k.selectFrom('canned_replies').selectAll().where('business_id', '=', businessId);
      if (q) {
        const p = containsPattern(q);
        query = query.where((eb) =>
          eb.or([likeLower('shortcut', p), likeLower('title', p), likeLower('text', p)]),
        );
      }
      return (await query.orderBy('shortcut').execute()).map(toCanned);
    },
    async cannedGet(businessId: string, id: string): Promise<CannedReply | undefined> {
      const r = await k
        .selectFrom('canned_replies')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toCanned(r);
    },
    async cannedInsert(
      businessId: string,
      c: { shortcut: string; title: string; text: string },
      now: number,
    ) {
      const row = { id: newId('cr', now), business_id: businessId, ...c, created_at: now, updated_at: now };
      await k.insertInto('canned_replies').values(row).execute();
      return toCanned(row);
    },
    async cannedUpdate(
      businessId: string,
      id: string,
      c: Partial<{ shortcut: string; title: string; text: string }>,
      now: number,
    ) {
      await k
        .updateTable('canned_replies')
        .set({ ...c, updated_at: now })
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .execute();
    },
    async cannedDelete(businessId: string, id: string): Promise<boolean> {
      const r = await k
        .deleteFrom('canned_replies')
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
