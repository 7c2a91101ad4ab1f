import { randomBytes } from 'node:crypto';

export type Role = 'admin' | 'editor' | 'viewer';

export interface SeedUser {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
}

const password = () => randomBytes(9).toString('base64url');

/** The users every instance is started with (SEED_USERS), one per role, fresh passwords per run. */
export const USERS: Readonly<Record<Role, SeedUser>> = {
  admin: { username: 'grader-admin', password: password(), role: 'admin' },
  editor: { username: 'grader-editor', password: password(), role: 'editor' },
  viewer: { username: 'grader-viewer', password: password(), role: 'viewer' },
};
/** A fourth user, so rate limiting can be shown to be per user. */
export const OTHER_VIEWER: SeedUser = { username: 'grader-viewer-2', password: password(), role: 'viewer' };

export const JWT_SECRET = randomBytes(24).toString('base64url');

/** The contract env of one instance (DATABASE_URL comes separately), with overrides for one criterion. */
export function apiEnv(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    JWT_SECRET,
    // R1 shortens it to wait it out; elsewhere a token must not expire in the middle of a check.
    ACCESS_TOKEN_TTL_SECONDS: '900',
    REFRESH_TOKEN_TTL_SECONDS: '600',
    SEED_USERS: JSON.stringify([...Object.values(USERS), OTHER_VIEWER]),
    // High enough that only R4's own instance ever meets the limit.
    RATE_LIMIT_MAX: '100000',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}
