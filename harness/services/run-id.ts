import { randomBytes } from 'node:crypto';
import { InternalError } from '../errors.ts';

const RUN_ID = /^[a-z0-9][a-z0-9_]{0,39}$/;

/** A fresh run id: lowercase, usable as-is in a database name, a key prefix and a Docker label. */
export const newRunId = (): string => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export function assertRunId(runId: string): void {
  if (!RUN_ID.test(runId)) {
    throw new InternalError('BAD_RUN_ID', `run id "${runId}" must match ${RUN_ID} (it names databases and keys)`);
  }
}
