import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { containersWithLabel } from '../services/docker-ps.ts';
import { leftoverProcesses } from './leftover-processes.ts';
import { TerminalSession } from './terminal-session.ts';

// Real containers: needs a Docker engine and lab's offline images (containers/ci-prepare.sh).
const RUN_MS = 180_000;
const FINISHED = /(PASSED|FAILED): required \d\/\d/;
// Several whole runs per test on a shared 2-core machine: the waits inside carry the real limits.
vi.setConfig({ testTimeout: 600_000 });
let terminal: TerminalSession | undefined;
let workspace: string | undefined;
afterEach(async () => {
  await terminal?.dispose();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  terminal = workspace = undefined;
});

test('lab watch starts the Redis container once for all its runs and removes it on q', async () => {
  workspace = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
  const lab = new TerminalSession(['watch', '2', '--solution'], { LAB_WORKSPACE: workspace });
  terminal = lab;
  const ownContainers = () => containersWithLabel(`dev.lab.pid=${lab.pid}`);

  await lab.waitFor(new RegExp(`run 1 · first run[\\s\\S]*${FINISHED.source}`), { timeoutMs: RUN_MS });
  expect(lab.screens.some((s) => /redis: container started in \d+\.\d s/.test(s))).toBe(true);
  const warm = ownContainers();
  expect(warm).toHaveLength(1);

  // While run 2 goes on, no other container of this lab process may appear: it runs on the warm one.
  lab.press('r');
  const seen = new Set<string>();
  const second = new RegExp(`run 2 · r pressed[\\s\\S]*${FINISHED.source}`);
  for (const deadline = Date.now() + RUN_MS; !second.test(lab.screen()); ) {
    if (Date.now() > deadline) await lab.waitFor(second, { timeoutMs: 0 }); // fails, showing the screen
    for (const id of ownContainers()) seen.add(id);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect([...seen]).toEqual(warm);
  expect(lab.screens.filter((s) => s.startsWith('run 2 ')).some((s) => /redis: container started/.test(s))).toBe(false);

  lab.press('q');
  expect(await lab.exited).toMatchObject({ exitCode: 0 });
  expect(ownContainers()).toEqual([]);
  expect(leftoverProcesses({ sessionId: lab.pid, folder: workspace })).toEqual([]);
});
