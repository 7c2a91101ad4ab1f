import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifyResultSchema } from '../../harness/grading/verify-result.ts';
import { FIXTURES, runLab } from '../run-lab.ts';
import { containersWithLabel, offlineImagesPresent } from '../services/docker-ps.ts';
import { containersOfLab, processesIn } from './leftovers.ts';

const SOLUTION = join(FIXTURES, 'curriculum', 'solutions', '03-fake-service');

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});

describe('faults from grader code, end to end (fixture 03-fake-service)', () => {
  test('two instances, SIGSTOP/SIGCONT, SIGKILL/restart and a paused Redis: R1 passes and nothing is left', async () => {
    const run = await runLab(['verify', '3', '--solution', '--only', 'R1', '--json']);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    expect(
      result.criteria.find((c) => c.id === 'R1'),
      run.stderr,
    ).toMatchObject({ state: 'passed' });
    expect(run.code).toBe(0);
    expect(containersOfLab(run.pid)).toEqual([]);
    expect(processesIn(SOLUTION)).toEqual([]);
  });

  test('a grader that pauses an instance and Redis and then fails leaves nothing paused or running', async () => {
    const run = await runLab(['verify', '3', '--solution', '--only', 'B1', '--json'], {
      LAB_FIXTURE_FAIL_AFTER_FAULTS: '1',
    });
    const b1 = verifyResultSchema.parse(JSON.parse(run.stdout)).criteria.find((c) => c.id === 'B1');
    expect(b1).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/failing on purpose/),
      learnerOutput: expect.stringMatching(/\[your program\] \[frozen\] listening on \d+/),
    });
    expect(containersOfLab(run.pid)).toEqual([]);
    expect(processesIn(SOLUTION)).toEqual([]);
  });

  test('a restarted Redis keeps its URL; extra instances a grader starts are removed at teardown', async () => {
    const run = await runLab(['verify', '3', '--solution', '--only', 'B2', '--json']);
    const b2 = verifyResultSchema.parse(JSON.parse(run.stdout)).criteria.find((c) => c.id === 'B2');
    expect(b2, run.stderr).toMatchObject({ state: 'passed' });
    expect(containersWithLabel('dev.lab.service=redis-extra')).toEqual([]);
    expect(containersOfLab(run.pid)).toEqual([]);
    expect(processesIn(SOLUTION)).toEqual([]);
  });
});
