import type { ImageSource } from './choose-image.ts';
import type { ServiceName } from './image-catalog.ts';

/** `container`: lab started it for this run; `external`: its URL came from env and lab never starts or stops it. */
export type ServiceMode = 'container' | 'external';

/** One dependency of a run as graders see it: plain data, it crosses into vitest workers. */
export interface ServiceInfo {
  readonly name: ServiceName;
  readonly mode: ServiceMode;
  /** The URL handed to the learner's program (already isolated for this run: its own database, …). */
  readonly url: string;
  /** Image and container id, for `container` mode (faults stop/pause containers by id). */
  readonly image?: string;
  readonly containerId?: string;
  /** From the start request until the service answered from this machine. */
  readonly readyMs: number;
}

/**
 * A server a run uses without owning it: an external one (`LAB_REDIS_URL`…, never started or stopped
 * by lab) or a warm container kept between runs (`lab up`, `lab watch`). The run still gets its own
 * database / key prefix on it, dropped when the run ends.
 */
export interface SharedServer {
  /** The server's base URL: Redis without a prefix, Postgres on a database the role may CREATE DATABASE from. */
  readonly url: string;
  readonly mode: ServiceMode;
  /** Where it comes from, for the views: `LAB_REDIS_URL`, `lab up`, `lab watch`. */
  readonly source: string;
  readonly image?: string;
  readonly containerId?: string;
}

/** What a service adds to the learner's environment and how to tear it down. */
export interface StartedService {
  readonly info: ServiceInfo;
  /** The server's base URL, shareable by later runs (see SharedServer). */
  readonly serverUrl: string;
  /** e.g. REDIS_URL + KEY_PREFIX, DATABASE_URL. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops and removes the container (container mode) or drops this run's data (external mode). */
  stop(): Promise<void>;
}

/** Progress of service start-up and teardown, for the views (`url`s are redacted). */
export type ServiceProgress =
  | { readonly type: 'image'; readonly service: ServiceName; readonly image: string; readonly source: ImageSource }
  | { readonly type: 'started'; readonly service: ServiceName; readonly image: string; readonly ms: number }
  | { readonly type: 'external'; readonly service: ServiceName; readonly url: string; readonly source: string }
  | { readonly type: 'ready'; readonly service: ServiceName; readonly url: string; readonly ms: number }
  | { readonly type: 'stopped'; readonly service: ServiceName; readonly ms: number }
  /** On a shared server (external, warm): this run's keys / database were dropped; the server runs on. */
  | { readonly type: 'dropped'; readonly service: ServiceName; readonly ms: number };

/** What starting one service needs to know about its run. */
export interface ServiceRun {
  readonly runId: string;
  /** How long a container may take to become ready. */
  readonly startupTimeoutMs: number;
  readonly onProgress: (event: ServiceProgress) => void;
  /** Use this server instead of starting a container (external mode, warm containers). */
  readonly shared?: SharedServer;
  /** The workspace folder that keeps this container between runs (`lab up`): `lab doctor --cleanup` leaves it to `lab down`. */
  readonly keep?: string;
  /** The service label of the container when it is not the catalog name (a grader's extra instance). */
  readonly label?: string;
}
