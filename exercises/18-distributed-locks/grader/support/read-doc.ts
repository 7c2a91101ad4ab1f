import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** A document of the learner's project folder: its text, its word count, and which topics it names. */
export function readDoc(relative: string, topics: Record<string, RegExp>) {
  const path = join(lab().programDir, relative);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const words = text.split(/\s+/).filter((w) => /\w/.test(w)).length;
  const named = Object.entries(topics)
    .filter(([, pattern]) => pattern.test(text))
    .map(([topic]) => topic);
  return { path: relative, exists: existsSync(path), words, named };
}
