import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyResult } from '../grading/verify-result.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { workspaceProgramDir } from './learner-program.ts';

/** A learner's standing on one project, read from their workspace. */
export type WorkspaceStatus = 'not started' | 'started' | 'passing';

const STATE_FOLDER = '.lab';
const resultFile = (dir: string) => join(dir, STATE_FOLDER, 'last-verify.json');

/** Remembers the last `lab verify` of a workspace program (for `lab list` and hints). */
export function saveLastResult(dir: string, result: VerifyResult): void {
  mkdirSync(join(dir, STATE_FOLDER), { recursive: true });
  const file = resultFile(dir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function readLastResult(dir: string): VerifyResult | undefined {
  try {
    return JSON.parse(readFileSync(resultFile(dir), 'utf8')) as VerifyResult;
  } catch {
    return undefined;
  }
}

export function workspaceStatus(exercise: Exercise): WorkspaceStatus {
  const dir = workspaceProgramDir(exercise);
  if (!existsSync(dir)) return 'not started';
  return readLastResult(dir)?.summary.passed ? 'passing' : 'started';
}
