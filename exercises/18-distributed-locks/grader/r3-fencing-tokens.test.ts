import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { contentionRun } from './support/contention-run.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { type FrozenHolder, freezeHolderAtWrite } from './support/frozen-holder.ts';
import { criterionPrefix, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';

criterion('R3', 'Fencing tokens', () => {
  const prefix = criterionPrefix('r3');
  let resource: FencedResource;
  let workers: StartedLearnerService[];
  let frozen: FrozenHolder;

  beforeAll(async () => {
    resource = await startFencedResource();
    workers = await startWorkers(workerEnv(prefix, resource.url));
    const [holder, taker] = workers as [StartedLearnerService, StartedLearnerService];
    frozen = await freezeHolderAtWrite(resource, holder, taker, 'r3-stale');
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await resource?.close();
  });

  test('every call to the resource carries a numeric token', async () => {
    const run = await contentionRun(workers, 'r3-tokens', [5, 5, 5, 5], 5);
    const missing = resource
      .accesses()
      .filter((a) => a.token === undefined)
      .map((a) => `POST /${a.kind} from ${a.worker} on ${a.lock}`);
    expect(
      [...new Set(missing)].slice(0, 5),
      `${run.sent}\nevery POST /enter, /write and /exit must carry {"token": <number>}, the holder's fencing token; these did not`,
    ).toEqual([]);
  });

  test('the resumed stale holder is refused with 409 after a newer holder wrote', () => {
    const { story, staleWrite, takerWrite, holder, taker } = frozen;
    expect(
      staleWrite,
      `${story}\n${holder.instance} never sent POST /write; output:\n${holder.output(10)}`,
    ).toBeDefined();
    expect(
      takerWrite?.status,
      `${story}\n${taker.instance} must enter and write while ${holder.instance} is frozen (its lock expired)`,
    ).toBe(200);
    expect(
      staleWrite?.token,
      `${story}\nthe held POST /write of ${holder.instance} carried no token, so the resource had to accept a stale ` +
        "holder's write over a newer one: send {token} with every call",
    ).toBeTypeOf('number');
    expect(
      { staleToken: staleWrite?.token, status: staleWrite?.status },
      `${story}\nits token must be lower than ${taker.instance}'s (${takerWrite?.token}), so the resource answers 409`,
    ).toEqual({ staleToken: staleWrite?.token, status: 409 });
  });

  test('the stale holder reports the section as failed and does not retry under its old token', () => {
    const { story, staleWrite, holder, holderAnswer } = frozen;
    expect(holderAnswer instanceof Error ? holderAnswer.message : undefined, story).toBeUndefined();
    expect(
      holderAnswer,
      `${story}\n${holder.instance} must answer its /run with the refused section as failed`,
    ).toMatchObject({ acquired: 0, failed: 1 });
    const retries = resource
      .accesses()
      .filter(
        (a) =>
          a.worker === holder.instance &&
          a.lock === staleWrite?.lock &&
          a.seq > (staleWrite?.seq ?? 0) &&
          a.kind !== 'exit' &&
          a.token === staleWrite?.token,
      )
      .map((a) => `POST /${a.kind} token ${a.token} → ${a.status}`);
    expect(
      retries,
      `${story}\nafter the 409 ${holder.instance} must stop that section; it sent again under the stale token`,
    ).toEqual([]);
  });
});
