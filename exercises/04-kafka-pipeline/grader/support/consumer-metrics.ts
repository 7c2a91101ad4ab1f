import { parsePrometheusText } from '../../../../harness/grading/grader-kit.ts';

/** The pipeline's numbers in one scrape of the consumer's /metrics. */
export interface PipelineMetrics {
  readonly processed: number;
  readonly retried: number;
  readonly deadLettered: number;
  /** pipeline_consumer_lag by its `partition` label. */
  readonly lag: ReadonlyMap<number, number>;
  readonly text: string;
}

const LAG = /^pipeline_consumer_lag\{([^}]*)\}\s+(\S+)/;

export async function scrapePipeline(url: string): Promise<PipelineMetrics> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}: ${text.slice(0, 200)}`);
  const { sums } = parsePrometheusText(text);
  const lag = new Map<number, number>();
  for (const line of text.split('\n')) {
    const match = LAG.exec(line.trim());
    const partition = /partition="(\d+)"/.exec(match?.[1] ?? '')?.[1];
    if (match && partition !== undefined) lag.set(Number(partition), Number(match[2]));
  }
  return {
    processed: sums.pipeline_events_processed_total ?? Number.NaN,
    retried: sums.pipeline_events_retried_total ?? Number.NaN,
    deadLettered: sums.pipeline_events_dead_lettered_total ?? Number.NaN,
    lag,
    text,
  };
}

/** `p0=12 p1=0 …` */
export const showLag = (lag: ReadonlyMap<number, number>): string =>
  [...lag]
    .sort(([a], [b]) => a - b)
    .map(([p, n]) => `p${p}=${n}`)
    .join(' ') || '(no pipeline_consumer_lag samples)';
