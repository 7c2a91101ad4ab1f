import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { DSL_TABLE, MALFORMED } from './support/dsl-table.ts';
import type { Exchange, FlagsClient } from './support/http-client.ts';
import { booleanFlag } from './support/sample-flags.ts';
import { type FlagsCluster, startFlags } from './support/start-flags.ts';
import { type TenantTokens, tenantTokens } from './support/tokens.ts';

/** A loaded 2-core machine answers a 4 KB parse in milliseconds; seconds mean the input was not limited. */
const HOSTILE_MAX_MS = 3_000;

const dslFlag = (key: string, expression: string) =>
  booleanFlag(key, { rules: [{ id: 'dsl', expression, serve: { variant: 'on' } }], fallthrough: { variant: 'off' } });

const namesPosition = (res: Exchange) => {
  const errors = (res.json as { errors?: { path?: unknown; message?: unknown }[] } | undefined)?.errors ?? [];
  return errors.some((e) => e?.path === '/rules/0/expression' && /position \d+/.test(String(e?.message)));
};

criterion('B1', 'Targeting DSL', () => {
  let cluster: FlagsCluster;
  let api: FlagsClient;
  let acme: TenantTokens;

  beforeAll(async () => {
    cluster = await startFlags('b1', 1);
    api = cluster.clients[0] as FlagsClient;
    acme = await tenantTokens('acme-b1');
  });
  afterAll(() => cluster?.stop());

  test('the table of expressions evaluates as the README specifies', async () => {
    const wrong: string[] = [];
    for (const [i, c] of DSL_TABLE.entries()) {
      const created = await api.post('/flags', { token: acme.editor, body: dslFlag(`dsl-${i}`, c.expression) });
      if (created.status !== 201) {
        wrong.push(`the valid expression ${c.expression} must be accepted\n  ${created.shown}`);
        continue;
      }
      for (const [attributes, matches] of c.expect) {
        const res = await api.post('/evaluate', {
          token: acme.viewer,
          body: { flagKey: `dsl-${i}`, context: { userId: 'u1', attributes } },
        });
        const variant = (res.json as { variant?: unknown } | undefined)?.variant;
        // A body with a "__proto__" key may be refused outright (fastify does by default): that is safe too.
        const refusedSafely = Object.hasOwn(attributes, '__proto__') && res.status >= 400 && res.status < 500;
        if (variant !== (matches ? 'on' : 'off') && !refusedSafely) {
          wrong.push(`${c.expression} with ${JSON.stringify(attributes)} must be ${matches}\n  ${res.shown}`);
        }
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test('malformed expressions get 400 with an error at /rules/0/expression naming the position', async () => {
    const wrong: string[] = [];
    for (const [i, expression] of MALFORMED.entries()) {
      const res = await api.post('/flags', { token: acme.editor, body: dslFlag(`bad-${i}`, expression) });
      if (res.status !== 400 || !namesPosition(res))
        wrong.push(`${expression}: expected 400 naming "position N"\n  ${res.shown}`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test('1,000 and 10,000 nested parentheses, 1,000 and 10,000 nots and a 1 MB expression are refused quickly, and the service stays up and fast', async () => {
    const instance = cluster.instances[0];
    const hostile: [string, string][] = [
      // Under the 4 KB limit: only a nesting limit refuses these.
      ['1,000 nested parentheses (2 KB)', `${'('.repeat(1_000)}a == 1${')'.repeat(1_000)}`],
      ['1,000 nots (4 KB)', `${'not '.repeat(1_000)}a == 1`],
      ['10,000 nested parentheses', `${'('.repeat(10_000)}a == 1${')'.repeat(10_000)}`],
      ['10,000 nots', `${'not '.repeat(10_000)}a == 1`],
      ['a 1 MB expression', `${'a == 1 and '.repeat(95_000)}a == 1`],
    ];
    const wrong: string[] = [];
    for (const [i, [what, expression]] of hostile.entries()) {
      const started = performance.now();
      let res: Exchange | undefined;
      try {
        res = await api.post('/flags', {
          token: acme.editor,
          body: dslFlag(`hostile-${i}`, expression),
          timeoutMs: 20_000,
        });
      } catch (error) {
        wrong.push(`${what}: no answer (${(error as Error).message})`);
        continue;
      }
      const ms = performance.now() - started;
      const refused = res.status === 400 ? namesPosition(res) : what.includes('1 MB') && res.status === 413;
      if (!refused)
        wrong.push(
          `${what}: expected 400 naming the position${what.includes('1 MB') ? ' (or 413)' : ''}\n  ${res.shown}`,
        );
      if (ms > HOSTILE_MAX_MS) wrong.push(`${what}: took ${Math.round(ms)} ms (limit length and depth before parsing)`);
    }
    const exited = await Promise.race([instance?.exited, new Promise((r) => setTimeout(() => r(undefined), 200))]);
    expect(exited, `the service exited after hostile input:\n${instance?.output(15)}`).toBeUndefined();
    const started = performance.now();
    const health = await api.get('/healthz');
    const healthMs = performance.now() - started;
    expect(health.status, 'the service must still answer /healthz').toBe(200);
    expect(healthMs, 'the service must still be fast after hostile input').toBeLessThan(HOSTILE_MAX_MS);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});
