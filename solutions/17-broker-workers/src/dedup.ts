import type { Redis } from 'ioredis';

/** What a worker may do with a task id: it is done already, it is ours now, or another worker holds it. */
export type ClaimState = 'done' | 'claimed' | 'busy';

// One round trip each: the check for done and the claim must be one atomic step, or two workers
// could both see "not done" and both claim.
const BEGIN = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'done' end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
return 'busy'`;
const REFRESH = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const FINISH = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Deduplication of side effects by task id, shared by every worker through Redis (R4). A worker
 * claims an id (a key with a short expiry it keeps refreshing while it works), performs the effect,
 * then marks the id done for a day and drops the claim. A duplicate finds "done" and is skipped; a
 * copy redelivered while another worker works finds "busy" and waits; the claim of a SIGKILLed
 * worker expires after `claimTtlMs`, and the next copy takes over. The one window left open is a
 * crash between the effect and the done-mark: one Redis round trip.
 */
export class Dedup {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly claimTtlMs: number,
    private readonly doneTtlMs = 24 * 3600_000,
  ) {}

  #done = (id: string) => `${this.keyPrefix}task:${id}:done`;
  #claim = (id: string) => `${this.keyPrefix}task:${id}:claim`;

  async begin(id: string, token: string): Promise<ClaimState> {
    return (await this.redis.eval(BEGIN, 2, this.#done(id), this.#claim(id), token, this.claimTtlMs)) as ClaimState;
  }

  /** Extends our claim; false when it is no longer ours (it expired: we were too slow or paused). */
  async refresh(id: string, token: string): Promise<boolean> {
    return (await this.redis.eval(REFRESH, 1, this.#claim(id), token, this.claimTtlMs)) === 1;
  }

  async finish(id: string, token: string): Promise<void> {
    await this.redis.eval(FINISH, 2, this.#done(id), this.#claim(id), token, this.doneTtlMs);
  }

  /** Gives the claim back after a failed attempt, so the retried copy can take it at once. */
  async release(id: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.#claim(id), token);
  }
}
