/** Everything the service reads from its environment, parsed once at start-up. */
export interface Config {
  readonly port: number;
  readonly databaseUrl: string;
  readonly jwtSecret: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly seedUsers: readonly SeedUser[];
  readonly rateLimitMax: number;
  readonly rateLimitWindowSeconds: number;
  readonly logLevel: string;
}

export type Role = 'admin' | 'editor' | 'viewer';

export interface SeedUser {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
}

const ROLES: readonly string[] = ['admin', 'editor', 'viewer'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set; see the README's contract for what it means`);
    return value;
  };
  const positiveInt = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${raw} must be a positive integer`);
    return value;
  };
  return {
    port: positiveInt('PORT', 3000),
    databaseUrl: required('DATABASE_URL'),
    jwtSecret: required('JWT_SECRET'),
    accessTtlSeconds: positiveInt('ACCESS_TOKEN_TTL_SECONDS', 900),
    refreshTtlSeconds: positiveInt('REFRESH_TOKEN_TTL_SECONDS', 86_400),
    seedUsers: parseSeedUsers(env.SEED_USERS ?? '[]'),
    rateLimitMax: positiveInt('RATE_LIMIT_MAX', 100),
    rateLimitWindowSeconds: positiveInt('RATE_LIMIT_WINDOW_SECONDS', 60),
    logLevel: env.LOG_LEVEL || 'info',
  };
}

function parseSeedUsers(raw: string): SeedUser[] {
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed)) throw new Error('SEED_USERS must be a JSON array of {username, password, role}');
  return parsed.map((user, i) => {
    const { username, password, role } = (user ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string' || !ROLES.includes(String(role))) {
      throw new Error(`SEED_USERS[${i}] must be {username, password, role: admin|editor|viewer}`);
    }
    return { username, password, role: role as Role };
  });
}
