import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';
import type { Access, FencedResource } from './fenced-resource.ts';
import { LOCK_TTL_MS } from './lock-settings.ts';
import { describeRun, postRun, type RunAnswer } from './post-run.ts';

/** What happened to a holder frozen at its write, and to the worker that took over. */
export interface FrozenHolder {
  /** How the scenario was run, for failure messages. */
  readonly story: string;
  readonly holder: StartedLearnerService;
  readonly taker: StartedLearnerService;
  /** The frozen holder's enter and its write (judged after SIGCONT), if they came. */
  readonly holderEnter?: Access;
  readonly staleWrite?: Access;
  /** The taker's accepted enter and write while the holder was frozen, if they came. */
  readonly takerEnter?: Access;
  readonly takerWrite?: Access;
  /** From SIGSTOP to the taker's enter. */
  readonly takeoverMs?: number;
  readonly holderAnswer: RunAnswer | Error;
  readonly takerAnswer: RunAnswer | Error;
}

/**
 * `holder` enters a short section; when its POST /write reaches the resource, lab freezes it with
 * SIGSTOP before judging the write. `taker` (already waiting) gets the lock after the TTL, enters and
 * writes with a newer token; then lab resumes the holder (SIGCONT) and only then judges the held
 * write, as if it had been delayed in the network: its token is stale by now.
 */
export async function freezeHolderAtWrite(
  resource: FencedResource,
  holder: StartedLearnerService,
  taker: StartedLearnerService,
  lock: string,
): Promise<FrozenHolder> {
  const holderBody = { lock, iterations: 1, holdMs: 100, acquireTimeoutMs: 5_000 };
  const takerBody = { lock, iterations: 1, holdMs: 100, acquireTimeoutMs: 4 * LOCK_TTL_MS };
  const story =
    `${describeRun(holder, holderBody)}; once it entered, ${describeRun(taker, takerBody)}; ` +
    `lab froze ${holder.instance} with SIGSTOP when its POST /write arrived (LOCK_TTL_MS=${LOCK_TTL_MS}), waited for ` +
    `${taker.instance} to enter and write, then resumed ${holder.instance} with SIGCONT and judged its held write`;
  const facts: {
    holderEnter?: Access;
    staleWrite?: Access;
    takerEnter?: Access;
    takerWrite?: Access;
    takeoverMs?: number;
  } = {};
  resource.setHook(async (access) => {
    if (access.lock !== lock || access.worker !== holder.instance || access.kind !== 'write' || facts.staleWrite)
      return;
    facts.staleWrite = access;
    const takerEnter = resource.next(
      (a) => a.lock === lock && a.worker === taker.instance && a.kind === 'enter' && a.status === 200,
      3 * LOCK_TTL_MS + 2_000,
    );
    const takerWrite = resource.next(
      (a) => a.lock === lock && a.worker === taker.instance && a.kind === 'write',
      4 * LOCK_TTL_MS + 2_000,
    );
    await holder.pause();
    const pausedAt = performance.now();
    try {
      facts.takerEnter = await takerEnter;
      if (facts.takerEnter) facts.takeoverMs = Math.round(facts.takerEnter.at - pausedAt);
      facts.takerWrite = facts.takerEnter ? await takerWrite : undefined;
    } finally {
      await holder.resume();
    }
  });
  try {
    const holderEnter = resource.next(
      (a) => a.lock === lock && a.worker === holder.instance && a.kind === 'enter',
      10_000,
    );
    const holderAnswer = postRun(holder, holderBody, 30_000).catch((error: Error) => error);
    facts.holderEnter = await holderEnter;
    const takerAnswer = facts.holderEnter
      ? postRun(taker, takerBody, 30_000).catch((error: Error) => error)
      : Promise.resolve(new Error('not sent: the holder never entered'));
    const answers = { holderAnswer: await holderAnswer, takerAnswer: await takerAnswer };
    return { story, holder, taker, ...facts, ...answers };
  } finally {
    resource.setHook(undefined);
  }
}
