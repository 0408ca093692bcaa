// Use cases of people and access: add and change users, teams' members, sign in and out with a session cookie.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { conflict, invalidInput, notFound } from '../../kernel/errors.ts';
import {
  afterFailedLogin,
  lockedForMs,
  normaliseEmail,
  passwordProblem,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type Role,
} from './model.ts';
import { decoyHash, hashPassword, verifyPassword } from './password.ts';
import type { SessionRecord, Team, User, UserStore } from './store.ts';

export type LoginResult =
  | { ok: true; token: string; csrfToken: string; session: SessionRecord }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number }
  | { ok: false; reason: 'business_required'; businessIds: string[] };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The CSRF token of a session, derived from the cookie's secret: only a page that was given it at sign-in (or by
 * GET /v1/session) knows it, and a cross-site form cannot read or guess it. Nothing extra is stored.
 */
export const csrfTokenFor = (sessionToken: string): string =>
  createHmac('sha256', sessionToken).update('greenlight csrf').digest('base64url');

function checkedEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (!email) throw invalidInput('user.email_invalid', `"${raw}" is not an email address.`);
  return email;
}

function checkedPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem === 'too_short')
    throw invalidInput(
      'user.password_too_short',
      `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`,
    );
  if (problem === 'too_long')
    throw invalidInput('user.password_too_long', `A password has at most ${PASSWORD_MAX_LENGTH} characters.`);
  return password;
}

export function createAccessService(deps: { store: UserStore; sessionTtlMs: number }) {
  const { store } = deps;

  async function recordFailure(email: string, now: number): Promise<void> {
    await store.putThrottle(email, afterFailedLogin(await store.throttle(email), now));
  }

  /** The ids, deduplicated, once every one is a user of this business (another business's users are unknown). */
  async function businessUsers(businessId: string, userIds: string[]): Promise<string[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return unique;
    const known = new Set((await store.listUsers(businessId)).map((u) => u.id));
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw invalidInput('team.member_unknown', 'Some users are not users of this business.', {
        userIds: unknown,
      });
    return unique;
  }

  return {
    async addUser(
      businessId: string,
      input: { email: string; name: string; role: Role; password: string },
      now: number,
    ): Promise<User> {
      const email = checkedEmail(input.email);
      const name = input.name.trim();
      if (!name) throw invalidInput('user.name_invalid', 'A user needs a name.');
      const passwordHash = await hashPassword(checkedPassword(input.password));
      return store.createUser({ businessId, email, name, role: input.role, passwordHash }, now);
    },

    async updateUser(
      businessId: string,
      id: string,
      patch: { name?: string; role?: Role; disabled?: boolean; password?: string },
      now: number,
    ): Promise<User> {
      const name = patch.name?.trim();
      if (name === '') throw invalidInput('user.name_invalid', 'A user needs a name.');
      const passwordHash =
        patch.password !== undefined ? await hashPassword(checkedPassword(patch.password)) : undefined;
      const before = await store.getUser(businessId, id);
      if (!before) throw notFound('user.not_found', `No user ${id}.`);
      const after = await store.updateUser(
        businessId,
        id,
        {
          ...(name !== undefined ? { name } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
        },
        now,
      );
      // Sessions carry what the user was allowed when they signed in: end them when that changes.
      if (passwordHash || patch.disabled === true || (patch.role && patch.role !== before.role))
        await store.revokeUserSessions(businessId, id, now);
      return after!;
    },

    async createTeam(businessId: string, name: string, userIds: string[], now: number): Promise<Team> {
      const trimmed = name.trim();
      if (!trimmed) throw invalidInput('team.name_invalid', 'A team needs a name.');
      // Members are checked before the team exists, so that a refused request leaves nothing behind.
      const members = await businessUsers(businessId, userIds);
      const team = await store.createTeam(businessId, trimmed, now);
      if (members.length === 0) return team;
      await store.setTeamMembers(businessId, team.id, members, now);
      return (await store.getTeam(businessId, team.id))!;
    },

    async setTeamMembers(businessId: string, teamId: string, userIds: string[], now: number): Promise<Team> {
      const team = await store.getTeam(businessId, teamId);
      if (!team) throw notFound('team.not_found', `No team ${teamId}.`);
      await store.setTeamMembers(businessId, teamId, await businessUsers(businessId, userIds), now);
      return (await store.getTeam(businessId, teamId))!;
    },

    /**
     * Wrong password, unknown email and disabled account all answer the same, after the same scrypt work, so that
     * the answer does not tell which accounts exist. Failures per email are throttled.
     */
    async login(
      input: {
        email: string;
        password: string;
        businessId?: string;
        userAgent?: string | null;
        ip?: string | null;
      },
      now: number,
    ): Promise<LoginResult> {
      const email = normaliseEmail(input.email) ?? input.email.trim().toLowerCase().slice(0, 254);
      const retryAfterMs = lockedForMs(await store.throttle(email), now);
      if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs };
      const candidates = (await store.credentialsByEmail(email)).filter(
        (u) => !u.disabled && (input.businessId === undefined || u.businessId === input.businessId),
      );
      const password = input.password.slice(0, PASSWORD_MAX_LENGTH * 4);
      if (candidates.length === 0) await verifyPassword(password, await decoyHash());
      const matches: typeof candidates = [];
      for (const c of candidates) if (await verifyPassword(password, c.passwordHash)) matches.push(c);
      if (matches.length === 0) {
        await recordFailure(email, now);
        return { ok: false, reason: 'invalid_credentials' };
      }
      if (matches.length > 1)
        return { ok: false, reason: 'business_required', businessIds: matches.map((m) => m.businessId) };
      const user = matches[0]!;
      await store.clearThrottle(email);
      const token = `gls_${randomBytes(32).toString('base64url')}`;
      await store.createSession(
        {
          businessId: user.businessId,
          userId: user.id,
          tokenHash: sha256(token),
          expiresAt: now + deps.sessionTtlMs,
          userAgent: input.userAgent?.slice(0, 512) ?? null,
          ip: input.ip ?? null,
        },
        now,
      );
      const session = await store.liveSession(sha256(token), now);
      if (!session) throw conflict('auth.session_invalid', 'The session ended as it began; sign in again.');
      return { ok: true, token, csrfToken: csrfTokenFor(token), session };
    },

    session: (token: string, now: number) => store.liveSession(sha256(token), now),
    logout: (token: string, now: number) => store.revokeSession(sha256(token), now),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
