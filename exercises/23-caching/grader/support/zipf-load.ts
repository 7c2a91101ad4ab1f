import autocannon from 'autocannon';

/** What one load run observed. */
export interface ZipfLoad {
  readonly answers: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

/** Runs autocannon against GET /items/<key of nextKey()> for `seconds`, recording every answer's latency. */
export function runZipfLoad(url: string, nextKey: () => string, seconds: number, connections = 10): Promise<ZipfLoad> {
  const latencies: number[] = [];
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/items/${nextKey()}` }) }],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        latencies.sort((a, b) => a - b);
        resolve({
          answers: latencies.length,
          non2xx,
          errors: result.errors + result.timeouts,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
        });
      },
    );
    instance.on('response', (_client, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx += 1;
    });
  });
}
