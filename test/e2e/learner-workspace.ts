import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../run-lab.ts';

/** A learner's workspace in a temp folder, holding a copy of one program as project 1 (`01-fake-cli`). */
export interface LearnerWorkspace {
  /** What LAB_WORKSPACE points at. */
  readonly root: string;
  /** The program folder lab grades and watches. */
  readonly program: string;
  remove(): void;
}

/** `from`: the fixture starter, the reference solution, or a fake learner of test/fixtures/learners. */
export function learnerWorkspace(from: 'starter' | 'solution' | { learner: string }): LearnerWorkspace {
  const source =
    from === 'starter'
      ? join(FIXTURES, 'curriculum', 'exercises', '01-fake-cli', 'starter')
      : from === 'solution'
        ? join(FIXTURES, 'curriculum', 'solutions', '01-fake-cli')
        : join(FIXTURES, 'learners', from.learner);
  const root = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
  const program = join(root, '01-fake-cli');
  cpSync(source, program, { recursive: true, filter: (path) => !path.includes('/mutants') });
  return { root, program, remove: () => rmSync(root, { recursive: true, force: true }) };
}
