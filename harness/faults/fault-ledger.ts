import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fault a grader caused, as written to the run's ledger (one JSON line each). */
export type FaultEntry =
  | {
      readonly kind: 'process';
      readonly action: 'pause' | 'resume' | 'kill9' | 'stop' | 'restart';
      /** Instance name given by the grader (`a`, `b`, …). */
      readonly instance: string;
      /** The process group id (the leader's pid). */
      readonly pid: number;
      readonly at: string;
    }
  | {
      readonly kind: 'container';
      readonly action: 'stop' | 'start' | 'pause' | 'unpause' | 'restart';
      readonly service: string;
      readonly containerId: string;
      readonly at: string;
    }
  | {
      /** A grader added a toxic to a Toxiproxy proxy: teardown removes it. */
      readonly kind: 'toxic';
      /** The Toxiproxy API URL, the proxy's and the toxic's names. */
      readonly api: string;
      readonly proxy: string;
      readonly toxic: string;
      readonly at: string;
    }
  | {
      /** A grader disabled a Toxiproxy proxy (cut the link): teardown enables it again. */
      readonly kind: 'proxy-cut';
      readonly api: string;
      readonly proxy: string;
      readonly at: string;
    }
  | {
      /** A grader started another container of a service (startServiceInstance): teardown removes it. */
      readonly kind: 'service-instance';
      /** Its name, also its container's service label. */
      readonly service: string;
      readonly runId: string;
      readonly at: string;
    };

/** A fault as a caller describes it; the ledger adds the time. */
export type NewFault = FaultEntry extends infer F ? (F extends FaultEntry ? Omit<F, 'at'> : never) : never;

/** The ledger lives in the run folder, next to `pids/`, so teardown finds it from the run folder alone. */
export const faultLedgerPath = (runDir: string): string => join(runDir, 'faults.jsonl');

/** Appends one fault; an append is atomic enough for the few lines graders write from one worker each. */
export function recordFault(runDir: string, entry: NewFault): void {
  appendFileSync(faultLedgerPath(runDir), `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
}

/** Every fault of a run, oldest first; a torn last line (a worker killed mid-write) is skipped. */
export function readFaults(runDir: string): FaultEntry[] {
  const file = faultLedgerPath(runDir);
  if (!existsSync(file)) return [];
  const entries: FaultEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as FaultEntry);
    } catch {}
  }
  return entries;
}
