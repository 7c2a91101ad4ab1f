import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';
import { parsePrometheusText, type Scrape } from '../../../../harness/grading/grader-kit.ts';

/** Scrapes GET /metrics of one instance. */
export async function scrape(instance: StartedLearnerService): Promise<Scrape> {
  const res = await fetch(`${instance.url}/metrics`, { signal: AbortSignal.timeout(20_000) });
  if (!res.ok) throw new Error(`GET /metrics on instance ${instance.instance} answered ${res.status}`);
  return parsePrometheusText(await res.text());
}

/** How much each named sample grew between two scrapes (a missing sample counts as absent, not 0). */
export const growth = (before: Scrape, after: Scrape, names: readonly string[]) =>
  Object.fromEntries(
    names.map((name) => [
      name,
      after.sums[name] === undefined ? 'absent from /metrics' : after.sums[name] - (before.sums[name] ?? 0),
    ]),
  );
