import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareMetrics } from './bench-metrics.ts';
import { type BenchResult, benchResultSchema } from './bench-result.ts';

/** Bench results are kept with the program they measured: `<program>/.lab/bench/`. */
export const benchHistoryDir = (programDir: string): string => join(programDir, '.lab', 'bench');
const LATEST = 'latest.json';

/** A kept result, or undefined when it no longer parses (a newer lab, a hand edit). */
function readBench(file: string): BenchResult | undefined {
  try {
    const parsed = benchResultSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Kept results, newest first (timestamped names sort by time). */
export function keptBenches(programDir: string, limit = 50): BenchResult[] {
  const dir = benchHistoryDir(programDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^\d{4}-.*\.json$/.test(name));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .slice(0, limit)
    .flatMap((name) => readBench(join(dir, name)) ?? []);
}

/** Keeps a result as `<timestamp>.json` and as `latest.json`; returns the timestamped file. */
export function saveBench(programDir: string, result: BenchResult): string {
  const dir = benchHistoryDir(programDir);
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const file = join(dir, `${result.startedAt.replaceAll(':', '-')}.json`);
  writeFileSync(file, text);
  writeFileSync(join(dir, `${LATEST}.tmp`), text);
  renameSync(join(dir, `${LATEST}.tmp`), join(dir, LATEST));
  return file;
}

/** Adds to each scenario its change against the latest earlier run of that scenario in `history` (newest first). */
export function withComparison(result: BenchResult, history: readonly BenchResult[]): BenchResult {
  return {
    ...result,
    scenarios: result.scenarios.map((scenario) => {
      const before = history
        .flatMap((kept) => kept.scenarios)
        .find((s) => s.name === scenario.name && s.startedAt < scenario.startedAt);
      if (!before) return scenario;
      const { comparison: _dropped, ...current } = scenario;
      return {
        ...current,
        comparison: { previousStartedAt: before.startedAt, changes: compareMetrics(before.metrics, scenario.metrics) },
      };
    }),
  };
}
