import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type BenchResult, benchResultSchema } from '../harness/bench/bench-result.ts';
import { type VerifyResult, verifyResultSchema } from '../harness/grading/verify-result.ts';
import { htmlReport } from '../harness/reporters/html-report.ts';
import { runLab } from './run-lab.ts';

const root = mkdtempSync(join(tmpdir(), 'lab-html-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What a hostile learner would print to get markup into the page. */
const HOSTILE = [
  '<script>alert("pwned")</script>',
  '</pre><img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><a href=javascript:alert(1)>x</a>",
  '<style>body{background:url(https://evil.example/x.png)}</style>',
].join('\n');

/** The only elements and attributes the report is made of; anything else came from text that was not escaped. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body h1 h2 h3 p span strong code pre a ul li div table thead tbody tr th td details summary svg rect text line'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set(
  'lang charset http-equiv content name class id href open role aria-label width height viewBox xmlns x y x1 x2 y1 y2 rx fill stroke stroke-dasharray text-anchor'.split(
    ' ',
  ),
);

/** Self-contained and inert: known elements and attributes only, no script, nothing to fetch. */
function expectSelfContained(html: string): void {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)];
  expect(tags.length).toBeGreaterThan(20);
  expect([...new Set(tags.map((t) => t[1] as string))].filter((tag) => !ALLOWED_TAGS.has(tag.toLowerCase()))).toEqual(
    [],
  );
  const attributes = tags.flatMap((t) =>
    [...(t[2] as string).matchAll(/([^\s=]+)="[^"]*"/g)].map((a) => a[1] as string),
  );
  expect([...new Set(attributes)].filter((name) => !ALLOWED_ATTRIBUTES.has(name))).toEqual([]);
  // Attribute values are quoted; nothing but `<details open>` is left outside a quoted value inside a tag.
  for (const t of tags) {
    expect((t[2] as string).replace(/([^\s=]+)="[^"]*"/g, '').trim()).toMatch(
      t[1] === 'details' ? /^(open)?$/ : /^\/?$/,
    );
  }
  const links = tags.filter((t) => t[0].startsWith('<a ')).map((t) => t[2]);
  for (const link of links) expect(link).toMatch(/^ href="#project-\d+"$/);
  const style = html.match(/<style>([\s\S]*?)<\/style>/g) ?? [];
  expect(style).toHaveLength(1);
  expect(style[0]).not.toMatch(/url\(|@import/);
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
}

const criterion = (id: string, kind: 'required' | 'bonus', state: 'passed' | 'failed' | 'skipped') => ({
  id,
  kind,
  title: `${id} title <b>`,
  difficulty: 2,
  points: state === 'passed' ? 20 : 0,
  maxPoints: 20,
  durationMs: state === 'skipped' ? 0 : 1500,
  tests: state === 'skipped' ? [] : [{ name: `test of ${id} <i>`, state, durationMs: 1400 }],
  state,
  ...(state === 'failed' ? { message: `sent GET /x, expected 200, got 500\n${HOSTILE}`, learnerOutput: HOSTILE } : {}),
  ...(state === 'skipped' ? { message: 'not selected with --only' } : {}),
});

const result: VerifyResult = verifyResultSchema.parse({
  exercise: 25,
  slug: 'data-lake',
  title: 'Data Lake <script>x</script>',
  target: { source: 'workspace', dir: '/w/25-data-lake' },
  criteria: [
    criterion('R1', 'required', 'passed'),
    criterion('R2', 'required', 'failed'),
    criterion('B1', 'bonus', 'skipped'),
  ],
  summary: {
    requiredPassed: 1,
    requiredTotal: 2,
    bonusPassed: 0,
    bonusTotal: 1,
    points: 20,
    maxPoints: 60,
    passed: false,
  },
  durationMs: 4321,
  startedAt: '2026-11-27T00:00:00.000Z',
  labVersion: '0.1.0',
  graderDigest: `sha256:${'a'.repeat(64)}`,
});

describe('the HTML report', () => {
  const html = htmlReport({ title: 'lab verify 25', results: [result] });

  test('shows criteria with states, points, durations, failure details and the grader digest', () => {
    expect(html).toMatch(/<h1>lab verify 25 <span class="verdict failed">FAILED<\/span><\/h1>/);
    expect(html).toMatch(
      /<td class="state-passed">✓ passed<\/td><td>R1<\/td><td>R1 title &lt;b&gt;<\/td><td>required<\/td>/,
    );
    expect(html).toMatch(
      /<td class="state-failed">✗ failed<\/td><td>R2<\/td>.*<td class="num">0\/20<\/td><td class="num">1\.5 s<\/td>/,
    );
    expect(html).toMatch(/<td class="state-skipped">– skipped<\/td><td>B1<\/td>/);
    expect(html).toContain('<strong>20/60 points</strong>');
    expect(html).toContain('sent GET /x, expected 200, got 500');
    expect(html).toContain(`sha256:${'a'.repeat(64)}`);
    expect(html).toMatch(/<details open><summary class="state-failed">✗ R2/);
    expect(html).toContain('test of R2 &lt;i&gt;</td><td class="num">1400 ms');
    // The duration chart: one bar per graded criterion.
    expect(html.match(/<rect [^>]*><title>R\d/g)).toHaveLength(2);
  });

  test('learner output is text on the page, never markup', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&#39;&gt;&lt;a href=javascript:alert(1)&gt;');
    expectSelfContained(html);
  });

  test('several projects: a points table with a total', () => {
    const second = verifyResultSchema.parse({
      ...result,
      exercise: 3,
      title: 'Three',
      summary: { ...result.summary, points: 40 },
    });
    const both = htmlReport({ title: 'lab ci', results: [result, second] });
    expect(both).toMatch(
      /<a href="#project-3">Three<\/a><\/td><td class="num">1\/2<\/td><td class="num">–<\/td><td class="num">0\/1<\/td><td class="num">40\/60<\/td>/,
    );
    expect(both).toContain('<strong>60/120</strong>');
    expectSelfContained(both);
  });

  test('a bench result adds its figures and a latency histogram per scenario', () => {
    const bench: BenchResult = benchResultSchema.parse({
      kind: 'lab-bench',
      exercise: 18,
      slug: 'locks',
      title: 'Locks',
      target: { source: 'solution', dir: '/s/18' },
      scenarios: [
        {
          name: 'hot key <script>',
          description: 'many clients, one key',
          request: { method: 'POST', path: '/locks/a' },
          connections: 10,
          durationSeconds: 5,
          warmupSeconds: 1,
          startedAt: '2026-11-27T00:00:00.000Z',
          finishedAt: '2026-11-27T00:00:06.000Z',
          metrics: {
            p50: 2.4,
            p95: 6.1,
            p99: 9.5,
            meanMs: 3,
            maxMs: 14,
            rps: 3100.5,
            responses: 15500,
            errors: 0,
            timeouts: 0,
            non2xx: 2,
            errorRate: 0,
            non2xxRate: 0.0001,
            statusCodes: { '200': 15498, '429': 2 },
            durationSeconds: 5,
          },
          thresholds: [{ metric: 'p99', bound: 'max', limit: 50, value: 9.5, passed: true }],
          histogram: [
            { fromMs: 1, toMs: 1.5, count: 100 },
            { fromMs: 1.5, toMs: 2, count: 3000 },
            { fromMs: 2, toMs: 3, count: 9000 },
            { fromMs: 3, toMs: 5, count: 2500 },
            { fromMs: 5, toMs: 7, count: 700 },
            { fromMs: 7, toMs: 14, count: 200 },
          ],
          passed: true,
        },
      ],
      passed: true,
      startedAt: '2026-11-27T00:00:00.000Z',
      finishedAt: '2026-11-27T00:00:07.000Z',
      durationMs: 7000,
      labVersion: '0.1.0',
      machine: { node: 'v20.19.0', cpus: 2, platform: 'linux' },
    });
    const page = htmlReport({ title: 'lab bench 18', results: [], bench });
    expect(page).toMatch(/<h1>lab bench 18 <span class="verdict passed">PASSED<\/span>/);
    expect(page).toContain('hot key &lt;script&gt;');
    expect(page).toMatch(/<svg role="img" aria-label="latency histogram"/);
    expect(page.match(/<rect [^>]*><title>[\d.]+–[\d.]+ ms: \d+ requests<\/title>/g)).toHaveLength(6);
    // The tallest bucket fills the plot; percentiles are marked.
    expect(page).toContain('<title>2.00–3.00 ms: 9000 requests</title>');
    expect(page).toMatch(/p50 2\.40 ms.*p95 6\.10 ms.*p99 9\.50 ms/s);
    expect(page).toMatch(/<td class="num">2\.40 ms<\/td><td class="num">6\.10 ms<\/td><td class="num">9\.50 ms<\/td>/);
    expect(page).toMatch(/<td class="state-passed">✓<\/td><td>p99<\/td><td>≤ 50<\/td><td class="num">9\.50<\/td>/);
    expectSelfContained(page);
  });
});

describe('lab verify leaves the report next to the workspace state', () => {
  test('a failing program: Report: <path> printed; its hostile output escaped', async () => {
    const workspace = join(root, 'workspace');
    const env = { LAB_WORKSPACE: workspace };
    expect((await runLab(['start', '1'], env)).code).toBe(0);
    const project = join(workspace, '01-fake-cli');
    writeFileSync(join(project, 'answer.mjs'), `console.error(${JSON.stringify(HOSTILE)});\nprocess.exit(1);\n`);
    const run = await runLab(['verify', '1', '--only', 'R1', '--reporter', 'plain'], env);
    expect(run.code).toBe(1);
    const path = join(project, '.lab', 'report.html');
    expect(run.stdout).toContain(`Report: ${path}`);
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/<td class="state-failed">✗ failed<\/td><td>R1<\/td><td>Answers 42<\/td>/);
    expect(html).toContain('[your program] &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expectSelfContained(html);
    // --json stays one document on stdout; the report is still written.
    rmSync(path);
    const json = await runLab(['verify', '1', '--only', 'R1', '--json'], env);
    expect(JSON.parse(json.stdout).exercise).toBe(1);
    expect(readFileSync(path, 'utf8')).toMatch(/^<!doctype html>/);
  }, 120_000);
});
