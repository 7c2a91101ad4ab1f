import { LabError } from '../errors.ts';
import { gradeProgram, type VerifyEvent } from '../grading/run-grader.ts';
import type { LearnerProgram } from '../learner/learner-program.ts';
import { nextHint } from '../learner/next-hint.ts';
import { saveLastResult } from '../learner/workspace-status.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import type { WarmServers } from '../services/start-services.ts';
import type { ServiceProgress } from '../services/started-service.ts';
import { debounceChanges } from './debounce-changes.ts';
import { type HeldServices, holdWarmServices } from './hold-warm-services.ts';
import { displayPath } from './ignored-path.ts';
import { runChannel } from './run-channel.ts';
import { type FileWatcher, watchFiles } from './watch-files.ts';
import type { WatchEnd, WatchPanel, WatchRun, WatchSnapshot } from './watch-state.ts';

export interface WatchSessionOptions {
  readonly exercise: Exercise;
  readonly program: LearnerProgram;
  readonly poll?: boolean;
  readonly debounceMs: number;
}

/**
 * Grades a program once, then again whenever its files change. A change that arrives while a run
 * is going cancels that run (its teardown completes: learner processes killed, vitest closed) and
 * starts a new one: the old run graded code that no longer exists. Changes during the teardown
 * collapse into that one new run.
 */
export class WatchSession {
  #state: WatchSnapshot;
  readonly #listeners = new Set<() => void>();
  readonly #watcher: FileWatcher;
  readonly #changes: ReturnType<typeof debounceChanges>;
  #pending: string | undefined = 'first run';
  #current: AbortController | undefined;
  #wake: () => void = () => {};
  #end: WatchEnd | undefined;
  #runs = 0;
  #cancelled: number | undefined;
  /** Started by the first run that needs them, stopped when the session ends. */
  #warm: HeldServices | undefined;
  /** Settles when the last run and everything else has been torn down. */
  readonly finished: Promise<WatchEnd>;

  constructor(private readonly options: WatchSessionOptions) {
    this.#changes = debounceChanges(options.debounceMs, (paths) => this.rerun(describeChanges(paths)));
    this.#watcher = watchFiles(options.program.dir, {
      ...(options.poll ? { poll: true } : {}),
      onChange: (path) => this.#changes.add(path),
      onFallback: () => this.#set({ mode: 'poll' }),
    });
    this.#state = { mode: this.#watcher.mode, stopping: false };
    this.finished = this.#loop();
  }

  /** For React's useSyncExternalStore. */
  readonly subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  readonly snapshot = () => this.#state;

  /** Grade again now; cancels the run in progress. */
  rerun(reason: string): void {
    if (this.#end) return;
    this.#pending = reason;
    this.#current?.abort();
    this.#wake();
  }

  /** The next hint of the first criterion that failed in the last finished run. */
  showHint(): void {
    const { last } = this.#state;
    const failed = last?.criteria.find((c) => c.state === 'failed');
    if (!last) this.#show({ kind: 'note', text: 'No result yet: a hint follows the first finished run.' });
    else if (!failed) this.#show({ kind: 'note', text: 'Every graded criterion passes: no hint needed.' });
    else {
      try {
        this.#show({ kind: 'hint', hint: nextHint(this.options.exercise, failed.id) });
      } catch (error) {
        this.#show({ kind: 'note', text: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /** Shows the criteria with their last state, or hides them again. */
  toggleList(): void {
    this.#show(this.#state.panel?.kind === 'list' ? undefined : { kind: 'list' });
  }

  /** Stops watching and cancels the run in progress; `finished` settles once everything is torn down. */
  stop(end: WatchEnd): void {
    if (!this.#end) {
      this.#end = end;
      this.#changes.cancel();
      this.#watcher.close();
      this.#current?.abort();
      this.#set({ stopping: true });
      this.#wake();
    }
  }

  async #loop(): Promise<WatchEnd> {
    try {
      while (!this.#end) {
        const reason = this.#pending;
        if (reason === undefined) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          continue;
        }
        this.#pending = undefined;
        await this.#grade(reason);
      }
      return this.#end;
    } finally {
      await this.#warm?.stop();
    }
  }

  async #grade(reason: string): Promise<void> {
    const { exercise, program } = this.options;
    const abort = new AbortController();
    this.#current = abort;
    const channel = runChannel();
    const run: WatchRun = {
      number: ++this.#runs,
      reason,
      state: 'running',
      subscribe: channel.subscribe,
      ...(this.#cancelled ? { cancelled: this.#cancelled } : {}),
    };
    this.#cancelled = undefined;
    this.#set({ run, ...(this.#state.panel?.kind === 'list' ? {} : { panel: undefined }) });
    try {
      const warm = exercise.services.length > 0 ? await this.#warmServers(abort.signal, channel.send) : undefined;
      // On a warm server a run ends by dropping its keys / database (`dropped`): not worth a line between runs.
      const onEvent = (event: VerifyEvent) => {
        if (event.type !== 'dropped') channel.send(event);
      };
      const result = await gradeProgram({
        exercise,
        program,
        onEvent,
        signal: abort.signal,
        ...(warm ? { warm } : {}),
      });
      if (program.source === 'workspace') saveLastResult(program.dir, result);
      this.#set({ run: { ...run, state: 'done', result }, last: result });
    } catch (error) {
      if (abort.signal.aborted) {
        this.#cancelled = run.number;
        this.#set({ run: { ...run, state: 'cancelled' } });
      } else this.#set({ run: { ...run, state: 'error', error: describeError(error) } });
    } finally {
      this.#current = undefined;
    }
  }

  /** Services stay warm between runs: the first run starts them (its view shows the progress). */
  async #warmServers(signal: AbortSignal, onProgress: (event: ServiceProgress) => void): Promise<WarmServers> {
    this.#warm ??= await holdWarmServices(this.options.exercise.services, { signal, onProgress });
    return this.#warm.servers;
  }

  #show(panel: WatchPanel | undefined): void {
    this.#set({ panel });
  }

  #set(change: Partial<WatchSnapshot>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}

function describeChanges(paths: readonly string[]): string {
  const names = paths.map(displayPath);
  const shown = names.slice(0, 3).join(', ');
  return `${shown}${names.length > 3 ? ` and ${names.length - 3} more` : ''} changed`;
}

function describeError(error: unknown): string {
  if (error instanceof LabError) return `${error.message}${error.options.next ? `\n${error.options.next}` : ''}`;
  return `lab could not grade this run: ${error instanceof Error ? error.message : String(error)}`;
}
