// Runs one exercise's grader files straight through vitest, for grader authors:
//   LAB_DEV_PROGRAM=solutions/25-data-lake npx vitest run --config test/grader-dev.config.ts exercises/25-data-lake/grader
// `lab verify` does the same with isolation, teardown and reporting; use this only while writing a grader.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import type { LabRunContext } from '../harness/grading/run-context.ts';

const root = resolve(import.meta.dirname, '..');
const programDir = resolve(root, process.env.LAB_DEV_PROGRAM ?? 'solutions/25-data-lake');
const exerciseDir = resolve(root, 'exercises', programDir.split('/').find((p) => /^\d\d-/.test(p)) ?? '25-data-lake');
const manifest = JSON.parse(readFileSync(join(exerciseDir, 'exercise.json'), 'utf8'));
mkdirSync(join(root, '.lab/runs'), { recursive: true });
const workDir = mkdtempSync(join(root, '.lab/runs/dev-'));
const lab: LabRunContext = {
  exerciseId: manifest.id,
  runId: 'dev',
  services: [],
  programDir,
  workDir,
  cacheDir: join(root, '.lab/cache'),
  pidDir: join(workDir, 'pids'),
  logDir: workDir,
  commands: manifest.contract.commands,
  env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC' },
  stepTimeoutMs: 120_000,
  criterionTimeoutMs: 300_000,
  contractKind: manifest.contract.kind,
  checks: {
    test: ['npm', 'test', '--silent'],
    lint: ['npm', 'run', 'lint', '--silent'],
    typecheck: ['npm', 'run', 'typecheck', '--silent'],
  },
  ...(manifest.common ? { common: manifest.common } : {}),
};
export default defineConfig({
  test: { provide: { lab }, testTimeout: 300_000, hookTimeout: 300_000, include: ['exercises/*/grader/**/*.test.ts'] },
});
