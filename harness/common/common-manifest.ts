import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * One input the common criteria send to the program. A `service` gets HTTP requests; a `cli`
 * program gets invocations of its named commands. `${NAME}` in a path, header, body or argument is
 * replaced by the value of NAME in the run's environment (credentials the program was given).
 */
const httpInput = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).default({}),
  /** A string is sent as is (malformed JSON included); anything else is sent as JSON. */
  body: z.unknown().optional(),
});
const cliInput = z.strictObject({
  /** A command of the contract, e.g. "lake". */
  command: z.string().regex(/^[a-z][a-z0-9-]*$/),
  args: z.array(z.string()).default([]),
});
export const commonInputSchema = z.union([httpInput, cliInput]);
export type CommonInput = z.infer<typeof commonInputSchema>;
export type HttpInput = z.infer<typeof httpInput>;
export type CliInput = z.infer<typeof cliInput>;
export const isHttpInput = (input: CommonInput): input is HttpInput => 'method' in input;

/**
 * A project's part of the spec sheet's "Common Requirements for Project Completion" (C1–C6): where
 * its key path and main endpoint are. Its presence turns the common criteria on for the project.
 */
export const commonManifestSchema = z.strictObject({
  /** The key path C5 drives (each answered below 500 / exit 0): logs, a counter and a trace must follow. */
  traffic: z.array(commonInputSchema).min(1),
  /** Malformed inputs to the main endpoint that C6 sends: each refused with a 4xx (a CLI: exit 1 or 2, no crash). */
  malformed: z.array(commonInputSchema).min(1),
  /** HTTP path of the Prometheus text metrics (services). CLI programs write them to $METRICS_TEXTFILE. */
  metricsPath: z.string().startsWith('/').default('/metrics'),
  /**
   * Values of contract variables the program needs to run at all (credentials, seed users…), which
   * a project's own grader would otherwise set. `${random}` becomes a fresh secret for each run.
   */
  env: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()).default({}),
});
export type CommonManifest = z.infer<typeof commonManifestSchema>;

const RANDOM = '$' + '{random}';

/** The manifest's `common.env` for one run: `${random}` made a fresh 32-hex-digit secret. */
export const commonRunEnv = (common: CommonManifest): Record<string, string> =>
  Object.fromEntries(
    Object.entries(common.env).map(([name, value]) => [
      name,
      value.replaceAll(RANDOM, () => randomBytes(16).toString('hex')),
    ]),
  );
