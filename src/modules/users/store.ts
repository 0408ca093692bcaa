// Persistence for people and access: users, teams and their members, dashboard sessions, the login throttle.
import type { Db, Database } from '../../adapters/db/index.ts';
import { isUniqueViolation } from '../../adapters/db/index.ts';
import { conflict } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Role, ThrottleState } from './model.ts';

export type User = {
  id: string;
  businessId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
};
export type Team = { id: string; businessId: string; name: string; memberIds: string[]; createdAt: number };
export type SessionRecord = {
  id: string;
  businessId: string;
  businessName: string;
  user: User;
  createdAt: number;
  expiresAt: number;
};

const toUser = (r: Database['users']): User => ({
  id: r.id,
  businessId: r.business_id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createUserStore(db: Db) {
  const k = db.kysely;

  async function membersOf(teamIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0) return out;
    const rows = await k
      .selectFrom('team_members')
      .select(['team_id', 'user_id'])
      .where('team_id', 'in', teamIds)
      .orderBy('added_at')
      .orderBy('user_id')
      .execute();
    for (const r of rows) out.get(r.team_id)?.push(r.user_id);
    return out;
  }

  return {
    async createUser(
      u: { businessId: string; email: string; name: string; role: Role; passwordHash: string },
      now: number,
    ): Promise<User> {
      const row = {
        id: newId('usr', now),
        business_id: u.businessId,
        email: u.email,
        name: u.name,
        role: u.role,
        password_hash: u.passwordHash,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      };
      try {
        await k.insertInto('users').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e))
          throw conflict('user.email_taken', `There is already a user with the email ${u.email}.`);
        throw e;
      }
      return toUser(row);
    },

    async getUser(businessId: string, id: string): Promise<User | undefined> {
      const r = await k
        .selectFrom('users')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toUser(r);
    },

    async listUsers(businessId: string): Promise<User[]> {
      const rows = await k
        .selectFrom('users')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toUser);
    },

    /** Every account with this (normalised) email, across businesses, with its hash: for login only. */
    async credentialsByEmail(email: string): Promise<(User & { passwordHash: string })[]> {
      const rows = await k.selectFrom('users').selectAll().where('email', '=', email).orderBy('id').execute();
      return rows.map((r) => ({ ...toUser(r), passwordHash: r.password_hash }));
    },

    async updateUser(
      businessId: string,
      id: string,
      p: { name?: string; role?: Role; disabled?: boolean; passwordHash?: string },
      now: number,
    ): Promise<User | undefined> {
      const current = await this.getUser(businessId, id);
      if (!current) return undefined;
      await k
        .updateTable('users')
        .set({
          updated_at: now,
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.role !== undefined ? { role: p.role } : {}),
          ...(p.passwordHash !== undefined ? { password_hash: p.passwordHash } : {}),
          ...(p.disabled !== undefined && p.disabled !== current.disabled
            ? { disabled_at: p.disabled ? now : null }
            : {}),
        })
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .execute();
      return this.getUser(businessId, id);
    },

    async createTeam(businessId: string, name: string, now: number): Promise<Team> {
      const row = { id: newId('team', now), business_id: businessId, name, created_at: now };
      try {
        await k.insertInto('teams').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('team.name_taken', `There is already a team named ${name}.`);
        throw e;
      }
      return { id: row.id, businessId, name, memberIds: [], createdAt: now };
    },

    async getTeam(businessId: string, id: string): Promise<Team | undefined> {
      const r = await k
        .selectFrom('teams')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!r) return undefined;
      const members = await membersOf([r.id]);
      return {
        id: r.id,
        businessId: r.business_id,
        name: r.name,
        memberIds: members.get(r.id) ?? [],
        createdAt: r.created_at,
      };
    },

    async listTeams(businessId: string): Promise<Team[]> {
      const rows = await k
        .selectFrom('teams')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('name')
        .execute();
      const members = await membersOf(rows.map((r) => r.id));
      return rows.map((r) => ({
        id: r.id,
        businessId: r.business_id,
        name: r.name,
        memberIds: members.get(r.id) ?? [],
        createdAt: r.created_at,
      }));
    },

    /** Replaces the members in one transaction; the caller has checked that the users are the business's. */
    async setTeamMembers(businessId: string, teamId: string, userIds: string[], now: number): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
        if (userIds.length > 0)
          await trx
            .insertInto('team_members')
            .values(
              userIds.map((userId) => ({
                team_id: teamId,
                user_id: userId,
                business_id: businessId,
                added_at: now,
              })),
            )
            .execute();
      });
    },

    async createSession(
      s: {
        businessId: string;
        userId: string;
        tokenHash: string;
        expiresAt: number;
        userAgent: string | null;
        ip: string | null;
      },
      now: number,
    ): Promise<string> {
      const id = newId('sess', now);
      await k
        .insertInto('sessions')
        .values({
          id,
          business_id: s.businessId,
          user_id: s.userId,
          token_hash: s.tokenHash,
          created_at: now,
          expires_at: s.expiresAt,
          revoked_at: null,
          user_agent: s.userAgent,
          ip: s.ip,
        })
        .execute();
      return id;
    },

    /** A live session (not expired, not revoked, its user enabled) by the hash of its cookie secret. */
    async liveSession(tokenHash: string, now: number): Promise<SessionRecord | undefined> {
      const r = await k
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .innerJoin('businesses', 'businesses.id', 'sessions.business_id')
        .selectAll('users')
        .select([
          'sessions.id as session_id',
          'sessions.created_at as session_created_at',
          'sessions.expires_at',
          'businesses.name as business_name',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', now)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.session_id,
        businessId: r.business_id,
        businessName: r.business_name,
        user: toUser(r),
        createdAt: r.session_created_at,
        expiresAt: r.expires_at,
      };
    },

    async revokeSession(tokenHash: string, now: number): Promise<void> {
      await k
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Ends every session of a user: on disabling, a role change or a new password. */
    async revokeUserSessions(businessId: string, userId: string, now: number): Promise<void> {
      await k
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('business_id', '=', businessId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async throttle(email: string): Promise<ThrottleState | undefined> {
      const r = await k
        .selectFrom('login_throttle')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      return r && { failures: r.failures, windowStartedAt: r.window_started_at, lockedUntil: r.locked_until };
    },

    async putThrottle(email: string, s: ThrottleState): Promise<void> {
      const values = {
        failures: s.failures,
        window_started_at: s.windowStartedAt,
        locked_until: s.lockedUntil,
      };
      await k
        .insertInto('login_throttle')
        .values({ email, ...values })
        .onConflict((oc) => oc.column('email').doUpdateSet(values))
        .execute();
    },

    async clearThrottle(email: string): Promise<void> {
      await k.deleteFrom('login_throttle').where('email', '=', email).execute();
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
