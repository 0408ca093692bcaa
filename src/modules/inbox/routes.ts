// HTTP for the team inbox: /v1/threads (list, detail, assign, notes, reply, handoff, resolve, sendable) and canned replies.
import { Type } from 'typebox';
import { actorOf, businessOf, type Actor } from '../../adapters/http/auth.ts';
import { InteractiveBody, TemplateSendBody, TEXT_MAX_LENGTH } from '../../adapters/http/schemas.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import type { OutboundMessage } from '../messages/index.ts';
import type { Inbox } from './index.ts';
import { inboundText, threadStatuses, windowView, type Thread } from './model.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
export const actorName = (a: Actor) => (a.kind === 'user' ? `user:${a.userId}` : `api_key:${a.keyId}`);

function threadView(t: Thread, lastInboundAt: number | null, contactName: string | null, now: number) {
  return {
    id: t.id,
    contact: { phone: `+${t.waId}`, name: contactName },
    phoneNumberId: t.phoneNumberId,
    status: t.status,
    owner: t.owner,
    assignee: { agentId: t.assigneeAgentId, teamId: t.assigneeTeamId },
    tags: t.tags,
    window: windowView(lastInboundAt, now),
    lastMessageAt: iso(t.lastMessageAt),
    createdAt: iso(t.createdAt),
    resolvedAt: iso(t.resolvedAt),
  };
}

/** The words an outbound message shows, for the thread view (text, template name, interactive body). */
function outboundText(request: string): string | null {
  const r = JSON.parse(request) as {
    text?: string;
    template?: { name: string };
    interactive?: { body?: { text?: string } };
  };
  return r.text ?? r.interactive?.body?.text ?? (r.template ? `[template ${r.template.name}]` : null);
}

