import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, test } from 'vitest';
import { logLineProblem } from '../../harness/common/log-lines.ts';
import { startOtlpReceiver } from '../../harness/common/otlp-receiver.ts';
import { isIntegration, readJunit } from '../../harness/common/read-junit.ts';
import { readmeProblems } from '../../harness/common/readme-sections.ts';
import { findSecrets } from '../../harness/common/scan-secrets.ts';

async function spansNamed(...names: string[]): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  for (const name of names) provider.getTracer('t').startSpan(name).end();
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

describe("lab's OTLP receiver", () => {
  test('reads span names from JSON and protobuf bodies, as the OTel SDK serializes them', async () => {
    await using receiver = await startOtlpReceiver();
    const spans = await spansNamed('GET /items', 'db.query');
    const post = (body: Uint8Array, type: string) =>
      fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post(JsonTraceSerializer.serializeRequest(spans) as Uint8Array, 'application/json')).status).toBe(
      200,
    );
    expect(
      (await post(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, 'application/x-protobuf')).status,
    ).toBe(200);
    expect(receiver.spans).toEqual([
      { name: 'GET /items', service: 'checkout' },
      { name: 'db.query', service: 'checkout' },
      { name: 'GET /items', service: 'checkout' },
      { name: 'db.query', service: 'checkout' },
    ]);
  });

  test("receives what the SDK's own OTLP/HTTP exporter sends to OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    await using receiver = await startOtlpReceiver();
    const exporter = new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` });
    const done = await new Promise<{ code: number }>((resolve) => exporter.export(spansOf(), resolve));
    expect(done.code).toBe(0);
    expect(receiver.spans.map((s) => s.name)).toContain('key path');
    await exporter.shutdown();
    function spansOf() {
      return spans;
    }
  }, 20_000);

  test('anything but POST /v1/traces is refused and remembered', async () => {
    await using receiver = await startOtlpReceiver();
    expect((await fetch(`${receiver.url}/v1/logs`, { method: 'POST', body: '{}' })).status).toBe(400);
    expect(receiver.rejected).toEqual(['POST /v1/logs (traces go to POST /v1/traces)']);
  });
});
const spans = await spansNamed('key path');

describe('structured log lines', () => {
  test.each([
    ['{"level":30,"time":1,"msg":"up"}', undefined],
    ['{"severity":"INFO","timestamp":"2026-01-01T00:00:00Z","message":"up"}', undefined],
    ['server listening on 3000', 'not JSON'],
    ['[1,2]', 'JSON, but not an object'],
    ['{"msg":"up"}', 'no a level, no a time'],
  ])('%s', (line, problem) => expect(logLineProblem(line)).toBe(problem));
});

describe('JUnit reports', () => {
  test("vitest's report: cases, their files, failures and skips; integration told apart by path", () => {
    const cases = readJunit(`<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="1">
  <testsuite name="test/unit/ring.test.ts" tests="2">
    <testcase classname="test/unit/ring.test.ts" name="spreads &amp; balances" time="0.01"></testcase>
    <testcase classname="test/unit/ring.test.ts" name="skipped one" time="0"><skipped/></testcase>
  </testsuite>
  <testsuite name="test/integration/store.test.ts" tests="1">
    <testcase classname="test/integration/store.test.ts" name="writes" time="0.2">
      <failure message="expected 1 to be 2" type="AssertionError">boom</failure>
    </testcase>
    <testcase classname="tests/cache.integration.test.ts" name="reads"/>
  </testsuite>
</testsuites>`);
    expect(cases.map((c) => [c.name, c.state, isIntegration(c)])).toEqual([
      ['spreads & balances', 'passed', false],
      ['skipped one', 'skipped', false],
      ['writes', 'failed', true],
      ['reads', 'passed', true],
    ]);
  });
});

describe('README sections', () => {
  const complete = [
    '# Shop',
    '```mermaid',
    'flowchart LR',
    '# not a heading inside a fence',
    '```',
    '## Development',
    '```sh',
    'npm run dev',
    '```',
    '## Production',
    '```sh',
    'docker compose up',
    '```',
    '## Runbook',
    '- Alert: p95 above 300 ms: check the pool metrics.',
    '- Database down: the breaker opens; wait, then check /healthz.',
    '- Rotate JWT_SECRET: deploy with both keys for an hour.',
  ].join('\n');

  test('a complete README has no problem', () => expect(readmeProblems(complete)).toEqual([]));

  test('each missing part is named', () => {
    expect(readmeProblems('# Shop\n\nA shop.\n## Development\nrun it\n## Runbook\n- one line\n')).toEqual([
      'an architecture diagram (a ```mermaid block, or an image ![…](…))',
      'a command block (```) in the development section "Development"',
      'a production section (a heading with (prod|production|deploy(ment|ing)?))',
      'at least 3 lines in the runbook section "Runbook" (it has 1)',
    ]);
  });
});

describe('secret scan', () => {
  test('finds a GitHub token and a .env with values; ignores .env.example and node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-secrets-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'node_modules'));
    // Made up here, so that no token-shaped literal sits in lab's own source.
    const token = `ghp_${'x7Kq2mZ9vB4nW1rT8yL3'.repeat(2).slice(0, 36)}`;
    writeFileSync(join(dir, 'src', 'keys.ts'), `export const token = '${token}';\n`);
    writeFileSync(join(dir, 'node_modules', 'keys.ts'), `export const token = '${token}';\n`);
    writeFileSync(join(dir, '.env'), 'JWT_SECRET=hunter2\n');
    writeFileSync(join(dir, '.env.example'), 'JWT_SECRET=\n');
    writeFileSync(join(dir, 'src', 'config.ts'), 'export const secret = process.env.JWT_SECRET;\n');
    const findings = await findSecrets(dir);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatch(/^\.env: a \.env file with values/);
    expect(findings[1]).toMatch(/^src\/keys\.ts:1: @secretlint\/secretlint-rule-github/);
  });
});
