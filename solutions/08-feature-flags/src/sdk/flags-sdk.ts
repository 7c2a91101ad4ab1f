import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { type Evaluation, type EvaluationContext, evaluateFlag } from '../evaluate.ts';
import type { StoredFlag } from '../flag.ts';

export interface SdkOptions {
  /** Base URL of a flags service instance. */
  readonly url: string;
  readonly token: string;
  readonly snapshotPath: string;
  readonly pollIntervalMs: number;
}

/** Where the flags being served came from: the service in this process's life, or only the snapshot file. */
export type FlagSource = 'live' | 'snapshot';

interface Snapshot {
  etag: string | null;
  flags: StoredFlag[];
}

/**
 * A client SDK: downloads the tenant's whole flag set, evaluates locally with the service's own engine
 * (no network call per evaluation), polls with If-None-Match, keeps a snapshot file to boot from, and
 * never forgets flags because the service is unreachable.
 */
export class FlagsSdk {
  private flags = new Map<string, StoredFlag>();
  private etag: string | null = null;
  private source: FlagSource | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SdkOptions) {}

  /** Boots from the snapshot if there is one, then polls in the background. */
  start(): void {
    this.loadSnapshot();
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  evaluate(key: string, context: EvaluationContext): (Evaluation & { source: FlagSource }) | undefined {
    const flag = this.flags.get(key);
    if (!flag || !this.source) return undefined;
    return { ...evaluateFlag(flag, context), source: this.source };
  }

  private loadSnapshot(): void {
    try {
      const snapshot = JSON.parse(readFileSync(this.options.snapshotPath, 'utf8')) as Snapshot;
      this.replace(snapshot);
      this.source = 'snapshot';
    } catch {
      // No snapshot yet (first start) or a damaged one: wait for the service.
    }
  }

  private replace(snapshot: Snapshot): void {
    this.flags = new Map(snapshot.flags.map((f) => [f.key, f]));
    this.etag = snapshot.etag;
  }

  private polling = false;

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
      if (this.etag) headers['if-none-match'] = this.etag;
      const response = await fetch(`${this.options.url}/flags`, {
        headers,
        signal: AbortSignal.timeout(Math.max(1_000, this.options.pollIntervalMs)),
      });
      if (response.status === 304) {
        this.source = 'live';
        return;
      }
      if (!response.ok) return;
      const body = (await response.json()) as { flags: StoredFlag[] };
      const snapshot: Snapshot = { etag: response.headers.get('etag'), flags: body.flags };
      this.replace(snapshot);
      this.source = 'live';
      await this.saveSnapshot(snapshot);
    } catch {
      // Unreachable or slow: keep serving the last known flags and try again at the next tick.
    } finally {
      this.polling = false;
    }
  }

  /** Temp file + rename: a crash never leaves half a snapshot behind. */
  private async saveSnapshot(snapshot: Snapshot): Promise<void> {
    const temp = `${this.options.snapshotPath}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(snapshot));
    await rename(temp, this.options.snapshotPath);
  }
}
