import { expect, test } from 'vitest';
import { holdServices, runLabWithoutEngine } from './run-held.ts';

// Without a Docker engine (in a private mount namespace where its socket is /dev/null).
test('startServices: an environment error that says what to run next', async () => {
  const { first } = holdServices(['redis'], { noEngine: true });
  const { error } = await first;
  expect(error).toMatchObject({ name: 'LabError', kind: 'environment' });
  expect(error?.message).toMatch(/^no Docker engine answers/);
  expect(error?.next).toMatch(/lab doctor/);
  expect(error?.next).toMatch(/LAB_REDIS_URL/);
});

test('lab doctor: the docker check says what to do, and no service check is attempted', async () => {
  const run = await runLabWithoutEngine(['doctor', '--json']);
  const report = JSON.parse(run.stdout);
  expect(report.checks.find((c: { name: string }) => c.name === 'docker engine')).toMatchObject({ ok: false });
  expect(report.services).toEqual([]);
});
