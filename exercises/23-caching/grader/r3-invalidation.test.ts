import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { baseEnv, criterionPrefix, outputOf, startInstances, stopInstances } from './support/cache-instances.ts';
import { getJson, sendJson, shown } from './support/get-item.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';
import { sleep, staleAnswers, warm } from './support/staleness.ts';

const STALE_BOUND_MS = 1_000;
const WRITE_BACK_FLUSH_MS = 1_000;
/** Extra time for a write-back flush to land, on a loaded machine. */
const FLUSH_MARGIN_MS = 1_500;
const ORIGIN_DELAY_MS = 100;

interface Policies {
  writeThrough?: unknown;
  second?: unknown;
  staleBoundMs?: unknown;
}

criterion('R3', 'Invalidation policies', () => {
  const prefix = criterionPrefix('r3');
  let origin: SlowOrigin;
  let instances: StartedLearnerService[];

  beforeAll(async () => {
    origin = await startSlowOrigin(ORIGIN_DELAY_MS);
    // L1 entries live 10 minutes: only invalidation, never expiry, can make an instance drop the old value.
    instances = await startInstances(
      baseEnv(prefix, origin.url, {
        STALE_BOUND_MS: String(STALE_BOUND_MS),
        WRITE_BACK_FLUSH_MS: String(WRITE_BACK_FLUSH_MS),
      }),
      3,
    );
  });
  afterAll(async () => {
    await stopInstances(instances);
    await origin?.close();
  });

  const names = () => instances.map((i) => i.instance).join(', ');
  const notCached = (id: string) =>
    `lab read ${id} twice on each of ${names()}: every answer must be 200 with "${id}@v1", the second one served from a cache ` +
    `(X-Cache: L1 or L2) — coherence only matters once items are cached (R1, R2); these were not\n${outputOf(instances)}`;

  test(`write-through: after PUT on one instance returns, the origin has the value and no instance serves the old one after STALE_BOUND_MS=${STALE_BOUND_MS}`, async () => {
    const id = 'r3-write-through';
    const uncached = await warm(instances, id, `${id}@v1`);
    expect(uncached.map(shown).slice(0, 3), notCached(id)).toEqual([]);
    const [a] = instances as [StartedLearnerService];
    const put = await sendJson(`${a.url}/items/${id}`, 'PUT', { value: `${id}@v2` });
    expect(
      { status: put.status, originPuts: origin.puts(id), originValue: JSON.parse(origin.current(id)).value },
      `lab read ${id} twice on each of ${names()}, then PUT /items/${id} {"value": "${id}@v2"} on ${a.instance}; ` +
        `it answered ${put.status} ${put.text.slice(0, 200)}\nwrite-through writes the origin (PUT ORIGIN_URL/items/:id) before it answers`,
    ).toEqual({ status: 200, originPuts: 1, originValue: `${id}@v2` });
    await sleep(STALE_BOUND_MS);
    const stale = await staleAnswers(instances, id, `${id}@v2`);
    expect(
      stale.map(shown).slice(0, 4),
      `${STALE_BOUND_MS} ms after PUT /items/${id} returned on ${a.instance}, every instance must serve "${id}@v2" ` +
        `(replace or delete the Redis entry and tell every instance to drop its L1 copy); stale answers`,
    ).toEqual([]);
  });

  test(`the second policy declared in GET /cache/policies keeps every instance within STALE_BOUND_MS=${STALE_BOUND_MS}`, async () => {
    const [a, b] = instances as [StartedLearnerService, StartedLearnerService];
    const policies = await getJson<Policies>(`${a.url}/cache/policies`);
    expect(
      {
        writeThrough: policies.body?.writeThrough,
        staleBoundMs: policies.body?.staleBoundMs,
        second: policies.body?.second,
      },
      `GET /cache/policies answered ${policies.status} ${policies.text}; expected {writeThrough: true, second: "event-invalidation" | "write-back", staleBoundMs: STALE_BOUND_MS}`,
    ).toEqual({
      writeThrough: true,
      staleBoundMs: STALE_BOUND_MS,
      second: ['event-invalidation', 'write-back'].includes(String(policies.body?.second))
        ? policies.body?.second
        : 'event-invalidation or write-back',
    });

    if (policies.body?.second === 'event-invalidation') {
      const id = 'r3-event';
      expect((await warm(instances, id, `${id}@v1`)).map(shown).slice(0, 3), notCached(id)).toEqual([]);
      origin.change(id, JSON.stringify(`${id}@v2`));
      const announced = await sendJson(`${b.url}/invalidate`, 'POST', { ids: [id] });
      expect(
        announced.status,
        `POST /invalidate {"ids": ["${id}"]} on ${b.instance} answered ${announced.text.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(200);
      expect(announced.status).toBeLessThan(300);
      await sleep(STALE_BOUND_MS);
      const stale = await staleAnswers(instances, id, `${id}@v2`);
      expect(
        stale.map(shown).slice(0, 4),
        `lab read ${id} twice on each of ${names()}, changed it at the origin to "${id}@v2" and POSTed /invalidate {"ids": ["${id}"]} to ${b.instance}; ` +
          `${STALE_BOUND_MS} ms later every instance must serve the new value; stale answers`,
      ).toEqual([]);
      return;
    }

    const id = 'r3-write-back';
    expect((await warm(instances, id, `${id}@v1`)).map(shown).slice(0, 3), notCached(id)).toEqual([]);
    const writes = [2, 3, 4, 5, 6].map((v) => `${id}@v${v}`);
    const acks: number[] = [];
    for (const value of writes) {
      const ack = await sendJson(`${a.url}/items/${id}?policy=write-back`, 'PUT', { value });
      acks.push(ack.status);
    }
    const putsAtAck = origin.puts(id);
    await sleep(STALE_BOUND_MS);
    const stale = await staleAnswers(instances, id, writes.at(-1));
    await sleep(WRITE_BACK_FLUSH_MS + FLUSH_MARGIN_MS - STALE_BOUND_MS);
    const story = `lab sent 5 PUT /items/${id}?policy=write-back on ${a.instance} in a row (last value "${writes.at(-1)}")`;
    expect(acks, `${story}; each must be acknowledged with 200`).toEqual([200, 200, 200, 200, 200]);
    expect(
      stale.map(shown).slice(0, 4),
      `${story}; ${STALE_BOUND_MS} ms after the last acknowledgement every instance must serve the last value; stale answers`,
    ).toEqual([]);
    expect(
      { originValue: JSON.parse(origin.current(id)).value, coalesced: origin.puts(id) < writes.length },
      `${story}; within WRITE_BACK_FLUSH_MS=${WRITE_BACK_FLUSH_MS} (+${FLUSH_MARGIN_MS} ms) the origin must hold the last value, ` +
        `with fewer than 5 PUTs (it got ${origin.puts(id)}, ${putsAtAck} of them before the last acknowledgement)`,
    ).toEqual({ originValue: writes.at(-1), coalesced: true });
  });
});
