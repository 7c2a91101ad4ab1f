import type { Logger } from 'pino';
import type { KvStore } from './kv-store.ts';
import type { Placement } from './placement.ts';
import type { Router } from './router.ts';

/** Keys per copy-then-delete step: small enough that a step holds its key locks only briefly. */
const BATCH = 100;

export interface RebalanceStatus {
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  readonly moved: number;
  readonly total: number;
  readonly error?: string;
}

/**
 * Moves keys online from one placement to the next: switch the router to the new placement (writes
 * go to new owners, reads fall back to old ones), wait for writes of the old placement to finish,
 * copy-then-delete every key whose owner changed, repeat the scan until nothing is left to move,
 * then stop reading old owners.
 */
export class Rebalancer {
  private status: RebalanceStatus = { state: 'idle', moved: 0, total: 0 };

  constructor(
    private readonly router: Router,
    private readonly store: KvStore,
    private readonly log: Logger,
  ) {}

  report(): RebalanceStatus {
    return this.status;
  }

  running(): boolean {
    return this.status.state === 'running';
  }

  /** Starts moving to `next` in the background; false if a move is already running. */
  start(next: Placement, describe: string): boolean {
    if (this.running()) return false;
    const before = this.router.switchTo({ current: next, previous: this.router.placement().current });
    this.status = { state: 'running', moved: 0, total: 0 };
    this.log.info({ move: describe }, 'rebalancing started');
    void this.run(before, next).then(
      () => {
        this.router.switchTo({ current: next, previous: undefined });
        this.status = { ...this.status, state: 'done' };
        this.log.info({ move: describe, moved: this.status.moved }, 'rebalancing done');
      },
      (error: Error) => {
        // Reads keep falling back to the old owners, so nothing is lost; a new move can resume.
        this.status = { ...this.status, state: 'failed', error: error.message };
        this.log.error({ move: describe, err: error.message }, 'rebalancing failed');
      },
    );
    return true;
  }

  private async run(before: ReturnType<Router['placement']>, next: Placement): Promise<void> {
    await this.router.drained(before);
    const old = before.current;
    for (;;) {
      const work = await this.plan(old, next);
      const count = [...work.values()].reduce((n, keys) => n + keys.length, 0);
      if (count === 0) return;
      this.status = { ...this.status, total: this.status.moved + count };
      for (const [route, keys] of work) {
        const [from, to] = route.split('\u0000') as [string, string];
        for (let i = 0; i < keys.length; i += BATCH) {
          const batch = keys.slice(i, i + BATCH);
          const moved = await this.router.locks.run(batch, () => this.store.move(from, to, batch));
          this.status = { ...this.status, moved: this.status.moved + moved };
        }
      }
    }
  }

  /** Keys to move, grouped by "from\0to": those whose shard is not the one `next` names. */
  private async plan(old: Placement, next: Placement): Promise<Map<string, string[]>> {
    const work = new Map<string, string[]>();
    for (const shard of new Set([...old.shards, ...next.shards])) {
      let after = '';
      for (;;) {
        const keys = await this.store.keysAfter(shard, after, 2000);
        for (const key of keys) {
          const owner = next.ownerOf(key);
          if (owner === shard) continue;
          const route = `${shard}\u0000${owner}`;
          const list = work.get(route);
          if (list) list.push(key);
          else work.set(route, [key]);
        }
        if (keys.length < 2000) break;
        after = keys[keys.length - 1] as string;
      }
    }
    return work;
  }
}
