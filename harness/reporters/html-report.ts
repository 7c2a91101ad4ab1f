import type { BenchResult } from '../bench/bench-result.ts';
import type { GraderCheck } from '../ci/compare-graders.ts';
import type { CriterionResult, VerifyResult } from '../grading/verify-result.ts';
import { benchSection } from './bench-section.ts';
import { durationChart } from './duration-chart.ts';
import { commonCell, formatCounts } from './format-plain.ts';
import { escapeHtml } from './html-escape.ts';
import { HTML_REPORT_CSS } from './html-style.ts';

/** What one report shows: one project (`lab verify`), several (`lab ci`), and/or a bench run (`lab bench`). */
export interface HtmlReportInput {
  /** The page heading, e.g. `lab verify 25` or `lab ci`. */
  readonly title: string;
  readonly results: readonly VerifyResult[];
  /** `lab ci --check-graders`: shown as an alert when it found changed grader files. */
  readonly graderCheck?: GraderCheck | undefined;
  /** `lab bench`: its scenarios, figures and latency histograms after the projects. */
  readonly bench?: BenchResult | undefined;
}

const MARK = { passed: '✓', failed: '✗', skipped: '–' } as const;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * A self-contained HTML page: inline CSS and SVG, no script, no external asset, and a
 * Content-Security-Policy that would refuse both anyway. Every text from a run is escaped.
 */
export function htmlReport(input: HtmlReportInput): string {
  const e = escapeHtml;
  const passed =
    input.results.every((r) => r.summary.passed) && !input.graderCheck?.changes.length && (input.bench?.passed ?? true);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(input.title)}</title>`,
    `<style>${HTML_REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${e(input.title)} <span class="verdict ${passed ? 'passed' : 'failed'}">${passed ? 'PASSED' : 'FAILED'}</span></h1>`,
    graderAlert(input.graderCheck),
    input.results.length > 1 ? projectsTable(input.results) : '',
    ...input.results.map(projectSection),
    input.bench ? benchSection(input.bench) : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function graderAlert(check: GraderCheck | undefined): string {
  if (!check?.changes.length) return '';
  const items = check.changes.map((c) => `<li>${escapeHtml(c.change)} <code>${escapeHtml(c.file)}</code></li>`);
  return `<div class="alert"><strong>Graders modified</strong>: these grader files of ${escapeHtml(check.fork)} differ from the teacher's; the points below come from the teacher's graders.<ul>${items.join('')}</ul></div>`;
}

function projectsTable(results: readonly VerifyResult[]): string {
  const rows = results.map((r) => {
    const s = r.summary;
    return `<tr><td class="state-${s.passed ? 'passed' : 'failed'}">${s.passed ? MARK.passed : MARK.failed}</td><td>${r.exercise}</td><td><a href="#project-${r.exercise}">${escapeHtml(r.title)}</a></td><td class="num">${s.requiredPassed}/${s.requiredTotal}</td><td class="num">${commonCell(s)}</td><td class="num">${s.bonusPassed}/${s.bonusTotal}</td><td class="num">${s.points}/${s.maxPoints}</td><td class="num">${seconds(r.durationMs)}</td></tr>`;
  });
  const points = results.reduce((n, r) => n + r.summary.points, 0);
  const max = results.reduce((n, r) => n + r.summary.maxPoints, 0);
  return [
    '<table><thead><tr><th></th><th>#</th><th>project</th><th class="num">required</th><th class="num">common</th><th class="num">bonus</th><th class="num">points</th><th class="num">time</th></tr></thead><tbody>',
    ...rows,
    `<tr><td></td><td></td><td><strong>total</strong></td><td></td><td></td><td class="num"><strong>${points}/${max}</strong></td><td></td></tr>`,
    '</tbody></table>',
  ].join('\n');
}

function projectSection(result: VerifyResult): string {
  const e = escapeHtml;
  const s = result.summary;
  const rows = result.criteria.map(
    (c) =>
      `<tr><td class="state-${c.state}">${MARK[c.state]} ${c.state}</td><td>${e(c.id)}</td><td>${e(c.title)}</td><td>${c.kind}</td><td class="num">${c.difficulty}</td><td class="num">${c.points}/${c.maxPoints}</td><td class="num">${c.state === 'skipped' ? '' : seconds(c.durationMs)}</td></tr>`,
  );
  return [
    `<h2 id="project-${result.exercise}">${result.exercise} · ${e(result.title)}</h2>`,
    `<p><span class="verdict ${s.passed ? 'passed' : 'failed'}">${s.passed ? 'PASSED' : 'FAILED'}</span> ${escapeHtml(formatCounts(s).replaceAll(', ', ' · '))} · <strong>${s.points}/${s.maxPoints} points</strong> · ${seconds(result.durationMs)}</p>`,
    `<p class="meta">${e(result.target.source)} <code>${e(result.target.dir)}</code> · started ${e(result.startedAt)} · lab ${e(result.labVersion)} · grader <code>${e(result.graderDigest)}</code></p>`,
    '<table><thead><tr><th>state</th><th>id</th><th>criterion</th><th>kind</th><th class="num">difficulty</th><th class="num">points</th><th class="num">time</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    durationChart(result),
    ...result.criteria.map(criterionDetails),
  ].join('\n');
}

/** A failed criterion: what was sent/expected/received and the learner's last lines; its tests and their times. */
function criterionDetails(c: CriterionResult): string {
  if (c.state === 'skipped') return '';
  const e = escapeHtml;
  const tests = c.tests.map(
    (t) =>
      `<tr><td class="state-${t.state}">${MARK[t.state]}</td><td>${e(t.name)}</td><td class="num">${t.durationMs} ms</td></tr>`,
  );
  const failure =
    c.state === 'failed'
      ? [
          `<pre class="message">${e(c.message)}</pre>`,
          ...(c.learnerOutput
            ? ['<p>last lines of the program:</p>', `<pre class="output">${e(c.learnerOutput)}</pre>`]
            : []),
        ]
      : [];
  return [
    `<details${c.state === 'failed' ? ' open' : ''}><summary class="state-${c.state}">${MARK[c.state]} ${e(c.id)} ${e(c.title)}</summary>`,
    ...failure,
    tests.length ? `<table><tbody>${tests.join('')}</tbody></table>` : '',
    '</details>',
  ].join('\n');
}
