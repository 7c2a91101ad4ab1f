import { call } from './kv-client.ts';

export interface RebalanceReport {
  readonly state?: string;
  readonly moved?: number;
  readonly total?: number;
}

/** Polls GET /admin/rebalance every 100 ms until state is "done"; returns every report seen. */
export async function waitForRebalance(base: string, timeoutMs = 90_000): Promise<RebalanceReport[]> {
  const seen: RebalanceReport[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await call<RebalanceReport>(base, 'GET', '/admin/rebalance');
    if (answer.status !== 200) {
      throw new Error(
        `GET /admin/rebalance answered ${answer.status} ${JSON.stringify(answer.body)}; expected 200 {state, moved, total}`,
      );
    }
    seen.push(answer.body);
    if (answer.body.state === 'done') return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the rebalance did not report state "done" within ${timeoutMs / 1000} s; last reports: ${JSON.stringify(seen.slice(-3))}`,
  );
}
