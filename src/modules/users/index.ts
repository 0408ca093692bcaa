// People and access: the public door of users, roles, teams, sessions and the access rules for API keys and people.
export {
  afterFailedLogin,
  decideAccess,
  isValidScope,
  knownScopes,
  lockedForMs,
  loginThrottle,
  normaliseEmail,
  passwordProblem,
  requiredAccess,
  roles,
  scopesAllow,
  ungrantableScopes,
  type Access,
  type AccessDeclaration,
  type AccessDecision,
  type Principal,
  type Role,
  type RouteAccess,
  type ThrottleState,
} from './model.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { createUserStore, type SessionRecord, type Team, type User, type UserStore } from './store.ts';
export { createAccessService, csrfTokenFor, type AccessService, type LoginResult } from './access.ts';
