import { render } from 'ink';
import type { LearnerProgram } from '../learner/learner-program.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { WatchSession } from './watch-session.ts';
import type { WatchEnd } from './watch-state.ts';
import { WatchView } from './watch-view.tsx';

export interface RunWatchOptions {
  readonly exercise: Exercise;
  readonly program: LearnerProgram;
  /** The folder as the status line shows it. */
  readonly dir: string;
  readonly poll: boolean;
  readonly debounceMs: number;
  /** SIGINT / SIGTERM from outside the terminal (Ctrl-C itself arrives as a key in raw mode). */
  readonly signal: AbortSignal;
}

/**
 * A whole `lab watch` session on the terminal: the ink view, the keys, the runs. Resolves once the
 * session is over and torn down (no run, no learner process, no service left).
 */
export async function runWatch(options: RunWatchOptions): Promise<WatchEnd> {
  const { exercise, program, dir, poll, debounceMs, signal } = options;
  const session = new WatchSession({ exercise, program, poll, debounceMs });
  const onAbort = () => session.stop('interrupt');
  signal.addEventListener('abort', onAbort, { once: true });
  // Closing the terminal window sends SIGHUP, whose default would kill lab before its teardown.
  process.on('SIGHUP', onAbort);
  const app = render(<WatchView session={session} exercise={exercise} dir={dir} />, { exitOnCtrlC: false });
  try {
    return await session.finished;
  } finally {
    signal.removeEventListener('abort', onAbort);
    process.off('SIGHUP', onAbort);
    app.unmount();
    await app.waitUntilExit();
  }
}
