import { request } from 'node:http';

/** One GET; resolves the status code, or undefined when nothing answered within `timeoutMs`. */
export function httpStatus(url: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
    req.end();
  });
}

/**
 * Polls `url` until it answers 2xx. Resolves the time it took; rejects with what was seen last when
 * `timeoutMs` passes or `gaveUp` settles first (the program exited).
 */
export async function waitForHttp(url: string, timeoutMs: number, gaveUp: Promise<unknown>): Promise<number> {
  const started = performance.now();
  let over = false;
  void gaveUp.then(() => {
    over = true;
  });
  let last: number | undefined;
  while (!over && performance.now() - started < timeoutMs) {
    last = await httpStatus(url, Math.min(1_000, timeoutMs));
    if (last !== undefined && last >= 200 && last < 300) return Math.round(performance.now() - started);
    if (!over) await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(last === undefined ? 'nothing answered' : `it answered ${last}, not 2xx`);
}
