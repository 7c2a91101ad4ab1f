import type { Redis } from 'ioredis';
import { acquireLock } from './acquire-lock.ts';
import { keys } from './config.ts';
import { startHeartbeat } from './heartbeat.ts';
import type { LockMetrics } from './lock-metrics.ts';
import type { LockStore } from './lock-store.ts';
import { logger } from './logger.ts';
import type { ResourceClient } from './resource-client.ts';
import { recordSection } from './section-stats.ts';

/** POST /run's body. */
export interface RunRequest {
  readonly lock: string;
  readonly iterations: number;
  readonly holdMs: number;
  readonly acquireTimeoutMs: number;
}

/** POST /run's answer: waits and holds of the completed sections, in order. */
export interface RunResult {
  acquired: number;
  failed: number;
  waitMs: number[];
  holdMs: number[];
}

export interface SectionDeps {
  readonly workerId: string;
  readonly prefix: string;
  readonly ttlMs: number;
  /** Tokens, statistics. */
  readonly redis: Redis;
  readonly store: LockStore;
  readonly resource: ResourceClient;
  readonly metrics: LockMetrics;
}

const hold = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** Runs the sections one after another; a failed one is counted and the next one starts. */
export async function runSections(deps: SectionDeps, request: RunRequest): Promise<RunResult> {
  const result: RunResult = { acquired: 0, failed: 0, waitMs: [], holdMs: [] };
  for (let i = 0; i < request.iterations; i++) {
    const section = await runSection(deps, request, i);
    const { lock } = request;
    if (section) {
      result.acquired++;
      result.waitMs.push(section.waitMs);
      result.holdMs.push(section.holdMs);
      deps.metrics.acquisitions.inc({ lock });
      deps.metrics.wait.observe({ lock }, section.waitMs / 1000);
      deps.metrics.hold.observe({ lock }, section.holdMs / 1000);
    } else {
      result.failed++;
      deps.metrics.failures.inc({ lock });
    }
    await recordSection(deps.redis, deps.prefix, { worker: deps.workerId, lock, ok: !!section, ...section });
  }
  return result;
}

/**
 * One section: acquire, take a fencing token, enter, hold (renewing), write, exit, release.
 * `undefined` when it failed; after a 409 or a lost lock it makes no further call under that token.
 */
async function runSection(deps: SectionDeps, request: RunRequest, index: number) {
  const { store, resource, workerId: worker } = deps;
  const started = performance.now();
  const lock = await acquireLock(store, keys(deps.prefix).lock(request.lock), deps.ttlMs, request.acquireTimeoutMs);
  if (!lock) return undefined;
  const granted = performance.now();
  const heartbeat = startHeartbeat(store, lock, deps.ttlMs);
  try {
    const token = await deps.redis.incr(keys(deps.prefix).token(request.lock));
    const call = { worker, lock: request.lock, token };
    await resource.enter(call, heartbeat.signal);
    await hold(request.holdMs, heartbeat.signal);
    await resource.write({ ...call, value: `${worker}#${index}` }, heartbeat.signal);
    await resource.exit(call, heartbeat.signal);
  } catch (error) {
    logger.warn({ worker, lock: request.lock, section: index }, `section failed: ${(error as Error).message}`);
    return undefined;
  } finally {
    heartbeat.stop();
    await store.release(lock.key, lock.value).catch(() => {});
  }
  const released = performance.now();
  return { waitMs: round(granted - started), holdMs: round(released - granted) };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
