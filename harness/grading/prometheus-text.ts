/** One scrape in Prometheus text format: `# TYPE` of each family and the sum of each sample name over its labels. */
export interface Scrape {
  readonly types: Record<string, string>;
  readonly sums: Record<string, number>;
  /** Lines that are neither comments nor `name{labels} value`. */
  readonly malformed: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)(\s+\d+)?$/;

export function parsePrometheusText(text: string): Scrape {
  const types: Record<string, string> = {};
  const sums: Record<string, number> = {};
  const malformed: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types[type[1] as string] = type[2] as string;
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    const value = Number(sample?.[3]);
    if (!sample || Number.isNaN(value)) {
      malformed.push(line);
      continue;
    }
    const name = sample[1] as string;
    // Buckets are cumulative per label set: summing them means nothing, keep only counts and sums.
    if (!name.endsWith('_bucket')) sums[name] = (sums[name] ?? 0) + value;
  }
  return { types, sums, malformed };
}

/** Adds up the sums of several scrapes. */
export function sumScrapes(scrapes: readonly Scrape[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const scrape of scrapes) {
    for (const [name, value] of Object.entries(scrape.sums)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
}
