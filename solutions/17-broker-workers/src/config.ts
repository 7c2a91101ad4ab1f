/** Everything both processes read from the environment, checked once at start-up. */
export interface Config {
  readonly port: number;
  readonly amqpUrl: string;
  readonly queuePrefix: string;
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly sinkUrl: string;
  readonly workerId: string;
  readonly prefetch: number;
  readonly publishTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryDelaysMs: readonly number[];
  /** How long a worker's claim on a task lives without being refreshed: a dead worker's claim ends then. */
  readonly claimTtlMs: number;
  readonly managementUrl: string | undefined;
}

export class ConfigError extends Error {}

const integer = (env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name}=${raw} is not an integer ≥ ${min}: fix it or unset it (default ${fallback}).`);
  }
  return value;
};

/** RETRY_DELAYS_MS as positive integers, e.g. "1000,2000,4000". */
export function parseDelays(raw: string | undefined, fallback: readonly number[]): readonly number[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  const delays = raw.split(',').map((part) => Number(part.trim()));
  if (delays.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new ConfigError(`RETRY_DELAYS_MS=${raw} must be comma-separated positive integers, e.g. 1000,2000,4000.`);
  }
  return delays;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const amqpUrl = env.RABBITMQ_URL || env.AMQP_URL;
  if (!amqpUrl)
    throw new ConfigError('RABBITMQ_URL is not set: point it at the broker, e.g. amqp://lab:lab@127.0.0.1:5672/');
  return {
    port: integer(env, 'PORT', 3000),
    amqpUrl,
    queuePrefix: env.QUEUE_PREFIX ?? '',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    keyPrefix: env.KEY_PREFIX ?? 'broker-workers:',
    sinkUrl: (env.SINK_URL ?? '').replace(/\/$/, ''),
    workerId: env.WORKER_ID || `worker-${process.pid}`,
    prefetch: integer(env, 'PREFETCH', 10, 1),
    publishTimeoutMs: integer(env, 'PUBLISH_TIMEOUT_MS', 5000, 1),
    maxRetries: integer(env, 'MAX_RETRIES', 3),
    retryDelaysMs: parseDelays(env.RETRY_DELAYS_MS, [250, 500, 1000]),
    claimTtlMs: integer(env, 'CLAIM_TTL_MS', 5000, 100),
    managementUrl: env.RABBITMQ_MANAGEMENT_URL || undefined,
  };
}
