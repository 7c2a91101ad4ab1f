import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InternalError } from '../errors.ts';

/** What a bench helper module's `startBenchHelper()` returns: a server, and counters to report. */
export interface BenchHelper {
  readonly url: string;
  /** Counters since the helper started, e.g. `{ originCalls: 12 }`; reported with the scenario. */
  counters(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/** The helpers of one scenario, started together and closed together. */
export interface RunningHelpers {
  /** Variable → URL, for the program's env. */
  readonly env: Readonly<Record<string, string>>;
  /** Variable → that helper's counters now. */
  counters(): Record<string, Record<string, number>>;
  close(): Promise<void>;
}

/**
 * Starts a scenario's helpers (modules of the exercise's own folder: lab's code, never the learner's)
 * and closes every one already started if another fails.
 */
export async function startBenchHelpers(
  exerciseDir: string,
  helpers: Readonly<Record<string, string>>,
): Promise<RunningHelpers> {
  const started: [string, BenchHelper][] = [];
  const close = async () => {
    await Promise.allSettled(started.map(([, helper]) => helper.close()));
  };
  try {
    for (const [variable, module] of Object.entries(helpers)) {
      started.push([variable, await startHelper(exerciseDir, module)]);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    env: Object.fromEntries(started.map(([variable, helper]) => [variable, helper.url])),
    counters: () => Object.fromEntries(started.map(([variable, helper]) => [variable, { ...helper.counters() }])),
    close,
  };
}

async function startHelper(exerciseDir: string, module: string): Promise<BenchHelper> {
  const file = resolve(exerciseDir, module);
  if (!file.startsWith(`${resolve(exerciseDir)}${sep}`)) {
    throw new InternalError('BENCH_HELPER', `bench helper ${module} is outside ${exerciseDir}`);
  }
  const loaded = (await import(pathToFileURL(file).href)) as { startBenchHelper?: () => Promise<BenchHelper> };
  if (typeof loaded.startBenchHelper !== 'function') {
    throw new InternalError('BENCH_HELPER', `bench helper ${file} does not export startBenchHelper()`);
  }
  return loaded.startBenchHelper();
}
