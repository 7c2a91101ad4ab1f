import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LabError } from '../errors.ts';

/** Writes the workflow file; an existing one is a teacher's or student's work, replaced only with --force. */
export function writeWorkflow(path: string, text: string, options: { force?: boolean } = {}): void {
  if (existsSync(path) && !options.force) {
    throw new LabError(`${path} exists already: lab ci init does not overwrite it`, {
      next: 'Re-run with --force to replace it, or write elsewhere with --out <file>.',
    });
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
