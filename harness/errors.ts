/**
 * The two kinds of error lab shows. `LabError`: something the user can fix, with the next step.
 * `InternalError`: a bug or an unexpected state of lab itself, with a stable code to report.
 * The harness throws them; only bin/handle-error.ts prints them and picks the exit code.
 */

/** Exit codes of every lab command (documented in docs/exit-codes.md). */
export const EXIT = {
  ok: 0,
  /** Grading ran and a required criterion failed (or selftest found a defect). */
  criteriaFailed: 1,
  /** Bad input: unknown project, bad option, malformed config, project not graded yet. */
  usage: 2,
  /** The learner's program could not be started or prepared. */
  learnerProgram: 3,
  /** The machine is missing something: Docker engine, image, free port, Node version. */
  environment: 4,
  /** Interrupted by Ctrl-C / SIGTERM (teardown done). */
  interrupted: 130,
  /** A bug in lab. */
  internal: 70,
} as const;

export type ErrorKind = 'usage' | 'learnerProgram' | 'environment' | 'interrupted';

export class LabError extends Error {
  constructor(
    message: string,
    readonly options: { readonly kind?: ErrorKind; readonly next?: string } = {},
  ) {
    super(message);
    this.name = 'LabError';
  }
  get kind(): ErrorKind {
    return this.options.kind ?? 'usage';
  }
  get exitCode(): number {
    return EXIT[this.kind];
  }
}

export class InternalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InternalError';
  }
}
