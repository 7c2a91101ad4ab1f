import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FlagsService, sampleFlag, startFlagsService } from './flags-service.ts';

describe('flags API against Postgres and Redis', () => {
  let flags: FlagsService;
  let editor: string;
  beforeAll(async () => {
    flags = await startFlagsService();
    editor = await flags.token('editor');
  });
  afterAll(() => flags?.close());

  test('a created flag reads back with a version, and the change is in the audit log', async () => {
    const created = await flags.request('POST', '/flags', { token: editor, body: sampleFlag('checkout') });
    expect(created.status).toBe(201);
    const read = await flags.request('GET', '/flags/checkout', { token: editor });
    expect(read.body).toMatchObject({ ...sampleFlag('checkout'), version: expect.any(Number) });
    const audit = await flags.request('GET', '/audit?flagKey=checkout', { token: editor });
    expect(audit.body).toMatchObject({ entries: [{ action: 'create', actor: `${flags.tenant}-editor` }] });
  });

  test('invalid flags get 400 with a JSON pointer per field; roles and tokens are enforced', async () => {
    const invalid = await flags.request('POST', '/flags', {
      token: editor,
      body: { ...sampleFlag('broken'), enabled: 'yes', offVariant: undefined },
    });
    expect(invalid.status).toBe(400);
    const paths = (invalid.body as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/enabled', '/offVariant']));
    const viewer = await flags.token('viewer');
    expect((await flags.request('POST', '/flags', { token: viewer, body: sampleFlag('v') })).status).toBe(403);
    expect((await flags.request('GET', '/flags')).status).toBe(401);
    expect((await flags.request('POST', '/evaluate', { token: editor, raw: '{"flagKey":' })).status).toBe(400);
  });

  test('evaluation serves the rule match and counts it; the first read after a write is a miss', async () => {
    await flags.request('POST', '/flags', { token: editor, body: sampleFlag('eval') });
    const before = await flags.service.metrics.text();
    const res = await flags.request('POST', '/evaluate', {
      token: editor,
      body: { flagKey: 'eval', context: { userId: 'u1', attributes: { country: 'DE' } } },
    });
    expect(res.body).toEqual({ flagKey: 'eval', variant: 'on', value: true, reason: 'RULE_MATCH' });
    const after = await flags.service.metrics.text();
    expect(after).toContain('flags_evaluations_total{reason="RULE_MATCH"} 1');
    const misses = (text: string) => Number(/^flags_cache_misses_total (\d+)/m.exec(text)?.[1]);
    expect(misses(after)).toBe(misses(before) + 1);
  });

  test('ETag: a matching If-None-Match gets 304, a change makes a new ETag', async () => {
    const first = await flags.request('GET', '/flags', { token: editor });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await flags.request('GET', '/flags', { token: editor, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    await flags.request('PATCH', '/flags/checkout', { token: editor, body: { enabled: false } });
    const changed = await flags.request('GET', '/flags', { token: editor, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  test('two tenants with the same flag key see only their own flag', async () => {
    const other = await flags.token('admin', `${flags.tenant}-other`);
    await flags.request('POST', '/flags', { token: other, body: { ...sampleFlag('checkout'), description: 'other' } });
    const mine = await flags.request('GET', '/flags/checkout', { token: editor });
    const theirs = await flags.request('GET', '/flags/checkout', { token: other });
    expect((mine.body as { description: string }).description).toBe('integration test flag');
    expect((theirs.body as { description: string }).description).toBe('other');
  });

  test('every log line is JSON with a level, a message and a time', () => {
    expect(flags.logs.length).toBeGreaterThan(0);
    for (const line of flags.logs) expect(line).toMatchObject({ level: expect.any(Number), time: expect.any(Number) });
    expect(flags.logs.some((line) => typeof line.msg === 'string')).toBe(true);
  });
});
