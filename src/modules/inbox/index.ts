// Inbox: one thread per contact and number, shared by the team and the bot, with the ownership lock between them.
import type { Transaction } from 'kysely';
import type { Database } from '../../adapters/db/index.ts';
import { AppError, conflict, invalidInput, isAppError, notFound } from '../../kernel/errors.ts';
import type { InboundMessage } from '../../wire/webhook.ts';
import {
  initialBotState,
  step,
  type Bots,
  type BotInput,
  type BotReply,
  type BotState,
} from '../bots/index.ts';
import type { ConsentService } from '../consent/index.ts';
import type { ContactStore } from '../contacts/index.ts';
import type { ConversationStore } from '../conversations/index.ts';
import type { NewBusinessEvent } from '../events/index.ts';
import type { MessageService, OutboundMessage, SendMessageInput } from '../messages/index.ts';
import { expectedParameters, type Template } from '../templates/index.ts';
import {
  languageOfCountry,
  normaliseTag,
  windowView,
  type HandoffReason,
  type Thread,
  type ThreadStatus,
} from './model.ts';
import type { InboxStore, ThreadFilter } from './store.ts';

export { createInboxStore, type InboxStore, type CannedReply, type HistoryEntry } from './store.ts';
export { threadStatuses, handoffReasons, windowView, type Thread, type ThreadStatus } from './model.ts';

/** Who may be assigned: a port onto the users module (wired in platform.ts), so the inbox does not read its tables. */
export type Directory = {
  agentExists(businessId: string, id: string): Promise<boolean>;
  teamExists(businessId: string, id: string): Promise<boolean>;
};

export type ThreadReplyInput = {
  text?: string;
  template?: NonNullable<SendMessageInput['template']>;
  interactive?: NonNullable<SendMessageInput['interactive']>;
  cannedReplyId?: string;
};

/** A template the agent may send instead of free-form text: approved and consented to by this contact. */
export type Alternative = {
  name: string;
  language: string;
  category: string;
  consentCategory: string;
  parameters: { header: string[]; body: string[]; buttons: { index: number; variables: string[] }[] };
};

type Publish = (
  events: NewBusinessEvent | readonly NewBusinessEvent[],
  now: number,
  trx?: Transaction<Database>,
) => Promise<void>;

const MAX_NOTE = 4000;
const MAX_CANNED = 4096;

/** What the engine reads from a customer's message. */
export function botInputOf(m: InboundMessage): BotInput {
  if (m.type === 'button')
    return { kind: 'button', payload: m.button?.payload ?? '', text: m.button?.text ?? '' };
  if (m.type === 'interactive') {
    const b = m.interactive?.button_reply;
    if (b) return { kind: 'reply', id: b.id, title: b.title, list: false };
    const l = m.interactive?.list_reply;
    if (l) return { kind: 'reply', id: l.id, title: l.title, list: true };
  }
  return { kind: 'text', text: m.text?.body ?? '' };
}

/** A bot reply as a send: text, reply buttons or a list. */
export function sendInputOf(reply: BotReply, waId: string): SendMessageInput {
  const to = `+${waId}`;
  if (reply.kind === 'text') return { to, text: reply.text };
  if (reply.kind === 'buttons')
    return {
      to,
      interactive: {
        type: 'button',
        body: { text: reply.text },
        action: { buttons: reply.buttons.map((b) => ({ type: 'reply' as const, reply: b })) },
      },
    };
  return {
    to,
    interactive: {
      type: 'list',
      body: { text: reply.text },
      action: { button: reply.button, sections: [{ rows: reply.rows }] },
    },
  };
}

