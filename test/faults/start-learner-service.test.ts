import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { baseLearnerEnv } from '../../harness/learner/learner-program.ts';
import { startLearnerService } from '../../harness/learner/start-learner-service.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-service-'));
const pidDir = join(dir, 'pids');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = `
const http = require('node:http');
console.log('booting ' + process.env.NAME);
http.createServer((q, s) => s.end(String(process.pid))).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });`;
const start = (instance: string, program: string, readyTimeoutMs = 5_000) =>
  startLearnerService({
    instance,
    argv: ['node', '-e', program],
    cwd: dir,
    env: { ...baseLearnerEnv(), NAME: instance },
    readyPath: '/healthz',
    readyTimeoutMs,
    pidDir,
    logFile: join(dir, 'R1.log'),
  });

describe('startLearnerService: long-running learner programs', () => {
  test('instances get their own port and group, register in pidDir, stop with SIGTERM', async () => {
    const a = await start('a', server);
    const b = await start('b', server);
    expect(a.port).not.toBe(b.port);
    expect(readdirSync(pidDir).sort()).toEqual([String(a.pid), String(b.pid)].sort());
    expect(await (await fetch(a.url)).text()).toBe(String(a.pid));
    const stopped = await a.stop();
    expect(stopped).toMatchObject({ exitCode: 0, signal: null });
    expect(stopped.output()).toMatch(/booting a\nbye/);
    await b[Symbol.asyncDispose]();
    expect(readdirSync(pidDir)).toEqual([]);
    expect(readFileSync(join(dir, 'R1.log'), 'utf8')).toMatch(/\[your program\] \[b\] booting b/);
  });

  test('a paused instance still stops (SIGTERM is delivered once it runs again)', async () => {
    const a = await start('paused', server);
    await a.pause();
    expect(a.paused).toBe(true);
    const res = await fetch(a.url, { signal: AbortSignal.timeout(300) }).catch((e: Error) => e.name);
    expect(res).toBe('TimeoutError');
    expect(await a.stop()).toMatchObject({ exitCode: 0 });
  });

  test('a program that crashes before ready: the error says so and shows its last lines', async () => {
    const error = await start('crash', 'console.error("cannot find config.yml"); process.exit(3)').catch((e) => e);
    expect(error.message).toMatch(
      /instance crash, PORT=\d+\) was not ready: GET \/healthz within 5000 ms — it exited with 3/,
    );
    expect(error.message).toMatch(/last output lines:\n\s+cannot find config\.yml/);
  });

  test('a program that never gets ready is killed after the timeout, with a clear message', async () => {
    const started = performance.now();
    const error = await start('deaf', 'console.log("listening soon"); setInterval(() => {}, 1000)', 1_000).catch(
      (e) => e,
    );
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(error.message).toMatch(/within 1000 ms — nothing answered/);
    expect(error.message).toMatch(/listening soon/);
    expect(readdirSync(pidDir)).toEqual([]);
  });
});