/** The accepted message, as POST /v1/messages shows it (the essentials; GET /v1/messages/{id} has the rest). */
const messageView = (m: OutboundMessage) => ({
  id: m.id,
  status: m.status,
  to: `+${m.toWaId}`,
  kind: m.kind,
  category: m.category,
  template: m.templateName ? { name: m.templateName, language: m.templateLanguage } : null,
  createdAt: iso(m.createdAt),
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function registerInboxRoutes(app: HttpServer, deps: { inbox: Inbox; now: () => number }): void {
  const { inbox } = deps;
  const tags = ['inbox'];
  /** A changed thread as GET /v1/threads/{id} shows it: with its real window and contact name. */
  const viewOf = async (t: Thread, now: number) => {
    const c = await inbox.context(t);
    return threadView(t, c.lastInboundAt, c.contactName, now);
  };

  app.get(
    '/v1/threads',
    {
      schema: {
        tags,
        summary:
          'Threads, newest activity first; filter by status, assignee (agent or team id, or "none"), tag, and search q',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(threadStatuses.map((s) => Type.Literal(s)))),
          assignee: Type.Optional(Type.String({ maxLength: 64 })),
          tag: Type.Optional(Type.String({ maxLength: 40 })),
          q: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'Contact phone or name, message text, or tag',
            }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
      },
    },
    async (request) => {
      const b = businessOf(request);
      const q = request.query;
      const now = deps.now();
      const rows = await inbox.list(b.id, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.assignee ? { assignee: q.assignee } : {}),
        ...(q.tag ? { tag: q.tag.toLowerCase() } : {}),
        ...(q.q ? { q: q.q } : {}),
        limit: q.limit ?? 50,
      });
      return { data: rows.map((r) => threadView(r.thread, r.lastInboundAt, r.contactName, now)) };
    },
  );

  app.get(
    '/v1/threads/:id',
    {
      schema: {
        tags,
        summary: 'A thread with its messages (both ways), notes and history',
        params: IdParams,
      },
    },
    async (request) => {
      const now = deps.now();
      const d = await inbox.detail(businessOf(request).id, request.params.id);
      const messages = [
        ...d.messages.inbound.map((m) => ({
          direction: 'inbound' as const,
          id: m.id,
          wamid: m.wamid,
          type: m.type,
          text: inboundText(m.text, m.payload),
          at: iso(m.sent_at)!,
        })),
        ...d.messages.outbound.map((m) => ({
          direction: 'outbound' as const,
          id: m.id,
          type: m.kind,
          text: outboundText(m.request),
          status: m.status,
          author: d.messages.authorOf.get(m.id) ?? 'api',
          at: iso(m.created_at)!,
        })),
      ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return {
        ...threadView(d.thread, d.lastInboundAt, d.contactName, now),
        messages,
        notes: d.notes.map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
        history: d.history.map((h) => ({ ...h, occurredAt: iso(h.occurredAt) })),
      };
    },
  );

  app.patch(
    '/v1/threads/:id',
    {
      schema: {
        tags,
        summary: 'Set the status (open, pending) or the tags',
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('pending')])),
            tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const b = businessOf(request);
      const now = deps.now();
      const t = await inbox.patch(b.id, request.params.id, request.body, actorName(actorOf(request)), now);
      return viewOf(t, now);
    },
  );

  app.post(
    '/v1/threads/:id/assign',
    {
      schema: {
        tags,
        summary:
          'Assign to an agent (user id) and/or a team; null unassigns. Assigning takes the thread from the bot.',
        params: IdParams,
        body: Type.Object(
          {
            agentId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
            teamId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const now = deps.now();
      const t = await inbox.assign(
        businessOf(request).id,
        request.params.id,
        request.body,
        actorName(actorOf(request)),
        now,
      );
      return viewOf(t, now);
    },
  );

  app.post(
    '/v1/threads/:id/notes',
    {
      schema: {
        tags,
        summary: 'An internal note (never sent to the customer)',
        params: IdParams,
        body: Type.Object(
          { text: Type.String({ minLength: 1, maxLength: 4000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const n = await inbox.addNote(
        businessOf(request).id,
        request.params.id,
        request.body.text,
        actorName(actorOf(request)),
        deps.now(),
      );
      return reply.code(201).send({ ...n, createdAt: iso(n.createdAt) });
    },
  );

  app.post(
    '/v1/threads/:id/reply',
    {
      schema: {
        tags,
        summary:
          'Reply as an agent (text, canned reply, template or interactive); the policy decides, and a closed window answers with the templates allowed instead',
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: Type.Object(
          {
            text: Type.Optional(Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH })),
            cannedReplyId: Type.Optional(Type.String({ maxLength: 64 })),
            template: Type.Optional(TemplateSendBody),
            interactive: Type.Optional(InteractiveBody),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const body = request.body as Parameters<Inbox['reply']>[2];
      const { message, replayed } = await inbox.reply(
        businessOf(request).id,
        request.params.id,
        body,
        actorName(actorOf(request)),
        typeof key === 'string' ? key : undefined,
        deps.now(),
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(202).send(messageView(message));
    },
  );

  // Handoff and resolve take no body: the thread moves between the bot and people.
  const ownerChanges = [
    ['handoff', 'Hand the thread to people now (the bot falls silent)'],
    ['resolve', 'Resolve the thread; the bot answers the next message again'],
  ] as const;
  for (const [action, summary] of ownerChanges)
    app.post(
      `/v1/threads/:id/${action}`,
      { schema: { tags, summary, params: IdParams } },
      async (request) => {
        const now = deps.now();
        const t = await inbox[action](
          businessOf(request).id,
          request.params.id,
          actorName(actorOf(request)),
          now,
        );
        return viewOf(t, now);
      },
    );

  app.get(
    '/v1/threads/:id/sendable',
    {
      schema: {
        tags,
        summary: 'What may be sent now: the window, free-form or not, and the templates this contact may get',
        params: IdParams,
      },
    },
    async (request) => inbox.sendable(businessOf(request).id, request.params.id, deps.now()),
  );

  // Canned replies.
  const cannedView = (c: Awaited<ReturnType<Inbox['cannedGet']>>) => ({
    ...c,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  });
  const CannedBody = {
    shortcut: Type.String({ minLength: 1, maxLength: 41 }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    text: Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH }),
  };
  app.get(
    '/v1/canned-replies',
    {
      schema: {
        tags,
        summary: 'Canned replies, by shortcut; q searches shortcut, title and text',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
      },
    },
    async (request) => ({
      data: (await inbox.cannedList(businessOf(request).id, request.query.q)).map(cannedView),
    }),
  );
  app.post(
    '/v1/canned-replies',
    {
      schema: {
        tags,
        summary: 'Create a canned reply',
        body: Type.Object(
          { shortcut: CannedBody.shortcut, title: Type.Optional(CannedBody.title), text: CannedBody.text },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(cannedView(await inbox.cannedCreate(businessOf(request).id, request.body, deps.now()))),
  );
  app.get(
    '/v1/canned-replies/:id',
    { schema: { tags, summary: 'A canned reply', params: IdParams } },
    async (request) => cannedView(await inbox.cannedGet(businessOf(request).id, request.params.id)),
  );
  app.patch(
    '/v1/canned-replies/:id',
    {
      schema: {
        tags,
        summary: 'Change a canned reply',
        params: IdParams,
        body: Type.Object(
          {
            shortcut: Type.Optional(CannedBody.shortcut),
            title: Type.Optional(CannedBody.title),
            text: Type.Optional(CannedBody.text),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      cannedView(
        await inbox.cannedUpdate(businessOf(request).id, request.params.id, request.body, deps.now()),
      ),
  );
  app.delete(
    '/v1/canned-replies/:id',
    { schema: { tags, summary: 'Delete a canned reply', params: IdParams } },
    async (request, reply) => {
      await inbox.cannedDelete(businessOf(request).id, request.params.id);
      return reply.code(204).send();
    },
  );
}
