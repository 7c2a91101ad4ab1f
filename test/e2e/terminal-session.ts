import { join } from 'node:path';
import { type IPty, spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { FIXTURES, ROOT } from '../run-lab.ts';

export interface TerminalExit {
  readonly exitCode: number;
  readonly signal?: number;
}

/**
 * The real `lab` executable in a pseudo-terminal, its output rendered by a headless xterm: tests
 * read the screen a user would see (after cursor moves and erasures), not raw escape codes.
 */
export class TerminalSession {
  readonly #pty: IPty;
  readonly #terminal: InstanceType<typeof xterm.Terminal>;
  /** Every screen after each chunk of output was drawn: states that flash by (running) stay provable. */
  readonly screens: string[] = [];
  readonly exited: Promise<TerminalExit>;
  #exit: TerminalExit | undefined;

  constructor(args: readonly string[], env: Record<string, string>, size = { cols: 140, rows: 80 }) {
    this.#terminal = new xterm.Terminal({ ...size, allowProposedApi: true, scrollback: 5000 });
    const inherited = { ...process.env } as Record<string, string>;
    // ink draws only a final frame when it believes it runs in CI: these tests are about the live view.
    for (const name of ['CI', 'GITHUB_ACTIONS', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID']) {
      delete inherited[name];
    }
    this.#pty = spawn(process.execPath, [join(ROOT, 'bin', 'lab.js'), ...args], {
      name: 'xterm-256color',
      ...size,
      cwd: ROOT,
      env: { ...inherited, TERM: 'xterm-256color', LAB_CURRICULUM: join(FIXTURES, 'curriculum'), ...env },
    });
    this.#pty.onData((data) => this.#terminal.write(data, () => this.screens.push(this.screen())));
    this.exited = new Promise((resolve) =>
      this.#pty.onExit((exit) => {
        // Let the terminal draw what arrived last before anyone reads the final screen.
        this.#terminal.write('', () => {
          this.#exit = exit;
          resolve(exit);
        });
      }),
    );
  }

  /** The lab process; the pty made it the leader of a new session (its sid). */
  get pid(): number {
    return this.#pty.pid;
  }

  /** The whole buffer (scrollback and viewport) as text, one line per row, trailing blanks trimmed. */
  screen(): string {
    const buffer = this.#terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\n+$/, '');
  }

  /** Types keys as a user would (`\x03` is Ctrl-C). */
  press(keys: string): void {
    this.#pty.write(keys);
  }

  /**
   * Waits until the screen shows `pattern` (with `ever`, until any screen since the start did),
   * polling; fails with the last screen so a failure shows what the user saw.
   */
  async waitFor(pattern: RegExp, options: { timeoutMs?: number; ever?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (options.ever && this.screens.some((s) => pattern.test(s))) return screen;
      if (this.#exit || Date.now() > deadline) {
        const why = this.#exit ? `lab exited (${JSON.stringify(this.#exit)})` : 'timed out';
        throw new Error(`${why} before the screen showed ${pattern}; last screen:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Ends lab if a test failed midway: SIGTERM first, so its teardown still removes what it started
   * (containers), SIGKILL if it has not exited after `graceMs`. What the tests check is lab's own quit.
   */
  async dispose(graceMs = 30_000): Promise<void> {
    if (!this.#exit) {
      this.#pty.kill('SIGTERM');
      const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([this.exited, timer]);
      if (!this.#exit) this.#pty.kill('SIGKILL');
    }
    this.#terminal.dispose();
  }
}
