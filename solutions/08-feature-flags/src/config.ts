/** The contract env of one service instance, read once at start-up. */
export interface Config {
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly jwtSecret: Uint8Array;
  readonly cacheTtlSeconds: number;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the flags service needs it (see the README's contract)`);
  return value;
};

export function readConfig(): Config {
  return {
    port: Number(process.env.PORT ?? 3000),
    databaseUrl: required('DATABASE_URL'),
    redisUrl: required('REDIS_URL'),
    keyPrefix: process.env.KEY_PREFIX ?? '',
    jwtSecret: new TextEncoder().encode(required('JWT_SECRET')),
    cacheTtlSeconds: Number(process.env.CACHE_TTL_SECONDS ?? 5),
  };
}
