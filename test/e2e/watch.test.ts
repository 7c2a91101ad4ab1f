import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FIXTURES, runLab } from '../run-lab.ts';
import { type LearnerWorkspace, learnerWorkspace } from './learner-workspace.ts';
import { leftoverProcesses } from './leftover-processes.ts';
import { TerminalSession } from './terminal-session.ts';

const SOLUTION_ANSWER = readFileSync(join(FIXTURES, 'curriculum', 'solutions', '01-fake-cli', 'answer.mjs'), 'utf8');
const STATUS = /watching .*01-fake-cli.* — r re-run · h hint · l list criteria · q quit/;
/** A whole run of the fixture: 8–12 s on this 2-core machine, 25–30 s at load average 20; the rest is margin. */
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

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function watch(
  ws: LearnerWorkspace,
  args: readonly string[] = [],
  env: Record<string, string> = {},
  size?: { cols: number; rows: number },
) {
  workspace = ws;
  terminal = new TerminalSession(['watch', '1', ...args], { LAB_WORKSPACE: ws.root, ...env }, size);
  return terminal;
}

describe('lab watch in a terminal', () => {
  test('grades at once, re-grades on save (not on ignored files), r re-runs, h hints, l lists, q quits leaving nothing', async () => {
    const ws = learnerWorkspace('starter');
    const lab = watch(ws);
    await lab.waitFor(STATUS);
    await lab.waitFor(/run 1 · first run[\s\S]*FAILED: required 0\/4/, { timeoutMs: RUN_MS });
    expect(lab.screen()).toMatch(/✗ R1 Answers 42 \(required, 10 pts\) \d+\.\d s/);

    lab.press('h');
    await lab.waitFor(/Hint for R1 Answers 42 \(1 of 1\)\n1\. Print JSON on stdout/);

    // Saves lab must ignore come first: if one counted, it would start run 2 or be named in its reason.
    mkdirSync(join(ws.program, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(ws.program, 'node_modules', 'dep', 'index.js'), '');
    writeFileSync(join(ws.program, '.answer.mjs.swp'), 'vim swap');
    writeFileSync(join(ws.program, 'answer.mjs~'), 'backup');
    mkdirSync(join(ws.program, 'dist'));
    writeFileSync(join(ws.program, 'dist', 'answer.js'), '');
    writeFileSync(join(ws.program, 'answer.mjs'), SOLUTION_ANSWER);
    const second = await lab.waitFor(/run 2 · .*changed[\s\S]*PASSED: required 4\/4/, { timeoutMs: RUN_MS });
    expect(second).toMatch(/run 2 · answer\.mjs changed\n/);
    expect(second).toMatch(/✓ R1 Answers 42 \(required, 10 pts\) \d+\.\d s/);

    lab.press('l');
    const list = await lab.waitFor(/Criteria, as of the last finished run:/);
    expect(list).toMatch(/✓ B3 Bonus three \(bonus, \d+ pts\) \d+\.\d s\n\s+`answer` output is valid JSON\./);

    lab.press('r');
    await lab.waitFor(/run 3 · r pressed[\s\S]*PASSED: required 4\/4/, { timeoutMs: RUN_MS });
    expect(lab.screen()).not.toMatch(/run 4/);

    lab.press('q');
    expect(await lab.exited).toMatchObject({ exitCode: 0 });
    expect(leftoverProcesses({ sessionId: lab.pid, folder: ws.program })).toEqual([]);
  });

  test('a save during a run cancels it and grades the new code; Ctrl-C quits with 130, nothing left', async () => {
    const marker = 'lab-fixture-hang-orphan';
    const ws = learnerWorkspace({ learner: 'hang' });
    const lab = watch(ws);
    await lab.waitFor(STATUS);
    // The hanging program is running (with its grandchild) once a criterion spins.
    await lab.waitFor(/run 1 · first run[\s\S]*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] R\d/, { timeoutMs: RUN_MS });
    writeFileSync(join(ws.program, 'lab.config.json'), '{ "commands": { "answer": "node hang.mjs" } }\n');
    await lab.waitFor(/run 2 · lab\.config\.json changed · run 1 cancelled\n/, { timeoutMs: RUN_MS });
    await lab.waitFor(/run 2 [\s\S]*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] R\d/, { timeoutMs: RUN_MS });
    // The check below can see them: the hanging program and its grandchild run now.
    const running = () => leftoverProcesses({ sessionId: lab.pid, folder: ws.program, marker });
    await until(() => running().some((p) => p.command.includes(marker)), RUN_MS);
    lab.press('\x03');
    expect(await lab.exited).toMatchObject({ exitCode: 130 });
    expect(lab.screen()).toMatch(/interrupted/);
    expect(leftoverProcesses({ sessionId: lab.pid, folder: ws.program, marker })).toEqual([]);
  });

  test('fits a small terminal; keys typed together all count; polls with LAB_WATCH_POLL=1; SIGHUP tears down', async () => {
    const ws = learnerWorkspace('starter');
    const rows = 30;
    const lab = watch(ws, [], { LAB_WATCH_POLL: '1' }, { cols: 100, rows });
    await lab.waitFor(/watching .* \(polling\) — r re-run/);
    const first = await lab.waitFor(/run 1 · first run[\s\S]*FAILED/, { timeoutMs: RUN_MS });
    // Seven failures in full would not fit: the first is shown (cut if need be), the others named.
    expect(first).toMatch(/R1 Answers 42 failed:\n\s+answer prints 42: your program exited with 1/);
    expect(first).toMatch(/Next: fix R1 and save; h for a hint\. Also failed: R2, R3, R4, B1, B2, B3/);
    expect(first.split('\n').length).toBeLessThanOrEqual(rows);
    lab.press('hl');
    const listed = await lab.waitFor(/Criteria, as of the last finished run:[\s\S]*✗ B3 Bonus three/);
    // h counted too: its hint was revealed (and remembered), then l took the panel.
    expect(JSON.parse(readFileSync(join(ws.program, '.lab', 'hints.json'), 'utf8'))).toEqual({ R1: 1 });
    expect(listed.split('\n').length).toBeLessThanOrEqual(rows);
    writeFileSync(join(ws.program, 'answer.mjs'), SOLUTION_ANSWER);
    await lab.waitFor(/run 2 · answer\.mjs changed[\s\S]*PASSED: required 4\/4/, { timeoutMs: RUN_MS });
    process.kill(lab.pid, 'SIGHUP');
    expect(await lab.exited).toMatchObject({ exitCode: 130 });
    expect(leftoverProcesses({ sessionId: lab.pid, folder: ws.program })).toEqual([]);
  });

  test('refuses to run without a terminal, and says to use lab verify', async () => {
    const run = await runLab(['watch', '1', '--solution']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/lab watch needs an interactive terminal/);
    expect(run.stderr).toMatch(/use `lab verify 1`/);
  });
});
