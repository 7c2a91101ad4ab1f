import { afterAll, describe, expect, it } from 'vitest';
import { readSections, recordSection } from '../../src/section-stats.ts';
import { testRedis } from './redis-env.ts';

// An example integration test against the real Redis, under a prefix of its own that it deletes after.
describe('section statistics in Redis', () => {
  const env = testRedis();
  afterAll(() => env.cleanUp());

  it('reads back the sections every worker recorded, in order', async () => {
    await recordSection(env.redis, env.prefix, { worker: 'a', lock: 'l', ok: true, waitMs: 1, holdMs: 5 });
    await recordSection(env.redis, env.prefix, { worker: 'b', lock: 'l', ok: false });
    expect((await readSections(env.redis, env.prefix)).map((s) => s.worker)).toEqual(['a', 'b']);
  });
});
