// HTTP for people and access: sign in and out (session cookie), users, teams and API keys (admins; see model.ts).
import { Type } from 'typebox';
import { actorOf, businessOf, type SessionCookies } from '../../adapters/http/auth.ts';
import { sendError, type HttpServer } from '../../adapters/http/server.ts';
import { AppError, invalidInput, notFound } from '../../kernel/errors.ts';
import type { ApiKeyRecord } from '../tenants/index.ts';
import { csrfTokenFor, type AccessService } from './access.ts';
import { isValidScope, knownScopes, roles, ungrantableScopes, type Principal } from './model.ts';
import type { Team, User, UserStore } from './store.ts';

export type ApiKeyPort = {
  add(businessId: string, label: string, scopes: string[], now: number): Promise<{ id: string; key: string }>;
  list(businessId: string): Promise<ApiKeyRecord[]>;
  revoke(businessId: string, id: string, now: number): Promise<ApiKeyRecord | undefined>;
};

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  createdAt: iso(u.createdAt),
  updatedAt: iso(u.updatedAt),
});
const teamView = (t: Team) => ({
  id: t.id,
  name: t.name,
  memberIds: t.memberIds,
  createdAt: iso(t.createdAt),
});
const keyView = (k: ApiKeyRecord) => ({
  id: k.id,
  label: k.label,
  scopes: k.scopes,
  createdAt: iso(k.createdAt),
  revokedAt: iso(k.revokedAt),
});

const Role = Type.Union(roles.map((r) => Type.Literal(r)));
const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Password = Type.String({ minLength: 1, maxLength: 4096 });

