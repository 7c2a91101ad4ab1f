import { freePort, invoke } from '../../../../harness/grading/grader-kit.ts';
import { sleep } from './start-flags.ts';

export interface FeatureAnswer {
  readonly status: number;
  readonly value: unknown;
  readonly source: unknown;
  readonly shown: string;
}

/** One running example-app (the contract's `example-app` command), reached on its own PORT. */
export interface ExampleApp {
  readonly url: string;
  feature(key: string, query: Record<string, string>): Promise<FeatureAnswer>;
}

/**
 * Starts `example-app` in the background through invoke(): lab registers its process group, and it
 * is stopped when `lifetimeMs` runs out or at the run's teardown, whichever comes first.
 */
export async function startExampleApp(env: Record<string, string>, lifetimeMs: number): Promise<ExampleApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const run = invoke('example-app', [], { env: { ...env, PORT: String(port) }, timeoutMs: lifetimeMs });
  let ended = false;
  let endedWith = '';
  void run.then((result) => {
    ended = true;
    endedWith = `exit ${result.exitCode ?? result.signal}\n${result.stderr.slice(-1500)}`;
  });
  const app: ExampleApp = {
    url,
    async feature(key, query) {
      const path = `/feature/${encodeURIComponent(key)}?${new URLSearchParams(query)}`;
      try {
        const res = await fetch(url + path, { signal: AbortSignal.timeout(5_000) });
        const text = await res.text();
        let body: { value?: unknown; source?: unknown } = {};
        try {
          body = JSON.parse(text);
        } catch {}
        return {
          status: res.status,
          value: body.value,
          source: body.source,
          shown: `GET ${path} → ${res.status} ${text.slice(0, 300)}`,
        };
      } catch (error) {
        return {
          status: 0,
          value: undefined,
          source: undefined,
          shown: `GET ${path} → no answer (${(error as Error).message})`,
        };
      }
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (ended) throw new Error(`example-app ended before it answered on PORT ${port}: ${endedWith}`);
    const probe = await app.feature('__ready__', { userId: 'probe' });
    if (probe.status !== 0) return app;
    if (Date.now() > deadline) throw new Error(`example-app did not answer HTTP on PORT ${port} within 30 s`);
    await sleep(200);
  }
}

/** Polls until `check` accepts an answer or the time is up; returns the last answer. */
export async function waitForAnswer(
  ask: () => Promise<FeatureAnswer>,
  check: (answer: FeatureAnswer) => boolean,
  withinMs: number,
): Promise<{ answer: FeatureAnswer; ms: number }> {
  const started = Date.now();
  let answer = await ask();
  while (!check(answer) && Date.now() - started < withinMs) {
    await sleep(100);
    answer = await ask();
  }
  return { answer, ms: Date.now() - started };
}
