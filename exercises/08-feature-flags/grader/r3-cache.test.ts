import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { cacheCounters, delta } from './support/cache-counters.ts';
import { evaluate } from './support/evaluate-users.ts';
import { graderRedis, keysUnder } from './support/grader-redis.ts';
import type { FlagsClient } from './support/http-client.ts';
import { booleanFlag, type FlagDoc } from './support/sample-flags.ts';
import { type FlagsCluster, sleep, startFlags } from './support/start-flags.ts';
import { type TenantTokens, tenantTokens } from './support/tokens.ts';

const CACHE_TTL_SECONDS = 5;
/** A loaded 2-core machine can be a second late in answering; the bound itself is the learner's TTL. */
const SLACK_MS = 1_500;

const descriptionOf = (json: unknown) => (json as FlagDoc | undefined)?.description;

criterion('R3', 'Caching & invalidation', () => {
  let cluster: FlagsCluster;
  let clients: FlagsClient[];
  let acme: TenantTokens;
  let globex: TenantTokens;

  beforeAll(async () => {
    cluster = await startFlags('r3', 3, { CACHE_TTL_SECONDS: String(CACHE_TTL_SECONDS) });
    clients = cluster.clients;
    acme = await tenantTokens('acme-r3');
    globex = await tenantTokens('globex-r3');
  });
  afterAll(() => cluster?.stop());

  const create = async (client: FlagsClient, token: string, flag: FlagDoc) => {
    const res = await client.post('/flags', { token, body: flag });
    expect(res.status, `creating a flag must work first (R1)\n  ${res.shown}`).toBe(201);
  };

  test(`a change through one instance is served at once by it and by the others within CACHE_TTL_SECONDS (${CACHE_TTL_SECONDS} s)`, async () => {
    const [a, b, c] = clients as [FlagsClient, FlagsClient, FlagsClient];
    await create(a, acme.editor, booleanFlag('banner', { description: 'v1' }));
    // Every instance reads it, so whatever each of them caches now holds v1.
    for (const client of [a, b, c]) {
      await client.get('/flags', { token: acme.viewer });
      await client.get('/flags/banner', { token: acme.viewer });
      await evaluate(client, acme.viewer, 'banner', 'u1');
    }
    const put = await a.put('/flags/banner', {
      token: acme.editor,
      body: booleanFlag('banner', { description: 'v2' }),
    });
    expect(put.status, `PUT must work (R1)\n  ${put.shown}`).toBe(200);
    const changedAt = Date.now();
    const own = await a.get('/flags/banner', { token: acme.viewer });
    expect(descriptionOf(own.json), `the instance that made a change must serve it at once\n  ${own.shown}`).toBe('v2');
    const deadline = changedAt + CACHE_TTL_SECONDS * 1000 + SLACK_MS;
    for (const [name, client] of [['b', b] as const, ['c', c] as const]) {
      let last = await client.get('/flags/banner', { token: acme.viewer });
      while (descriptionOf(last.json) !== 'v2' && Date.now() < deadline) {
        await sleep(100);
        last = await client.get('/flags/banner', { token: acme.viewer });
      }
      expect(
        descriptionOf(last.json),
        `instance ${name} still served the old flag ${((Date.now() - changedAt) / 1000).toFixed(1)} s after the change (CACHE_TTL_SECONDS=${CACHE_TTL_SECONDS}): invalidate the shared cache on every write\n  ${last.shown}`,
      ).toBe('v2');
    }
  });

  test('GET /flags and GET /flags/:key send an ETag, answer 304 to a matching If-None-Match, and a new ETag after a change', async () => {
    const [a, b] = clients as [FlagsClient, FlagsClient];
    await create(a, acme.editor, booleanFlag('etagged'));
    for (const path of ['/flags', '/flags/etagged']) {
      const first = await a.get(path, { token: acme.viewer });
      const etag = first.headers.get('etag');
      expect(first.status === 200 && !!etag, `GET ${path} must answer 200 with an ETag header\n  ${first.shown}`).toBe(
        true,
      );
      const again = await a.get(path, { token: acme.viewer, headers: { 'if-none-match': etag as string } });
      expect(again.status, `GET ${path} with If-None-Match: <its ETag> must answer 304\n  ${again.shown}`).toBe(304);
      expect(again.text, `a 304 has no body\n  ${again.shown}`).toBe('');
      const other = await b.get(path, { token: acme.viewer, headers: { 'if-none-match': etag as string } });
      expect(other.status, `another instance must give the same data the same ETag (304 here)\n  ${other.shown}`).toBe(
        304,
      );
      const stale = await a.get(path, { token: acme.viewer, headers: { 'if-none-match': '"not-the-etag"' } });
      expect(stale.status, `a non-matching If-None-Match gets the full answer\n  ${stale.shown}`).toBe(200);
    }
    const before = (await a.get('/flags/etagged', { token: acme.viewer })).headers.get('etag') as string;
    const beforeList = (await a.get('/flags', { token: acme.viewer })).headers.get('etag') as string;
    await a.patch('/flags/etagged', { token: acme.editor, body: { description: 'changed' } });
    for (const [path, etag] of [
      ['/flags/etagged', before],
      ['/flags', beforeList],
    ] as const) {
      const after = await a.get(path, { token: acme.viewer, headers: { 'if-none-match': etag } });
      expect(after.status, `after a change, the old ETag must no longer match GET ${path}\n  ${after.shown}`).toBe(200);
      expect(after.headers.get('etag'), `after a change GET ${path} needs a new ETag\n  ${after.shown}`).not.toBe(etag);
    }
  });

  test('two tenants with the same flag key each see their own flag on every instance, and every Redis key under KEY_PREFIX names its tenant', async () => {
    const [a, b, c] = clients as [FlagsClient, FlagsClient, FlagsClient];
    await create(a, acme.editor, booleanFlag('shared-key', { description: 'acme', fallthrough: { variant: 'on' } }));
    await create(
      b,
      globex.editor,
      booleanFlag('shared-key', { description: 'globex', fallthrough: { variant: 'off' } }),
    );
    const wrong: string[] = [];
    for (const client of [c, a, b, c]) {
      for (const [tenant, tokens] of [
        ['acme', acme],
        ['globex', globex],
      ] as const) {
        const one = await client.get('/flags/shared-key', { token: tokens.viewer });
        if (descriptionOf(one.json) !== tenant) wrong.push(`${tenant} read another tenant's flag\n  ${one.shown}`);
        const list = await client.get('/flags', { token: tokens.viewer });
        const descriptions = ((list.json as { flags?: FlagDoc[] } | undefined)?.flags ?? []).map((f) => f.description);
        if (descriptions.includes(tenant === 'acme' ? 'globex' : 'acme'))
          wrong.push(`${tenant} lists another tenant's flag\n  ${list.shown}`);
        const served = await evaluate(client, tokens.viewer, 'shared-key', 'u1');
        if (served.variant !== (tenant === 'acme' ? 'on' : 'off'))
          wrong.push(`${tenant} was evaluated on another tenant's flag\n  ${served.shown}`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);

    const redis = graderRedis();
    try {
      const keys = await keysUnder(redis, cluster.keyPrefix);
      expect(
        keys.length,
        `the flag cache must live in Redis under KEY_PREFIX (${cluster.keyPrefix}); no key was found there`,
      ).toBeGreaterThan(0);
      const unnamed = keys.filter((k) => !k.includes(acme.tenant) && !k.includes(globex.tenant));
      expect(
        unnamed,
        `every Redis key must name its tenant (${acme.tenant} or ${globex.tenant}); these do not`,
      ).toEqual([]);
      expect(
        keys.some((k) => k.includes(globex.tenant)),
        `globex's reads must be cached in Redis too: ${keys.join(', ')}`,
      ).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  test('flags_cache_hits_total and flags_cache_misses_total agree with the grader’s requests: one lookup per read, a miss right after a write', async () => {
    const c = clients[2] as FlagsClient;
    const metricsTenant = await tenantTokens('metrics-r3');
    await create(c, metricsTenant.editor, booleanFlag('counted'));
    const start = await cacheCounters(c);
    await c.get('/flags', { token: metricsTenant.viewer });
    const firstRead = delta(start, await cacheCounters(c));
    expect(firstRead, 'the first read after a write must count exactly one miss').toEqual({ hits: 0, misses: 1 });

    const warm = await cacheCounters(c);
    await c.get('/flags', { token: metricsTenant.viewer });
    await c.get('/flags/counted', { token: metricsTenant.viewer });
    await evaluate(c, metricsTenant.viewer, 'counted', 'u1');
    await evaluate(c, metricsTenant.viewer, 'counted', 'u2');
    const etag = (await c.get('/flags', { token: metricsTenant.viewer })).headers.get('etag') ?? '';
    await c.get('/flags', { token: metricsTenant.viewer, headers: { 'if-none-match': etag } });
    const warmReads = delta(warm, await cacheCounters(c));
    expect(warmReads.hits + warmReads.misses, `6 reads must count 6 lookups: got ${JSON.stringify(warmReads)}`).toBe(6);
    // One expiry of a TTL can turn a hit into a miss on a slow machine; more cannot happen within the TTL.
    expect(warmReads.misses, `reads of a cached set are hits: got ${JSON.stringify(warmReads)}`).toBeLessThanOrEqual(1);

    const patched = await c.patch('/flags/counted', { token: metricsTenant.editor, body: { description: 'bump' } });
    expect(patched.status, `PATCH must work (R1)\n  ${patched.shown}`).toBe(200);
    const beforeRead = await cacheCounters(c);
    await c.get('/flags/counted', { token: metricsTenant.viewer });
    expect(
      delta(beforeRead, await cacheCounters(c)),
      'a write must invalidate the cached set: the next read is one miss',
    ).toEqual({ hits: 0, misses: 1 });
  });
});
