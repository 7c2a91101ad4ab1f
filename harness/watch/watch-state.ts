import type { VerifyResult } from '../grading/verify-result.ts';
import type { HintView } from '../learner/next-hint.ts';
import type { runChannel } from './run-channel.ts';
import type { WatchMode } from './watch-files.ts';

/** One grading run of a watch session, as the view shows it. */
export interface WatchRun {
  /** 1 for the first run, then one more per re-run. */
  readonly number: number;
  /** Why it ran: first run, the files that changed, or the r key. */
  readonly reason: string;
  /** The run this one cancelled, if it interrupted one (a save or r during a run). */
  readonly cancelled?: number;
  readonly state: 'running' | 'done' | 'cancelled' | 'error';
  readonly subscribe: ReturnType<typeof runChannel>['subscribe'];
  readonly result?: VerifyResult;
  /** What went wrong when the run could not grade (program could not start, Docker…), with the next step. */
  readonly error?: string;
}

/** What the view shows under the run: the next hint, the criteria list, or a short note. */
export type WatchPanel =
  | { readonly kind: 'hint'; readonly hint: HintView }
  | { readonly kind: 'list' }
  | { readonly kind: 'note'; readonly text: string };

export interface WatchSnapshot {
  readonly run?: WatchRun;
  /** The last run that finished grading: hints and the list read it while a new run goes on. */
  readonly last?: VerifyResult;
  readonly panel?: WatchPanel;
  readonly mode: WatchMode;
  /** Quitting: the current run and the services are being torn down. */
  readonly stopping: boolean;
}

/** How a session ended: `q`, or Ctrl-C / SIGINT / SIGTERM (exit 130 like every interrupted command). */
export type WatchEnd = 'quit' | 'interrupt';
