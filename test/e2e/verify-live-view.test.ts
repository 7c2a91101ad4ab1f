import { afterEach, describe, expect, test, vi } from 'vitest';
import { type LearnerWorkspace, learnerWorkspace } from './learner-workspace.ts';
import { leftoverProcesses } from './leftover-processes.ts';
import { TerminalSession } from './terminal-session.ts';

const SPINNER = '[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]';
const RUN_MS = 180_000;

// Several whole runs per test on a shared 2-core machine: the waits inside carry the real limits.
vi.setConfig({ testTimeout: 600_000 });
let terminal: TerminalSession | undefined;
let workspace: LearnerWorkspace | undefined;
afterEach(async () => {
  await terminal?.dispose();
  workspace?.remove();
  terminal = workspace = undefined;
});

function verify(from: Parameters<typeof learnerWorkspace>[0]) {
  workspace = learnerWorkspace(from);
  terminal = new TerminalSession(['verify', '1'], { LAB_WORKSPACE: workspace.root });
  return { lab: terminal, ws: workspace };
}

describe('the live view of lab verify in a terminal', () => {
  test('criteria go from pending to running to ✓ with their durations; exit 0', async () => {
    const { lab, ws } = verify('solution');
    await lab.waitFor(/^lab verify 1 · Fake CLI used by lab's own tests · .*01-fake-cli$/m);
    await lab.waitFor(/^· R1 Answers 42$/m, { ever: true });
    await lab.waitFor(new RegExp(`^${SPINNER} R\\d .* \\d+\\.\\d s$`, 'm'), { timeoutMs: RUN_MS, ever: true });
    expect((await lab.exited).exitCode).toBe(0);
    const screen = lab.screen();
    for (const row of [
      'R1 Answers 42 \\(required, 10 pts\\)',
      'R2 Gets only the contract env \\(required, 20 pts\\)',
      'R4 Exit code \\(required, 10 pts\\)',
      'B3 Bonus three \\(bonus, 10 pts\\)',
    ]) {
      expect(screen).toMatch(new RegExp(`^✓ ${row} \\d+\\.\\d s$`, 'm'));
    }
    // The live rows were redrawn in place: each criterion shows once, no spinner is left behind.
    expect(screen.match(/^. R1 Answers 42/gm)).toHaveLength(1);
    expect(screen).not.toMatch(new RegExp(SPINNER));
    expect(screen).toMatch(/PASSED: required 4\/4, bonus 3\/3, 80\/80 points in \d+\.\d s/);
    expect(leftoverProcesses({ sessionId: lab.pid, folder: ws.program })).toEqual([]);
  });

  test('a failing program: ✗ rows, then what failed and the last lines of its output; exit 1', async () => {
    const { lab } = verify('starter');
    expect((await lab.exited).exitCode).toBe(1);
    const screen = lab.screen();
    expect(screen).toMatch(/^✗ R1 Answers 42 \(required, 10 pts\) \d+\.\d s$/m);
    expect(screen).toMatch(/^✗ B1 Bonus answer \(bonus, 10 pts\) \d+\.\d s$/m);
    expect(screen).toMatch(
      /R1 Answers 42 failed:\n[\s\S]*last lines of your program:\n\s+\[your program\] not implemented yet/,
    );
    expect(screen).toMatch(/FAILED: required 0\/4, bonus 0\/3, 0\/80 points/);
    expect(screen).toMatch(/Next: fix R1, re-run `lab verify 1 --only R1`/);
  });
});
