import { BENCH_METRICS, type BenchMetric } from './bench-manifest.ts';
import type { BenchResult, HistogramBucket, MetricChange, ScenarioResult } from './bench-result.ts';

/** Plain-text rendering of a bench result: a table per scenario, its latency histogram, its changes. */
export function formatBenchReport(result: BenchResult): string {
  const lines = [`lab bench ${result.exercise} · ${result.title} · ${result.target.dir}`, ''];
  for (const scenario of result.scenarios) lines.push(...formatScenario(scenario), '');
  const failed = result.scenarios.flatMap((s) =>
    s.thresholds.filter((t) => !t.passed).map((t) => `${s.name}: ${t.metric}`),
  );
  lines.push(
    failed.length === 0
      ? `✓ every threshold holds (${result.scenarios.length} scenario${result.scenarios.length === 1 ? '' : 's'}, ${result.machine.cpus} CPUs, Node ${result.machine.node})`
      : `✗ threshold breached: ${failed.join(', ')}`,
  );
  return lines.join('\n');
}

function formatScenario(scenario: ScenarioResult): string[] {
  const m = scenario.metrics;
  const head = `${scenario.passed ? '✓' : '✗'} ${scenario.name} — ${scenario.description}`;
  const how = `  ${scenario.request.method} ${scenario.request.path} · ${scenario.connections} connections · ${scenario.durationSeconds} s (after ${scenario.warmupSeconds} s warm-up) · ${m.responses} answers, ${m.errors} errors`;
  const rows: [string, string, string, string][] = [['metric', 'value', 'threshold', '']];
  const shown: BenchMetric[] = ['p50', 'p95', 'p99', 'rps', 'errorRate', 'non2xxRate'];
  for (const metric of shown) {
    const threshold = scenario.thresholds.find((t) => t.metric === metric);
    rows.push([
      BENCH_METRICS[metric].label,
      formatValue(metric, m[metric]),
      threshold ? `${threshold.bound === 'max' ? '≤' : '≥'} ${formatValue(metric, threshold.limit)}` : '',
      threshold ? (threshold.passed ? '✓' : '✗') : '',
    ]);
  }
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const table = rows.map(([a, b, c, d]) =>
    `  ${a.padEnd(widths[0] ?? 0)}  ${b.padStart(widths[1] ?? 0)}  ${c.padEnd(widths[2] ?? 0)}  ${d}`.trimEnd(),
  );
  const lines = [head, how, '', ...table, ...formatHelpers(scenario), '', '  latency histogram (ms)'];
  lines.push(...formatHistogram(scenario.histogram));
  if (scenario.comparison) {
    lines.push('', `  against the previous run (${scenario.comparison.previousStartedAt})`);
    lines.push(...formatChanges(scenario.comparison.changes));
  }
  return lines;
}

/** What the scenario's helpers counted, e.g. `ORIGIN_URL: originCalls 12 (0.004 per answer)`. */
function formatHelpers(scenario: ScenarioResult): string[] {
  const answers = Math.max(scenario.metrics.responses, 1);
  return Object.entries(scenario.helpers ?? {}).flatMap(([variable, counters]) =>
    Object.entries(counters).map(
      ([name, n]) => `  ${variable}: ${name} ${n} (${(n / answers).toFixed(3)} per answer, measured run)`,
    ),
  );
}

const formatValue = (metric: BenchMetric | string, value: number): string => {
  if (metric === 'errorRate' || metric === 'non2xxRate') return `${(value * 100).toFixed(2)} %`;
  if (metric === 'rps') return `${value.toFixed(0)} req/s`;
  return `${value.toFixed(2)} ms`;
};

/** One bar per bucket, scaled to the fullest; empty buckets at the edges are already trimmed by construction. */
export function formatHistogram(buckets: readonly HistogramBucket[], width = 40): string[] {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const labels = buckets.map((b) => `${b.fromMs}–${b.toMs}`);
  const labelWidth = Math.max(0, ...labels.map((l) => l.length));
  const countWidth = String(most).length;
  return buckets.map((bucket, i) => {
    const bar = '█'.repeat(Math.round((bucket.count / most) * width)) || (bucket.count > 0 ? '▏' : '');
    const share = total ? ((bucket.count / total) * 100).toFixed(1) : '0.0';
    return `  ${(labels[i] ?? '').padStart(labelWidth)} │${bar.padEnd(width)} ${String(bucket.count).padStart(countWidth)} ${share.padStart(5)} %`;
  });
}

function formatChanges(changes: readonly MetricChange[]): string[] {
  return changes.map((c) => {
    const change = c.change === null ? 'n/a' : `${c.change >= 0 ? '+' : ''}${(c.change * 100).toFixed(1)} %`;
    return `  ${c.metric.padEnd(10)} ${formatValue(c.metric, c.previous).padStart(14)} → ${formatValue(c.metric, c.current).padStart(14)}  ${change}`;
  });
}
