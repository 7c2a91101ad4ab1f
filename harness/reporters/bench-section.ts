import type { BenchResult, ScenarioResult } from '../bench/bench-result.ts';
import { escapeHtml } from './html-escape.ts';
import { latencyChart } from './latency-chart.ts';

/** The `lab bench` part of the HTML report: per scenario its figures, thresholds and latency histogram. */
export function benchSection(bench: BenchResult): string {
  const e = escapeHtml;
  return [
    `<h2 id="bench">bench · ${bench.exercise} ${e(bench.title)} <span class="verdict ${bench.passed ? 'passed' : 'failed'}">${bench.passed ? 'PASSED' : 'FAILED'}</span></h2>`,
    `<p class="meta">${e(bench.target.source)} <code>${e(bench.target.dir)}</code> · started ${e(bench.startedAt)} · ${(bench.durationMs / 1000).toFixed(1)} s · lab ${e(bench.labVersion)} · Node ${e(bench.machine.node)}, ${bench.machine.cpus} CPUs, ${e(bench.machine.platform)}</p>`,
    ...bench.scenarios.map(scenarioSection),
  ].join('\n');
}

function scenarioSection(s: ScenarioResult): string {
  const e = escapeHtml;
  const m = s.metrics;
  const thresholds = s.thresholds.map(
    (t) =>
      `<tr><td class="state-${t.passed ? 'passed' : 'failed'}">${t.passed ? '✓' : '✗'}</td><td>${e(t.metric)}</td><td>${t.bound === 'max' ? '≤' : '≥'} ${t.limit}</td><td class="num">${round(t.value)}</td></tr>`,
  );
  const changes = (s.comparison?.changes ?? []).map(
    (c) =>
      `<tr><td>${e(c.metric)}</td><td class="num">${round(c.previous)}</td><td class="num">${round(c.current)}</td><td class="num">${c.change === null ? '' : `${c.change >= 0 ? '+' : ''}${(c.change * 100).toFixed(1)} %`}</td></tr>`,
  );
  return [
    `<h3>${e(s.name)} <span class="state-${s.passed ? 'passed' : 'failed'}">${s.passed ? '✓' : '✗'}</span></h3>`,
    `<p>${e(s.description)} · <code>${e(`${s.request.method} ${s.request.path}`)}</code> · ${s.connections} connections, ${s.durationSeconds} s after ${s.warmupSeconds} s warm-up</p>`,
    `<table><thead><tr><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">mean</th><th class="num">max</th><th class="num">req/s</th><th class="num">responses</th><th class="num">errors</th><th class="num">non-2xx</th></tr></thead><tbody><tr><td class="num">${round(m.p50)} ms</td><td class="num">${round(m.p95)} ms</td><td class="num">${round(m.p99)} ms</td><td class="num">${round(m.meanMs)} ms</td><td class="num">${round(m.maxMs)} ms</td><td class="num">${round(m.rps)}</td><td class="num">${m.responses}</td><td class="num">${m.errors}</td><td class="num">${m.non2xx}</td></tr></tbody></table>`,
    latencyChart(s.histogram, { p50: m.p50, p95: m.p95, p99: m.p99 }),
    thresholds.length ? `<table><tbody>${thresholds.join('')}</tbody></table>` : '',
    changes.length
      ? `<table><thead><tr><th>metric</th><th class="num">previous</th><th class="num">now</th><th class="num">change</th></tr></thead><tbody>${changes.join('')}</tbody></table>`
      : '',
  ].join('\n');
}

const round = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(2));