export function createInbox(deps: {
  store: InboxStore;
  bots: Pick<Bots, 'active'>;
  publish: Publish;
  messages: Pick<MessageService, 'send'>;
  conversations: Pick<ConversationStore, 'lastInboundAt' | 'lastInboundAtMany'>;
  contacts: Pick<ContactStore, 'get' | 'getMany'>;
  templates: { list(businessId: string): Promise<Template[]> };
  consent: Pick<ConsentService, 'view'>;
  directory: Directory;
  settings: { maxReplies: number; handoffAfter: number };
  logger?: { warn(o: object, m?: string): void };
}) {
  const { store } = deps;

  async function mustGet(businessId: string, id: string): Promise<Thread> {
    const t = await store.get(businessId, id);
    if (!t) throw notFound('thread.not_found', `No thread ${id}.`);
    return t;
  }

  const threadEvent = (
    t: Thread,
    type: NewBusinessEvent['type'],
    data: Record<string, unknown>,
  ): NewBusinessEvent => ({
    businessId: t.businessId,
    type,
    subject: t.id,
    data: { threadId: t.id, waId: t.waId, ...data },
  });

  /** Hands the thread to people, unless they already own it. Records why in the history; returns whether it moved. */
  async function toHuman(
    t: Thread,
    reason: HandoffReason,
    actor: string,
    now: number,
    extra: {
      status?: ThreadStatus;
      teamId?: string | null;
      agentId?: string | null;
      data?: Record<string, unknown>;
    } = {},
  ): Promise<boolean> {
    return store.transaction(async (trx) => {
      const ok = await store.update(
        trx,
        t.businessId,
        t.id,
        {
          owner: 'human',
          status: extra.status ?? 'open',
          resolved_at: null,
          ...(extra.teamId !== undefined ? { assignee_team_id: extra.teamId } : {}),
          ...(extra.agentId !== undefined ? { assignee_agent_id: extra.agentId } : {}),
        },
        now,
        { onlyIfOwner: 'bot' },
      );
      if (!ok) return false;
      await store.addHistory(
        trx,
        { businessId: t.businessId, threadId: t.id, kind: 'handoff', reason, actor, data: extra.data ?? {} },
        now,
      );
      await deps.publish(
        threadEvent(t, 'thread.handoff', { reason, actor, ...(extra.data ?? {}) }),
        now,
        trx,
      );
      return true;
    });
  }

  async function sendReplies(t: Thread, wamid: string, replies: BotReply[], now: number): Promise<void> {
    for (const [i, reply] of replies.entries()) {
      try {
        // Keyed by the customer's message: a retried webhook sends the same replies once.
        const { message } = await deps.messages.send(
          t.businessId,
          t.phoneNumberId,
          sendInputOf(reply, t.waId),
          `bot:${wamid}:${i}`,
          now,
        );
        await store.addAuthor(t.businessId, t.id, message.id, 'bot', now);
      } catch (e) {
        // A denial (window closed, content) is the policy's decision about this reply, not a processing failure.
        if (!isAppError(e)) throw e;
        deps.logger?.warn({ code: e.code, threadId: t.id }, 'bot reply not sent');
      }
    }
  }

  async function alternatives(businessId: string, waId: string): Promise<Alternative[]> {
    const [templates, consent] = await Promise.all([
      deps.templates.list(businessId),
      deps.consent.view(businessId, waId),
    ]);
    if (consent.suppressed || consent.totalOptOutAt !== null) return [];
    return templates
      .filter((t) => t.status === 'APPROVED' && consent.categories[t.consentCategory]?.state === 'opted_in')
      .map((t) => ({
        name: t.name,
        language: t.language,
        category: t.category,
        consentCategory: t.consentCategory,
        parameters: expectedParameters(t.components),
      }));
  }

  async function windowOf(t: Thread) {
    return deps.conversations.lastInboundAt(t.businessId, t.phoneNumberId, t.waId);
  }

  /** Records a human send on the thread: its author, and the thread claimed for people if the bot had it. */
  async function claimForHuman(
    businessId: string,
    phoneNumberId: string,
    waId: string,
    author: string,
    message: OutboundMessage,
    now: number,
    opts: { claim: boolean } = { claim: true },
  ): Promise<void> {
    const { thread } = await store.ensure(
      { businessId, phoneNumberId, waId },
      JSON.stringify(initialBotState()),
      now,
    );
    await store.addAuthor(businessId, thread.id, message.id, author, now);
    await store.update(undefined, businessId, thread.id, { last_message_at: now }, now);
    if (opts.claim && thread.owner === 'bot')
      await toHuman(thread, 'agent_took_over', author, now, { data: { messageId: message.id } });
  }

  return {
    /**
     * Hears every customer message (after consent's own handling). The thread is created or refreshed; a resolved
     * thread is the bot's again. The bot answers only if it owns the thread, and its turn is recorded with a
     * conditional update on owner = 'bot' before any reply is sent: once people own the thread, it stays silent.
     */
    async onInbound(
      i: { businessId: string; phoneNumberId: string; message: InboundMessage },
      now: number,
      opts: {
        botMayAnswer: boolean;
        /** Flag the message for a person (the opt-out classifier was unsure): a history entry and a tag. */
        flag?: { reason: string; tag: string; data: Record<string, unknown> } | undefined;
      },
    ): Promise<void> {
      const m = i.message;
      if (!m.from || !m.id) return;
      const key = { businessId: i.businessId, phoneNumberId: i.phoneNumberId, waId: m.from };
      const { thread } = await store.ensure(key, JSON.stringify(initialBotState()), now);
      const reopened = thread.status === 'resolved';
      await store.update(
        undefined,
        i.businessId,
        thread.id,
        { last_message_at: now, ...(reopened ? { status: 'bot' as const, resolved_at: null } : {}) },
        now,
      );
      if (reopened)
        await store.addHistory(
          undefined,
          { businessId: i.businessId, threadId: thread.id, kind: 'reopened', actor: 'customer' },
          now,
        );
      const text =
        m.text?.body ??
        m.button?.text ??
        m.interactive?.button_reply?.title ??
        m.interactive?.list_reply?.title ??
        null;
      await deps.publish(
        [
          threadEvent(thread, 'message.received', { wamid: m.id, type: m.type, text }),
          threadEvent(thread, 'thread.updated', {
            status: reopened ? 'bot' : thread.status,
            lastMessageAt: new Date(now).toISOString(),
          }),
        ],
        now,
      );
      if (opts.flag) {
        const flag = opts.flag;
        await store.addHistory(
          undefined,
          {
            businessId: i.businessId,
            threadId: thread.id,
            kind: 'flagged',
            reason: flag.reason,
            actor: 'system',
            data: { wamid: m.id, ...flag.data },
          },
          now,
        );
        const tags = [...new Set([...thread.tags, flag.tag])].slice(0, 20);
        await store.setTags(i.businessId, thread.id, tags);
        await deps.publish(threadEvent(thread, 'thread.updated', { tags, flagged: flag.reason }), now);
      }
      if (!opts.botMayAnswer) return;

      // A redelivered message: the turn was recorded, so send its replies again (their keys make that a no-op).
      const done = await store.turn(m.id);
      if (done) {
        const t = (await store.get(i.businessId, thread.id))!;
        if (t.owner === 'bot') await sendReplies(t, m.id, JSON.parse(done.replies) as BotReply[], now);
        return;
      }
      const active = await deps.bots.active(i.businessId);
      if (!active) return;
      const contact = await deps.contacts.get(i.businessId, m.from);
      for (let attempt = 0; attempt < 3; attempt++) {
        const t = (await store.get(i.businessId, thread.id))!;
        if (t.owner !== 'bot') return;
        const state = JSON.parse(t.botState) as BotState;
        const r = step(active.definition, state, botInputOf(m), now, {
          maxReplies: deps.settings.maxReplies,
          handoffAfter: deps.settings.handoffAfter,
          languageHint: languageOfCountry(contact?.country ?? null),
        });
        // The engine applies the cap itself: it keeps the handoff and closed-hours texts over earlier replies.
        const replies = r.replies;
        // Read before the transaction: on SQLite a query outside it would wait for the one connection it holds.
        const teamId =
          r.handoff?.teamId && (await deps.directory.teamExists(i.businessId, r.handoff.teamId))
            ? r.handoff.teamId
            : undefined;
        const committed = await store.transaction(async (trx) => {
          const ok = await store.update(
            trx,
            i.businessId,
            t.id,
            {
              bot_state: JSON.stringify(r.newState),
              ...(r.handoff
                ? {
                    owner: 'human' as const,
                    status: r.handoff.outsideHours ? ('pending' as const) : ('open' as const),
                    ...(teamId ? { assignee_team_id: teamId } : {}),
                  }
                : {}),
            },
            now,
            { version: t.version, onlyIfOwner: 'bot' },
          );
          if (!ok) return false;
          await store.addTurn(
            trx,
            { businessId: i.businessId, threadId: t.id, wamid: m.id, replies, handoff: r.handoff },
            now,
          );
          if (r.handoff) {
            const data = {
              wamid: m.id,
              ...(r.handoff.keyword ? { keyword: r.handoff.keyword } : {}),
              ...(r.handoff.trigger ? { trigger: r.handoff.trigger } : {}),
              ...(teamId ? { teamId } : {}),
              ...(r.handoff.outsideHours
                ? {
                    outsideHours: true,
                    opensAt:
                      r.handoff.outsideHours.opensAt === null
                        ? null
                        : new Date(r.handoff.outsideHours.opensAt).toISOString(),
                  }
                : {}),
            };
            await store.addHistory(
              trx,
              {
                businessId: i.businessId,
                threadId: t.id,
                kind: 'handoff',
                reason: r.handoff.reason,
                actor: 'bot',
                data,
              },
              now,
            );
            await deps.publish(
              threadEvent(t, 'thread.handoff', { reason: r.handoff.reason, actor: 'bot', ...data }),
              now,
              trx,
            );
          }
          return true;
        });
        if (committed) {
          if (r.dropped > 0)
            deps.logger?.warn(
              { threadId: t.id, dropped: r.dropped },
              'bot replies over the per-message cap dropped',
            );
          await sendReplies(t, m.id, replies, now);
          return;
        }
        // Another turn or a person changed the thread meanwhile: read it again (the owner check above decides).
      }
    },

    claimForHuman,

    /**
     * A message accepted by POST /v1/messages: recorded on the thread. A free-form send (text, interactive, media)
     * is a person answering from another tool inside the window, so it claims the thread; a template is the
     * business's systems notifying (an order update) and must not silence the bot.
     */
    sentElsewhere: (businessId: string, message: OutboundMessage, now: number) =>
      claimForHuman(businessId, message.phoneNumberId, message.toWaId, 'api', message, now, {
        claim: message.kind !== 'template',
      }),

    /** What a thread view needs beyond the thread: the customer's last message (the window) and their name. */
    async context(t: Thread): Promise<{ lastInboundAt: number | null; contactName: string | null }> {
      const [lastInboundAt, contact] = await Promise.all([
        windowOf(t),
        deps.contacts.get(t.businessId, t.waId),
      ]);
      return { lastInboundAt, contactName: contact?.profileName ?? null };
    },

    async list(businessId: string, f: ThreadFilter) {
      const threads = await store.list(businessId, f);
      const [lastInbound, contacts] = await Promise.all([
        deps.conversations.lastInboundAtMany(threads),
        deps.contacts.getMany(threads.map((t) => ({ businessId, waId: t.waId }))),
      ]);
      return threads.map((t, i) => ({
        thread: t,
        lastInboundAt: lastInbound[i] ?? null,
        contactName: contacts[i]?.profileName ?? null,
      }));
    },

    async detail(businessId: string, id: string, limit = 100) {
      const t = await mustGet(businessId, id);
      const [lastInboundAt, contact, msgs, notes, history] = await Promise.all([
        windowOf(t),
        deps.contacts.get(businessId, t.waId),
        store.messages(t, limit),
        store.notes(t.id),
        store.history(t.id),
      ]);
      return {
        thread: t,
        lastInboundAt,
        contactName: contact?.profileName ?? null,
        messages: msgs,
        notes,
        history,
      };
    },

    async assign(
      businessId: string,
      id: string,
      to: { agentId?: string | null; teamId?: string | null },
      actor: string,
      now: number,
    ): Promise<Thread> {
      if (to.agentId === undefined && to.teamId === undefined)
        throw invalidInput('thread.assignee_missing', 'Give agentId, teamId or both (null unassigns).');
      if (to.agentId && !(await deps.directory.agentExists(businessId, to.agentId)))
        throw invalidInput('thread.assignee_unknown', `No user ${to.agentId} in this business.`, {
          agentId: to.agentId,
        });
      if (to.teamId && !(await deps.directory.teamExists(businessId, to.teamId)))
        throw invalidInput('thread.assignee_unknown', `No team ${to.teamId} in this business.`, {
          teamId: to.teamId,
        });
      const t = await mustGet(businessId, id);
      const patch = {
        ...(to.agentId !== undefined ? { assignee_agent_id: to.agentId } : {}),
        ...(to.teamId !== undefined ? { assignee_team_id: to.teamId } : {}),
      };
      // Assigning a person is taking the thread over: the bot must not keep talking to a customer someone handles.
      const assigning = Boolean(to.agentId || to.teamId);
      if (assigning && t.owner === 'bot') await toHuman(t, 'api', actor, now, { data: { assigned: true } });
      await store.update(undefined, businessId, id, patch, now);
      await store.addHistory(
        undefined,
        {
          businessId,
          threadId: id,
          kind: 'assigned',
          actor,
          data: { agentId: to.agentId ?? null, teamId: to.teamId ?? null },
        },
        now,
      );
      const after = await mustGet(businessId, id);
      await deps.publish(
        threadEvent(after, 'thread.updated', {
          assigneeAgentId: after.assigneeAgentId,
          assigneeTeamId: after.assigneeTeamId,
        }),
        now,
      );
      return after;
    },

    async handoff(
      businessId: string,
      id: string,
      actor: string,
      now: number,
      data: Record<string, unknown> = {},
    ): Promise<Thread> {
      const t = await mustGet(businessId, id);
      await toHuman(t, 'api', actor, now, { data });
      return mustGet(businessId, id);
    },

    /** Resolving hands the thread back to the bot, with a fresh conversation state (the language is kept). */
    async resolve(businessId: string, id: string, actor: string, now: number): Promise<Thread> {
      const t = await mustGet(businessId, id);
      if (t.status === 'resolved') return t;
      const state = JSON.parse(t.botState) as BotState;
      await store.transaction(async (trx) => {
        await store.update(
          trx,
          businessId,
          id,
          {
            status: 'resolved',
            owner: 'bot',
            resolved_at: now,
            assignee_agent_id: null,
            assignee_team_id: null,
            bot_state: JSON.stringify(initialBotState(state.language)),
          },
          now,
        );
        await store.addHistory(trx, { businessId, threadId: id, kind: 'resolved', actor }, now);
        await deps.publish(threadEvent(t, 'thread.resolved', { actor }), now, trx);
      });
      return mustGet(businessId, id);
    },

    async patch(
      businessId: string,
      id: string,
      p: { status?: 'open' | 'pending'; tags?: string[] },
      actor: string,
      now: number,
    ): Promise<Thread> {
      const t = await mustGet(businessId, id);
      if (p.tags) {
        const tags = [...new Set(p.tags.map((x) => normaliseTag(x)))];
        if (tags.some((x) => x === null) || tags.length > 20)
          throw invalidInput(
            'thread.tag_invalid',
            'Tags are up to 20 labels of 1 to 40 letters, digits, "-" and "_".',
          );
        await store.setTags(businessId, id, tags as string[]);
      }
      if (p.status && p.status !== t.status) {
        if (t.owner === 'bot') await toHuman(t, 'api', actor, now, { status: p.status });
        else await store.update(undefined, businessId, id, { status: p.status }, now);
        await store.addHistory(
          undefined,
          { businessId, threadId: id, kind: 'status', actor, data: { from: t.status, to: p.status } },
          now,
        );
      }
      const after = await mustGet(businessId, id);
      await deps.publish(
        threadEvent(after, 'thread.updated', { status: after.status, tags: after.tags }),
        now,
      );
      return after;
    },

    async addNote(businessId: string, id: string, text: string, actor: string, now: number) {
      await mustGet(businessId, id);
      if (text.trim() === '' || text.length > MAX_NOTE)
        throw invalidInput('thread.note_invalid', `A note is 1 to ${MAX_NOTE} characters.`);
      return store.addNote(businessId, id, actor, text, now);
    },

    /**
     * An agent's reply: the same send (and policy) as everything else. A denial comes back at once as 422
     * policy.denied with the reasons and, so that the agent can act, the templates this contact may get instead.
     */
    async reply(
      businessId: string,
      id: string,
      body: ThreadReplyInput,
      actor: string,
      idempotencyKey: string | undefined,
      now: number,
    ) {
      const t = await mustGet(businessId, id);
      // Counted as given, before the canned reply is read: text and a canned reply together is ambiguous, not text.
      const given = [body.text, body.cannedReplyId, body.template, body.interactive].filter(
        (x) => x !== undefined,
      ).length;
      if (given !== 1)
        throw invalidInput(
          'thread.reply_invalid',
          'Give exactly one of text, cannedReplyId, template or interactive.',
        );
      let text = body.text;
      if (body.cannedReplyId !== undefined) {
        const c = await store.cannedGet(businessId, body.cannedReplyId);
        if (!c) throw notFound('canned_reply.not_found', `No canned reply ${body.cannedReplyId}.`);
        text = c.text;
      }
      const input: SendMessageInput = {
        to: `+${t.waId}`,
        ...(text !== undefined ? { text } : {}),
        ...(body.template ? { template: body.template } : {}),
        ...(body.interactive ? { interactive: body.interactive } : {}),
      };
      let sent: { message: OutboundMessage; replayed: boolean };
      try {
        sent = await deps.messages.send(businessId, t.phoneNumberId, input, idempotencyKey, now);
      } catch (e) {
        if (isAppError(e) && e.code === 'policy.denied') {
          const details = (e.details ?? {}) as { reasons?: unknown[] };
          throw new AppError('invalid_input', 'policy.denied', e.message, {
            ...details,
            window: windowView(await windowOf(t), now),
            alternatives: await alternatives(businessId, t.waId),
          });
        }
        throw e;
      }
      await claimForHuman(businessId, t.phoneNumberId, t.waId, actor, sent.message, now);
      return sent;
    },

    /** What may be sent now: the window, whether free-form is allowed, and the templates this contact may get. */
    async sendable(businessId: string, id: string, now: number) {
      const t = await mustGet(businessId, id);
      const [lastInboundAt, alts, consent] = await Promise.all([
        windowOf(t),
        alternatives(businessId, t.waId),
        deps.consent.view(businessId, t.waId),
      ]);
      const window = windowView(lastInboundAt, now);
      const optedOutAll =
        consent.totalOptOutAt !== null && (lastInboundAt === null || consent.totalOptOutAt >= lastInboundAt);
      return { window, freeForm: window.open && !consent.suppressed && !optedOutAll, templates: alts };
    },

    // Canned replies.
    cannedList: (businessId: string, q?: string) => store.cannedList(businessId, q),
    async cannedGet(businessId: string, id: string) {
      const c = await store.cannedGet(businessId, id);
      if (!c) throw notFound('canned_reply.not_found', `No canned reply ${id}.`);
      return c;
    },
    async cannedCreate(
      businessId: string,
      c: { shortcut: string; title?: string; text: string },
      now: number,
    ) {
      const shortcut = checkShortcut(c.shortcut);
      checkCannedText(c.text);
      try {
        return await store.cannedInsert(
          businessId,
          { shortcut, title: c.title ?? shortcut, text: c.text },
          now,
        );
      } catch (e) {
        if ((await store.cannedList(businessId)).some((x) => x.shortcut === shortcut))
          throw conflict('canned_reply.shortcut_taken', `The shortcut "${shortcut}" is already used.`);
        throw e;
      }
    },
    async cannedUpdate(
      businessId: string,
      id: string,
      c: { shortcut?: string; title?: string; text?: string },
      now: number,
    ) {
      const current = await this.cannedGet(businessId, id);
      const shortcut = c.shortcut === undefined ? undefined : checkShortcut(c.shortcut);
      if (c.text !== undefined) checkCannedText(c.text);
      if (
        shortcut &&
        shortcut !== current.shortcut &&
        (await store.cannedList(businessId)).some((x) => x.shortcut === shortcut)
      )
        throw conflict('canned_reply.shortcut_taken', `The shortcut "${shortcut}" is already used.`);
      await store.cannedUpdate(
        businessId,
        id,
        {
          ...(shortcut ? { shortcut } : {}),
          ...(c.title !== undefined ? { title: c.title } : {}),
          ...(c.text !== undefined ? { text: c.text } : {}),
        },
        now,
      );
      return this.cannedGet(businessId, id);
    },
    async cannedDelete(businessId: string, id: string) {
      if (!(await store.cannedDelete(businessId, id)))
        throw notFound('canned_reply.not_found', `No canned reply ${id}.`);
    },
  };
}

function checkShortcut(s: string): string {
  const v = s.trim().replace(/^\//, '').toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(v))
    throw invalidInput(
      'canned_reply.shortcut_invalid',
      'A shortcut is 1 to 40 of a-z, 0-9, "-" and "_" (a leading "/" is allowed).',
    );
  return v;
}

function checkCannedText(t: string): void {
  if (t.trim() === '' || t.length > MAX_CANNED)
    throw invalidInput('canned_reply.text_invalid', `The text is 1 to ${MAX_CANNED} characters.`);
}

export type Inbox = ReturnType<typeof createInbox>;
