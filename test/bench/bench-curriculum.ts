import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from '../run-lab.ts';

/** Where bench tests copy the fixture curriculum: inside the checkout, so the copied solution resolves ioredis. */
export const BENCH_TMP = join(ROOT, '.lab', 'test-bench');

export interface BenchCurriculum {
  /** LAB_CURRICULUM for runLab. */
  readonly root: string;
  /** The copied 03-fake-service solution: its processes are the ones with this working folder. */
  readonly solutionDir: string;
}

type Scenario = Record<string, unknown>;

/**
 * A private copy of the fixture curriculum whose 03-fake-service bench scenario is changed by `patch`.
 * Each test gets its own copy so its program's processes and kept results are its own.
 */
export function benchCurriculum(name: string, patch: (scenario: Scenario) => Scenario = (s) => s): BenchCurriculum {
  const root = join(BENCH_TMP, `${name}-${process.pid}`);
  mkdirSync(BENCH_TMP, { recursive: true });
  cpSync(join(FIXTURES, 'curriculum'), root, {
    recursive: true,
    filter: (source) => !source.includes(`${join('03-fake-service', '.lab')}`),
  });
  const manifestPath = join(root, 'exercises', '03-fake-service', 'exercise.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bench: { scenarios: Scenario[] } };
  manifest.bench.scenarios = manifest.bench.scenarios.map(patch);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { root, solutionDir: join(root, 'solutions', '03-fake-service') };
}
