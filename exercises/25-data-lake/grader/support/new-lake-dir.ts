import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** A fresh, empty folder of this run for one learner output (a lake, a compression report). */
export const newLakeDir = (label: string): string => mkdtempSync(join(lab().workDir, `${label}-`));
