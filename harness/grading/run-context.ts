import type { CommonManifest } from '../common/common-manifest.ts';
import type { CheckName } from '../learner/learner-program.ts';
import type { ServiceInfo } from '../services/started-service.ts';

/** The meta key a criterion suite carries; the reporter reads it back with `testCase.meta()`. */
export const CRITERION_META_KEY = 'labCriterion';

/**
 * What lab hands to a grader run (through vitest's `provide`). Plain data: it crosses into
 * vitest's worker processes.
 */
export interface LabRunContext {
  readonly exerciseId: number;
  /** Unique per run: names its databases, key prefix and container labels. */
  readonly runId: string;
  /** The learner's program folder (a workspace, the reference solution, a mutant, any --dir). */
  readonly programDir: string;
  /** A fresh, empty folder of this run; graders write their data and outputs under it. */
  readonly workDir: string;
  /** Kept between runs: deterministic inputs (generated data sets) only, never learner output. */
  readonly cacheDir: string;
  /** Where running learner processes register their process group ids for teardown. */
  readonly pidDir: string;
  /** Where each criterion's learner output is logged (`<id>.log`). */
  readonly logDir: string;
  /** A `service` contract's long-running program, after workspace overrides, and its readiness path. */
  readonly start?: readonly string[];
  readonly readyPath?: string;
  /** Named commands of the contract, after workspace overrides. */
  readonly commands: Readonly<Record<string, readonly string[]>>;
  /** The whole environment the learner's program receives (services add REDIS_URL, DATABASE_URL…). */
  readonly env: Readonly<Record<string, string>>;
  /** The project's services as started for this run (URLs, container ids for faults). */
  readonly services: readonly ServiceInfo[];
  /** Default timeout of one learner command, in ms. */
  readonly stepTimeoutMs: number;
  /** The budget of one criterion's grader file, in ms. */
  readonly criterionTimeoutMs: number;
  /** The contract's kind: the common criteria talk HTTP to a service and invoke a CLI. */
  readonly contractKind: 'cli' | 'service';
  /** The workspace checks of the common criteria (lab.config.json `checks`, else npm scripts). */
  readonly checks: Readonly<Record<CheckName, readonly string[]>>;
  /** The manifest's `common` part, when the common criteria are graded. */
  readonly common?: CommonManifest;
}

declare module 'vitest' {
  interface ProvidedContext {
    lab: LabRunContext;
  }
}
