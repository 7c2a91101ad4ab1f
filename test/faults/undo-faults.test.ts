import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { containerFault } from '../../harness/faults/container-faults.ts';
import { readFaults, recordFault } from '../../harness/faults/fault-ledger.ts';
import { undoFaults } from '../../harness/faults/undo-faults.ts';
import { killProcessGroup } from '../../harness/learner/run-learner-command.ts';
import type { ServiceInfo } from '../../harness/services/started-service.ts';
import { offlineImagesPresent } from '../services/docker-ps.ts';

const runDir = mkdtempSync(join(tmpdir(), 'lab-undo-'));
const dockerSays = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const state = (id: string) => dockerSays('inspect', '--format', '{{.State.Status}}', id);
const processState = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
let redis: ServiceInfo;

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
  const id = dockerSays(
    'run',
    '-d',
    '--label',
    'dev.lab.managed=true',
    '--label',
    `dev.lab.pid=${process.pid}`,
    // Like every container lab starts: without its host, \`lab doctor --cleanup\` (run by another
    // test file at the same time) takes it for a leftover and removes it mid-test.
    '--label',
    `dev.lab.host=${hostname()}`,
    '-p',
    '127.0.0.1:0:6379',
    'lab/redis:7.0-bookworm',
    'redis-server',
    '--protected-mode',
    'no',
  );
  const port = dockerSays('port', id, '6379').split(':').pop();
  redis = { name: 'redis', mode: 'container', url: `redis://127.0.0.1:${port}`, containerId: id, readyMs: 0 };
});
afterAll(() => {
  execFileSync('docker', ['rm', '-f', redis.containerId ?? ''], { stdio: 'ignore' });
  rmSync(runDir, { recursive: true, force: true });
});

describe('undoFaults(runDir): teardown undoes what graders did', () => {
  test('a run without faults costs nothing and does nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lab-undo-empty-'));
    expect(await undoFaults(empty)).toEqual({
      resumedProcesses: [],
      unpaused: [],
      restarted: [],
      removed: [],
      failed: [],
    });
    rmSync(empty, { recursive: true });
  });

  test('a paused container is unpaused, a stopped one started again; each fault is in the ledger', async () => {
    await containerFault(runDir, redis, 'pause');
    expect(state(redis.containerId ?? '')).toBe('paused');
    expect(await undoFaults(runDir)).toMatchObject({ unpaused: [redis.containerId], failed: [] });
    expect(state(redis.containerId ?? '')).toBe('running');

    const stopped = await containerFault(runDir, redis, 'stop');
    expect(stopped.url).toBeUndefined();
    expect(state(redis.containerId ?? '')).toBe('exited');
    expect(await undoFaults(runDir)).toMatchObject({ restarted: [redis.containerId], failed: [] });
    expect(state(redis.containerId ?? '')).toBe('running');
    expect(readFaults(runDir).map((f) => ('action' in f ? f.action : f.kind))).toEqual(['pause', 'stop']);
  });

  test('a restart returns the URL the container answers at afterwards', async () => {
    const restarted = await containerFault(runDir, redis, 'restart');
    expect(restarted.url).toBe(
      `redis://127.0.0.1:${dockerSays('port', redis.containerId ?? '', '6379')
        .split(':')
        .pop()}`,
    );
  });

  test('a SIGSTOPped process group is resumed; an external service cannot be faulted', async () => {
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pid = child.pid ?? 0;
    try {
      killProcessGroup(pid, 'SIGSTOP');
      recordFault(runDir, { kind: 'process', action: 'pause', instance: 'a', pid });
      await new Promise((r) => setTimeout(r, 50));
      expect(processState(pid)).toBe('T');
      expect((await undoFaults(runDir)).resumedProcesses).toEqual([pid]);
      await new Promise((r) => setTimeout(r, 50));
      expect(processState(pid)).toBe('S');
    } finally {
      killProcessGroup(pid, 'SIGKILL');
    }
    await expect(containerFault(runDir, { ...redis, mode: 'external' }, 'pause')).rejects.toThrow(/external service/);
  });

  test('a container already removed is nothing left to undo, not a failure', async () => {
    const gone = mkdtempSync(join(tmpdir(), 'lab-undo-gone-'));
    recordFault(gone, { kind: 'container', action: 'pause', service: 'redis', containerId: 'f'.repeat(64) });
    expect(await undoFaults(gone)).toMatchObject({ failed: [] });
    rmSync(gone, { recursive: true });
  });
});
