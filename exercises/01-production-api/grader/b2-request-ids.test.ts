import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type Exchange } from '../../../harness/grading/grader-kit.ts';
import { USERS } from './support/api-env.ts';
import { entries, instanceLogLines, type LogLine } from './support/log-lines.ts';
import { login, type RunningApi, sleep, startApi } from './support/start-api.ts';

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
const CONCURRENT = 50;

interface Sent {
  readonly id: string;
  readonly path: string;
  readonly res: Exchange;
}

const requestIdOf = (line: LogLine) => line.json?.request_id;
const urlsOf = (line: LogLine) =>
  entries(line.json).filter(([key, value]) => /^(url|path|route|originalUrl)$/i.test(key) && typeof value === 'string');
const hasStatus = (line: LogLine, status: number) =>
  entries(line.json).some(([key, value]) => /status/i.test(key) && Number(value) === status);
const hasDuration = (line: LogLine) =>
  entries(line.json).some(
    ([key, value]) => /time|duration|elapsed|latency/i.test(key) && key !== 'time' && typeof value === 'number',
  );

criterion('B2', 'Request/response logging & correlation IDs', () => {
  let run: RunningApi;
  let token: string;

  beforeAll(async () => {
    run = await startApi('b2', { LOG_LEVEL: 'info' });
    token = (await login(run.api, USERS.viewer)).access_token;
  });
  afterAll(() => run?.stop());

  test('a well-formed X-Request-Id is kept, a malformed or missing one replaced; the id is in the header and in error bodies', async () => {
    const kept = await run.api.get('/v1/me', { token, headers: { 'x-request-id': 'grader.b2-kept_1' } });
    expect(kept.headers.get('x-request-id'), `a well-formed incoming id must be echoed\n  ${kept.shown}`).toBe(
      'grader.b2-kept_1',
    );
    for (const bad of ['has spaces and !', 'a'.repeat(129)]) {
      const res = await run.api.get('/v1/me', { token, headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id') ?? '';
      expect(
        id !== bad && ID_PATTERN.test(id),
        `a malformed incoming id must be replaced by a new one matching ${ID_PATTERN}; X-Request-Id came back as "${id}"\n  ${res.shown}`,
      ).toBe(true);
    }
    const none = await run.api.get('/v1/me', { token });
    expect(none.headers.get('x-request-id') ?? '', `without an incoming id a new one is made\n  ${none.shown}`).toMatch(
      ID_PATTERN,
    );
    const missing = await run.api.get('/v1/no-such-route', { token, headers: { 'x-request-id': 'grader-404' } });
    expect(
      (missing.json as { request_id?: unknown } | undefined)?.request_id,
      `an error body carries the request's id\n  ${missing.shown}`,
    ).toBe('grader-404');
  });

  test(`under ${CONCURRENT} concurrent requests every log line carries the request_id of its own request`, async () => {
    await sleep(300);
    const before = instanceLogLines('b2').length;
    const nonce = randomBytes(4).toString('hex');
    const paths = (i: number) =>
      i % 5 === 0 ? '/v1/debug/fail' : i % 5 === 1 ? `/v1/no-such-route-${i}` : `/v1/products?category=b2-${i}`;
    const sent: Sent[] = await Promise.all(
      Array.from({ length: CONCURRENT }, async (_, i) => {
        const id = `b2-${nonce}-${i}`;
        const path = paths(i);
        return { id, path, res: await run.api.get(path, { token, headers: { 'x-request-id': id } }) };
      }),
    );
    await sleep(800);
    const lines = instanceLogLines('b2').slice(before);
    const json = lines.filter((l) => l.json);
    const byId = new Map(sent.map((s) => [s.id, s]));

    const orphans = json.filter((l) => !byId.has(String(requestIdOf(l)))).map((l) => l.raw.slice(0, 240));
    expect(
      orphans,
      `while the grader's ${CONCURRENT} requests (ids b2-${nonce}-0…${CONCURRENT - 1}) were handled, every JSON log line must carry request_id of one of them — repository and database code too (AsyncLocalStorage + a pino mixin); these lines did not:`,
    ).toEqual([]);

    const crossed: string[] = [];
    const incomplete: string[] = [];
    for (const { id, path, res } of sent) {
      const own = json.filter((l) => requestIdOf(l) === id);
      for (const line of own) {
        const foreign = urlsOf(line).filter(([, url]) => String(url).split('?')[0] !== path.split('?')[0]);
        if (foreign.length)
          crossed.push(`${id} (sent GET ${path}) on a line about ${foreign[0]?.[1]}: ${line.raw.slice(0, 200)}`);
      }
      const incoming = own.some((l) => urlsOf(l).length > 0);
      const completed = own.some((l) => hasStatus(l, res.status) && hasDuration(l));
      const errorLogged = res.status < 500 || own.some((l) => Number(l.json?.level) >= 50 || 'err' in (l.json ?? {}));
      if (!incoming || !completed || !errorLogged) {
        incomplete.push(
          `${id} GET ${path} → ${res.status}: ${[
            incoming ? '' : 'no incoming-request line with its url',
            completed ? '' : `no response line with status ${res.status} and a duration`,
            errorLogged ? '' : 'no error-level line for the 500',
          ]
            .filter(Boolean)
            .join('; ')} (${own.length} lines carry this id)`,
        );
      }
    }
    expect(
      crossed,
      "log lines carrying another request's id (a shared variable instead of per-request context?):",
    ).toEqual([]);
    expect(
      incomplete,
      'each request must be logged on arrival, on error and on completion (status, duration), with its request_id:',
    ).toEqual([]);
  });
});