export function registerUserRoutes(
  app: HttpServer,
  deps: {
    access: AccessService;
    store: UserStore;
    apiKeys: ApiKeyPort;
    cookies: SessionCookies;
    now: () => number;
  },
): void {
  const { access, store, cookies, now } = deps;

  app.post(
    '/v1/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['people and access'],
        summary: 'Sign in to the dashboard: sets the session cookie and returns the CSRF token',
        security: [],
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 320 }),
            password: Password,
            businessId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const r = await access.login(
        {
          email: b.email,
          password: b.password,
          ...(b.businessId !== undefined ? { businessId: b.businessId } : {}),
          userAgent: request.headers['user-agent'] ?? null,
          ip: request.ip,
        },
        now(),
      );
      if (!r.ok) {
        if (r.reason === 'throttled') {
          const seconds = Math.ceil(r.retryAfterMs / 1000);
          void reply.header('retry-after', String(seconds));
          return sendError(
            reply,
            429,
            'auth.throttled',
            'Too many failed sign-ins for this email; try again later.',
            { retryAfterSeconds: seconds },
          );
        }
        if (r.reason === 'business_required')
          throw new AppError(
            'conflict',
            'auth.business_required',
            'This email and password belong to several businesses; say which with businessId.',
            { businessIds: r.businessIds },
          );
        throw new AppError('unauthorized', 'auth.invalid_credentials', 'Wrong email or password.');
      }
      cookies.set(reply, r.token, r.session.expiresAt);
      return reply.code(201).send({
        user: userView(r.session.user),
        business: { id: r.session.businessId, name: r.session.businessName },
        csrfToken: r.csrfToken,
        expiresAt: iso(r.session.expiresAt),
      });
    },
  );

  app.get(
    '/v1/session',
    { schema: { tags: ['people and access'], summary: 'Who is signed in (or which API key is calling)' } },
    async (request) => {
      const actor = actorOf(request);
      const business = businessOf(request);
      if (actor.kind === 'api_key')
        return { kind: 'api_key', keyId: actor.keyId, scopes: actor.scopes, business };
      const token = cookies.tokenOf(request)!;
      const session = await access.session(token, now());
      if (!session)
        throw new AppError('unauthorized', 'auth.session_invalid', 'Your session has ended; sign in again.');
      return {
        kind: 'user',
        user: userView(session.user),
        business,
        csrfToken: csrfTokenFor(token),
        expiresAt: iso(session.expiresAt),
      };
    },
  );

  app.delete(
    '/v1/session',
    { schema: { tags: ['people and access'], summary: 'Sign out: the session is revoked at once' } },
    async (request, reply) => {
      if (actorOf(request).kind !== 'user')
        throw invalidInput('session.none', 'Only a signed-in dashboard session can sign out.');
      await access.logout(cookies.tokenOf(request)!, now());
      cookies.clear(reply);
      return { signedOut: true };
    },
  );

  app.post(
    '/v1/users',
    {
      schema: {
        tags: ['people and access'],
        summary: 'Add a person (admin): email unique per business, role admin | agent | viewer',
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 320 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Role,
            password: Password,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const user = await access.addUser(businessOf(request).id, request.body, now());
      return reply.code(201).send(userView(user));
    },
  );

  app.get(
    '/v1/users',
    { schema: { tags: ['people and access'], summary: "The business's people (admin)" } },
    async (request) => ({ data: (await store.listUsers(businessOf(request).id)).map(userView) }),
  );

  app.get(
    '/v1/users/:id',
    { schema: { tags: ['people and access'], summary: 'One person (admin)', params: IdParam } },
    async (request) => {
      const user = await store.getUser(businessOf(request).id, request.params.id);
      if (!user) throw notFound('user.not_found', `No user ${request.params.id}.`);
      return userView(user);
    },
  );

  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags: ['people and access'],
        summary:
          'Change a person (admin): role, name, disabled, password; their sessions end on any but a rename',
        params: IdParam,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Type.Optional(Role),
            disabled: Type.Optional(Type.Boolean()),
            password: Type.Optional(Password),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      userView(await access.updateUser(businessOf(request).id, request.params.id, request.body, now())),
  );

  app.post(
    '/v1/teams',
    {
      schema: {
        tags: ['people and access'],
        summary: 'Add a team for inbox assignment (admin)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            userIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const team = await access.createTeam(
        businessOf(request).id,
        request.body.name,
        request.body.userIds ?? [],
        now(),
      );
      return reply.code(201).send(teamView(team));
    },
  );

  app.get(
    '/v1/teams',
    { schema: { tags: ['people and access'], summary: "The business's teams and their members (admin)" } },
    async (request) => ({ data: (await store.listTeams(businessOf(request).id)).map(teamView) }),
  );

  app.get(
    '/v1/teams/:id',
    { schema: { tags: ['people and access'], summary: 'One team (admin)', params: IdParam } },
    async (request) => {
      const team = await store.getTeam(businessOf(request).id, request.params.id);
      if (!team) throw notFound('team.not_found', `No team ${request.params.id}.`);
      return teamView(team);
    },
  );

  app.put(
    '/v1/teams/:id/members',
    {
      schema: {
        tags: ['people and access'],
        summary: "Replace a team's members (admin)",
        params: IdParam,
        body: Type.Object(
          { userIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      teamView(
        await access.setTeamMembers(businessOf(request).id, request.params.id, request.body.userIds, now()),
      ),
  );

  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['people and access'],
        summary: 'Make an API key with scopes (admin); the key is shown in this answer only',
        body: Type.Object(
          {
            label: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const scopes = [...new Set(request.body.scopes)];
      const invalid = scopes.filter((s) => !isValidScope(s));
      if (invalid.length > 0)
        throw invalidInput('api_key.scope_invalid', `Unknown scopes: ${invalid.join(', ')}.`, {
          invalid,
          known: knownScopes,
        });
      const actor = actorOf(request);
      const granter: Principal =
        actor.kind === 'api_key'
          ? { kind: 'api_key', scopes: actor.scopes }
          : { kind: 'user', role: actor.role };
      const beyond = ungrantableScopes(granter, scopes);
      if (beyond.length > 0)
        throw new AppError(
          'forbidden',
          'auth.scope_missing',
          `A key cannot grant scopes it does not hold: ${beyond.join(', ')}.`,
          { scopes: beyond },
        );
      const created = await deps.apiKeys.add(
        businessOf(request).id,
        request.body.label.trim(),
        scopes,
        now(),
      );
      const record = (await deps.apiKeys.list(businessOf(request).id)).find((k) => k.id === created.id)!;
      return reply.code(201).send({ ...keyView(record), key: created.key });
    },
  );

  app.get(
    '/v1/api-keys',
    { schema: { tags: ['people and access'], summary: "The business's API keys, without secrets (admin)" } },
    async (request) => ({ data: (await deps.apiKeys.list(businessOf(request).id)).map(keyView) }),
  );

  app.delete(
    '/v1/api-keys/:id',
    {
      schema: { tags: ['people and access'], summary: 'Revoke an API key at once (admin)', params: IdParam },
    },
    async (request) => {
      const key = await deps.apiKeys.revoke(businessOf(request).id, request.params.id, now());
      if (!key) throw notFound('api_key.not_found', `No API key ${request.params.id}.`);
      return keyView(key);
    },
  );
}
