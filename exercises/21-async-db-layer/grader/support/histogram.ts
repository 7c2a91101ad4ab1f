/** One series of a Prometheus histogram: its labels and cumulative buckets (le → count). */
export interface HistogramSeries {
  readonly labels: string;
  readonly buckets: ReadonlyMap<number, number>;
  readonly count: number;
  readonly sum: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;

/** Every series of histogram `name` in a scrape, keyed by its labels other than `le`. */
export function histogramSeries(text: string, name: string): Map<string, HistogramSeries> {
  const series = new Map<string, { buckets: Map<number, number>; count: number; sum: number }>();
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (!match?.[1]?.startsWith(name)) continue;
    const labels = (match[2] ?? '').split(',').filter((l) => l && !l.startsWith('le='));
    const key = labels.sort().join(',');
    const entry = series.get(key) ?? { buckets: new Map(), count: 0, sum: 0 };
    series.set(key, entry);
    const value = Number(match[3]);
    if (match[1] === `${name}_bucket`) {
      const le = /le="([^"]+)"/.exec(match[2] ?? '')?.[1];
      entry.buckets.set(le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), value);
    } else if (match[1] === `${name}_count`) entry.count = value;
    else if (match[1] === `${name}_sum`) entry.sum = value;
  }
  return new Map([...series].map(([labels, s]) => [labels, { labels, ...s }]));
}

/** What a series gained between two scrapes. */
export function delta(after: HistogramSeries, before: HistogramSeries | undefined): HistogramSeries {
  const buckets = new Map<number, number>();
  for (const [le, n] of after.buckets) buckets.set(le, n - (before?.buckets.get(le) ?? 0));
  return {
    labels: after.labels,
    buckets,
    count: after.count - (before?.count ?? 0),
    sum: after.sum - (before?.sum ?? 0),
  };
}

/** The q-quantile as Prometheus' histogram_quantile computes it (linear inside the bucket). */
export function quantile(q: number, series: HistogramSeries): number {
  const bounds = [...series.buckets.keys()].sort((a, b) => a - b);
  const total = series.buckets.get(Number.POSITIVE_INFINITY) ?? series.count;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = series.buckets.get(le) ?? 0;
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower;
      return lower + (le - lower) * ((rank - below) / Math.max(count - below, 1e-9));
    }
    lower = le;
    below = count;
  }
  return lower;
}
