import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BenchResult, benchResultSchema } from '../../harness/bench/bench-result.ts';
import { containersOfLab, processesIn } from '../faults/leftovers.ts';
import { ROOT, runLab } from '../run-lab.ts';
import { offlineImagesPresent } from '../services/docker-ps.ts';
import { BENCH_TMP, benchCurriculum } from './bench-curriculum.ts';

// Each bench measures 1–2 s after a 1 s warm-up; with Redis starting, one run takes about 10 s here.
const RUN_TIMEOUT = 90_000;

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});
afterAll(() => rmSync(BENCH_TMP, { recursive: true, force: true }));

const bench = (root: string, args: readonly string[]) =>
  runLab(['bench', '3', '--solution', ...args], { LAB_CURRICULUM: root });

describe('lab bench on the fixture service (03-fake-service)', () => {
  test(
    'a passing run: exit 0, one JSON document the schema accepts, and nothing left running',
    async () => {
      const { root, solutionDir } = benchCurriculum('pass');
      const run = await bench(root, ['--json']);
      expect(run.code, run.stderr).toBe(0);
      const result = benchResultSchema.parse(JSON.parse(run.stdout));
      const [scenario] = result.scenarios;
      expect(result).toMatchObject({ kind: 'lab-bench', exercise: 3, passed: true, target: { source: 'solution' } });
      expect(scenario).toMatchObject({
        name: 'items',
        request: { method: 'GET', path: '/items?limit=20' },
        passed: true,
      });
      // Setup created 30 items and the load used the token from POST /login: every answer was a 200.
      expect(scenario?.metrics.statusCodes).toEqual({ '200': scenario?.metrics.responses });
      expect(scenario?.metrics.responses).toBeGreaterThan(20);
      expect(scenario?.thresholds.map((t) => [t.metric, t.passed])).toEqual([
        ['p95', true],
        ['rps', true],
        ['errorRate', true],
        ['non2xxRate', true],
      ]);
      const counted = scenario?.histogram.reduce((sum, bucket) => sum + bucket.count, 0);
      expect(counted).toBe(scenario?.metrics.responses);
      expect(scenario?.metrics.p50).toBeLessThanOrEqual(scenario?.metrics.p95 ?? 0);
      expect(containersOfLab(run.pid)).toEqual([]);
      expect(processesIn(solutionDir)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  test(
    'the table and histogram in the terminal; a breached threshold exits 1 and names the metric',
    async () => {
      const { root } = benchCurriculum('breach', (s) => ({ ...s, thresholds: { p50: 0.001, rps: 20 } }));
      const run = await bench(root, ['--duration', '1']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/✗ items — Authenticated list/);
      expect(run.stdout).toMatch(/latency p50 +\d+\.\d\d ms {2}≤ 0\.00 ms +✗/);
      expect(run.stdout).toMatch(/requests per second +\d+ req\/s {2}≥ 20 req\/s +✓/);
      expect(run.stdout).toMatch(/latency histogram \(ms\)\n( +[\d.]+–[\d.]+ │[█▏ ]* +\d+ +[\d.]+ %\n)+/);
      expect(run.stdout).toMatch(/✗ threshold breached: items: p50/);
    },
    RUN_TIMEOUT,
  );

  test('a threshold on an unknown metric is a manifest error naming the file, the field and the known metrics', async () => {
    const { root } = benchCurriculum('unknown', (s) => ({ ...s, thresholds: { p95: 500, p90: 5 } }));
    const run = await bench(root, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(root, 'exercises', '03-fake-service', 'exercise.json'));
    expect(run.stderr).toContain(
      'bench.scenarios.0.thresholds: unknown metric "p90"; known metrics: p50, p95, p99, rps, errorRate, non2xxRate',
    );
  });

  test(
    '--compare after two runs shows each metric against the previous kept run',
    async () => {
      const { root, solutionDir } = benchCurriculum('compare');
      const first = await bench(root, ['--json', '--duration', '1']);
      expect(first.code, first.stderr).toBe(0);
      const before = JSON.parse(first.stdout) as BenchResult;
      const second = await bench(root, ['--compare', '--duration', '1']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain(`against the previous run (${before.scenarios[0]?.startedAt})`);
      expect(second.stdout).toMatch(/ {2}p95 +[\d.]+ ms → +[\d.]+ ms {2}[+-]\d+\.\d %/);
      const third = await bench(root, ['--compare', '--json', '--duration', '1']);
      const comparison = benchResultSchema.parse(JSON.parse(third.stdout)).scenarios[0]?.comparison;
      expect(comparison?.changes.map((c) => c.metric)).toEqual([
        'p50',
        'p95',
        'p99',
        'meanMs',
        'maxMs',
        'rps',
        'errorRate',
        'non2xxRate',
      ]);
      expect(comparison?.previousStartedAt).not.toBe(before.scenarios[0]?.startedAt);
      const kept = readdirSync(join(solutionDir, '.lab', 'bench')).sort();
      expect(kept).toHaveLength(4);
      expect(kept.at(-1)).toBe('latest.json');
    },
    3 * RUN_TIMEOUT,
  );

  test(
    'Ctrl-C mid-run: exit 130, the program and the containers are gone',
    async () => {
      const { root, solutionDir } = benchCurriculum('sigint', (s) => ({ ...s, durationSeconds: 30 }));
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'lab.js'), 'bench', '3', '--solution'], {
        cwd: ROOT,
        env: { ...process.env, LAB_CURRICULUM: root },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // The program is up once a process runs in its folder; the load is under way 2 s later.
      const deadline = Date.now() + 60_000;
      while (processesIn(solutionDir).length === 0 && Date.now() < deadline) await sleep(100);
      expect(processesIn(solutionDir), 'the program never started').not.toEqual([]);
      await sleep(2_500);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(stderr).toMatch(/interrupted: the bench was stopped/);
      expect(processesIn(solutionDir)).toEqual([]);
      expect(containersOfLab(child.pid ?? 0)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  test(
    'a program that crashes during the bench: exit 3 with its exit and output, nothing left',
    async () => {
      const { root, solutionDir } = benchCurriculum('crash', (s) => ({
        ...s,
        setup: [{ method: 'POST', path: '/crash-soon', authenticated: false }],
        warmupSeconds: 3,
      }));
      const run = await bench(root, []);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/your program \(instance items, PORT=\d+\) exited with 7 during the bench/);
      expect(run.stderr).toMatch(/listening on \d+/);
      expect(processesIn(solutionDir)).toEqual([]);
      expect(containersOfLab(run.pid)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  test('a project without bench scenarios is a usage error naming the projects that have some', async () => {
    const run = await runLab(['bench', '1', '--solution']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/project 1 \(.*\) has no bench scenario/);
    expect(run.stderr).toContain('Projects with bench scenarios: 3 (fake-service).');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
