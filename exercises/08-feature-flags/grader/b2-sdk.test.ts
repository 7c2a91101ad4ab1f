import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, lab, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { evaluate } from './support/evaluate-users.ts';
import { type ExampleApp, startExampleApp, waitForAnswer } from './support/example-app.ts';
import type { FlagsClient } from './support/http-client.ts';
import { RecordingProxy } from './support/recording-proxy.ts';
import { booleanFlag } from './support/sample-flags.ts';
import { type FlagsCluster, sleep, startFlags } from './support/start-flags.ts';
import { type TenantTokens, tenantTokens } from './support/tokens.ts';

const POLL_MS = 1_000;
/** The contract's bound is 2 polls; a loaded 2-core machine gets one more second. */
const PICK_UP_MS = 2 * POLL_MS + 1_000;

const GREETING = booleanFlag('greeting', {
  variants: { hello: 'hello', hi: 'hi', hey: 'hey' },
  offVariant: 'hello',
  rules: [{ id: 'de', clauses: [{ attribute: 'country', op: 'eq', values: ['DE'] }], serve: { variant: 'hi' } }],
  fallthrough: { variant: 'hello' },
});
const SPLIT = booleanFlag('split', {
  variants: { a: 'A', b: 'B' },
  offVariant: 'a',
  fallthrough: { rollout: { a: 50, b: 50 } },
});

criterion('B2', 'SDKs for clients', () => {
  let cluster: FlagsCluster;
  let api: FlagsClient;
  let acme: TenantTokens;
  let proxy: RecordingProxy;
  let appEnv: Record<string, string>;
  let first: ExampleApp;
  let service: StartedLearnerService;

  beforeAll(async () => {
    cluster = await startFlags('b2', 1);
    api = cluster.clients[0] as FlagsClient;
    service = cluster.instances[0] as StartedLearnerService;
    acme = await tenantTokens('acme-b2');
    for (const flag of [GREETING, SPLIT]) {
      const res = await api.post('/flags', { token: acme.editor, body: flag });
      if (res.status !== 201) throw new Error(`creating the grader's flags must work first (R1)\n  ${res.shown}`);
    }
    proxy = new RecordingProxy(new URL(service.url));
    appEnv = {
      FLAGS_URL: await proxy.start(),
      SDK_TOKEN: acme.viewer,
      SDK_SNAPSHOT_PATH: join(lab().workDir, 'b2-flags-snapshot.json'),
      SDK_POLL_INTERVAL_MS: String(POLL_MS),
    };
  });
  afterAll(async () => {
    await proxy?.stop();
    await cluster?.stop();
  });

  test('example-app serves GET /feature/:key with {value, source: "live"}, evaluated like the service, and writes its snapshot', async () => {
    first = await startExampleApp(appEnv, 120_000);
    const { answer } = await waitForAnswer(
      () => first.feature('greeting', { userId: 'u1' }),
      (a) => a.status === 200 && a.source === 'live',
      10_000,
    );
    expect({ value: answer.value, source: answer.source }, answer.shown).toEqual({ value: 'hello', source: 'live' });
    const de = await first.feature('greeting', { userId: 'u1', country: 'DE' });
    expect(de.value, `attributes come from the query string\n  ${de.shown}`).toBe('hi');
    const mismatched: string[] = [];
    for (let i = 0; i < 20; i++) {
      const local = await first.feature('split', { userId: `sdk-user-${i}` });
      const remote = await evaluate(api, acme.viewer, 'split', `sdk-user-${i}`);
      if (local.value !== remote.value)
        mismatched.push(`sdk-user-${i}: SDK ${String(local.value)}, service ${String(remote.value)}`);
    }
    expect(mismatched, 'the SDK must evaluate exactly like the service (share the engine)').toEqual([]);
    expect(existsSync(appEnv.SDK_SNAPSHOT_PATH as string), `the SDK must keep its snapshot at SDK_SNAPSHOT_PATH`).toBe(
      true,
    );
  });

  test('it polls GET /flags with If-None-Match and gets 304s, and evaluates locally (no request per evaluation)', async () => {
    await sleep(2.5 * POLL_MS);
    const conditional = proxy.log.filter((r) => r.ifNoneMatch !== undefined && r.status === 304);
    expect(
      conditional.length,
      `the SDK must poll with If-None-Match and get 304 when nothing changed; it sent: ${proxy.log
        .map((r) => `${r.method} ${r.path} INM=${r.ifNoneMatch ?? '-'} → ${r.status}`)
        .slice(-6)
        .join('; ')}`,
    ).toBeGreaterThan(0);
    const burstStart = Date.now();
    for (let i = 0; i < 40; i++) await first.feature('split', { userId: `burst-${i}` });
    const burstMs = Date.now() - burstStart;
    const sent = proxy.since(burstStart).length;
    expect(
      sent,
      `40 evaluations in ${burstMs} ms caused ${sent} requests to the service: evaluate locally`,
    ).toBeLessThanOrEqual(Math.ceil(burstMs / POLL_MS) + 2);
  });

  test('while every flag instance is stopped it keeps serving last-known values, and a new example-app boots from the snapshot', async () => {
    const stopped = await service.stop();
    const during: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(POLL_MS);
      const answer = await first.feature('greeting', { userId: 'u1', country: 'DE' });
      if (answer.value !== 'hi') during.push(answer.shown);
    }
    expect(during, 'last-known values must be served while the service is down').toEqual([]);
    const second = await startExampleApp(appEnv, 60_000);
    const { answer } = await waitForAnswer(
      () => second.feature('greeting', { userId: 'u2', country: 'DE' }),
      (a) => a.status === 200,
      5_000,
    );
    expect(
      { value: answer.value, source: answer.source },
      `a new example-app must boot from SDK_SNAPSHOT_PATH while the service is down\n  ${answer.shown}`,
    ).toEqual({
      value: 'hi',
      source: 'snapshot',
    });

    service = await stopped.start();
    const changed = await api.patch('/flags/greeting', {
      token: acme.editor,
      body: { fallthrough: { variant: 'hey' } },
    });
    expect(changed.status, `changing the flag on the restarted service must work (R1)\n  ${changed.shown}`).toBe(200);
    for (const [name, app] of [
      ['the first example-app', first],
      ['the example-app booted from the snapshot', second],
    ] as const) {
      const { answer: after, ms } = await waitForAnswer(
        () => app.feature('greeting', { userId: 'u3' }),
        (a) => a.value === 'hey' && a.source === 'live',
        PICK_UP_MS,
      );
      expect(
        { value: after.value, source: after.source },
        `${name} must pick up the change within 2 × SDK_POLL_INTERVAL_MS (+1 s) once the service is back; after ${ms} ms:\n  ${after.shown}`,
      ).toEqual({ value: 'hey', source: 'live' });
    }
  });
});
