import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { SelftestResult } from '../harness/selftest/run-selftest.ts';
import { FIXTURES, runLab } from './run-lab.ts';

test('selftest proves a sound grader: solution passes, starter fails, every mutant caught', async () => {
  const run = await runLab(['selftest', '1', '--repeat', '2', '--json']);
  expect(run.code).toBe(0);
  const [result] = (JSON.parse(run.stdout) as { results: SelftestResult[] }).results;
  expect(result).toMatchObject({ exercise: 1, ok: true, problems: [], solution: { ok: true }, starter: { ok: true } });
  expect(result?.solution.runs).toHaveLength(2);
  expect(result?.mutants.map((m) => [m.name, m.targets, m.caught])).toEqual([
    ['exits-zero', 'R4', true],
    ['hangs-with-child', 'R3', true],
    ['leaks-env', 'R2', true],
    ['wrong-answer', 'R1', true],
  ]);
});

test('selftest fails on a mutant the grader cannot see, and on required criteria without mutants', async () => {
  const run = await runLab(['selftest', '1'], { LAB_CURRICULUM: join(FIXTURES, 'weak-curriculum') });
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/✗ mutant harmless: NOT caught by R1/);
  expect(run.stdout).toMatch(/R2 has no mutant in solutions\/01-fake-cli\/mutants\/ targeting it/);
  expect(run.stdout).toMatch(/^selftest: 0 passed, 1 failed$/m);
});

test('--strict grades every criterion of each mutant and reports those it fails beyond its target', async () => {
  const run = await runLab(['selftest', '1', '--strict', '--json']);
  expect(run.code).toBe(1);
  const [result] = (JSON.parse(run.stdout) as { results: SelftestResult[] }).results;
  expect(result?.mutants.find((m) => m.name === 'exits-zero')).toMatchObject({ caught: true, alsoFailed: [] });
  expect(result?.mutants.find((m) => m.name === 'wrong-answer')).toMatchObject({ caught: true, alsoFailed: ['R3'] });
  expect(result?.problems).toEqual(['mutant wrong-answer (--strict) also fails R3: it should fail only R1']);
});

test('--jobs 2 grades projects side by side in child processes: lines prefixed, results in order, failures counted', async () => {
  const [sound, weak] = await Promise.all([
    runLab(['selftest', '1', '1', '--jobs', '2']),
    runLab(['selftest', '1', '1', '--jobs', '2', '--json'], { LAB_CURRICULUM: join(FIXTURES, 'weak-curriculum') }),
  ]);
  expect(sound.code).toBe(0);
  expect(sound.stdout).toMatch(/^\[1\] {3}✓ mutant wrong-answer: caught by R1 \(\d+\.\d s\)$/m);
  expect(sound.stdout).toMatch(/^selftest: 2 passed, 0 failed$/m);
  expect(weak.code).toBe(1);
  const results = (JSON.parse(weak.stdout) as { results: SelftestResult[] }).results;
  expect(results.map((r) => [r.exercise, r.ok])).toEqual([
    [1, false],
    [1, false],
  ]);
  expect(results[1]?.problems).toContain(
    'mutant harmless was not caught: R1 still passes (Changes nothing the grader can see: selftest must report it as not caught.)',
  );
}, 240_000);
