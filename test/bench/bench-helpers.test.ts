import { beforeAll, expect, test } from 'vitest';
import { benchResultSchema } from '../../harness/bench/bench-result.ts';
import { containersOfLab, processesIn } from '../faults/leftovers.ts';
import { ROOT, runLab } from '../run-lab.ts';
import { offlineImagesPresent } from '../services/docker-ps.ts';

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});

test('lab bench 23: a helper origin beside the program counts its calls, cache on against the no-cache baseline', async () => {
  const run = await runLab(['bench', '23', '--solution', '--duration', '2', '--json'], { LAB_CURRICULUM: ROOT });
  expect(run.code, run.stderr).toBe(0);
  const result = benchResultSchema.parse(JSON.parse(run.stdout));
  const perAnswer = (name: string) => {
    const scenario = result.scenarios.find((s) => s.name === name);
    return (scenario?.helpers?.ORIGIN_URL?.originCalls ?? Number.NaN) / (scenario?.metrics.responses ?? 1);
  };
  // The cache answers a hot item without the origin; with CACHE_MODE=off every answer costs a call.
  expect(perAnswer('cached')).toBeLessThan(0.05);
  expect(perAnswer('baseline')).toBeGreaterThan(0.9);
  expect(containersOfLab(run.pid)).toEqual([]);
  expect(processesIn(`${ROOT}/solutions/23-caching`)).toEqual([]);
}, 180_000);
