import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SerializedError } from 'vitest';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import { type CriterionId, type CriterionSpec, pointsFor } from '../manifest/exercise-schema.ts';
import { CRITERION_META_KEY } from './run-context.ts';
import { tailLines } from './tail-lines.ts';
import type { CriterionResult, TestResult } from './verify-result.ts';

export type GradingEvent =
  | { readonly type: 'running'; readonly id: CriterionId }
  | { readonly type: 'done'; readonly result: CriterionResult };

/** The criterion a grader file grades, from its name (`r2-partitioning.test.ts` → R2); used only for load errors. */
export const criterionOfFile = (file: string): string => basename(file).slice(0, 2).toUpperCase();

/**
 * A vitest reporter (written against vitest's Reporter interface) that turns test results into
 * criterion results: each test belongs to the criterion its `criterion()` suite is tagged with.
 */
export class CriterionReporter implements Reporter {
  readonly results = new Map<CriterionId, CriterionResult>();
  /** Tests tagged with an id the manifest does not know; selftest reports them. */
  readonly unknownTags = new Set<string>();

  constructor(
    private readonly criteria: readonly CriterionSpec[],
    private readonly logDir: string,
    private readonly onEvent: (event: GradingEvent) => void = () => {},
  ) {}

  onTestModuleStart(module: TestModule): void {
    const spec = this.spec(criterionOfFile(module.moduleId));
    if (spec) this.onEvent({ type: 'running', id: spec.id });
  }

  onTestModuleEnd(module: TestModule): void {
    const byCriterion = new Map<string, { tests: TestResult[]; errors: string[] }>();
    const entry = (id: string) => {
      const value = byCriterion.get(id) ?? { tests: [], errors: [] };
      byCriterion.set(id, value);
      return value;
    };
    const loadErrors = module.errors();
    if (loadErrors.length > 0) {
      entry(criterionOfFile(module.moduleId)).errors.push(
        `grader file ${basename(module.moduleId)} failed: ${formatErrors(loadErrors)}`,
      );
    }
    for (const suite of module.children.allSuites()) {
      const id = criterionOf(suite);
      if (id && suite.errors().length > 0) entry(id).errors.push(formatErrors(suite.errors()));
    }
    for (const test of module.children.allTests()) {
      const id = criterionOf(test);
      if (!id) {
        this.unknownTags.add(`(untagged) ${test.fullName}`);
        continue;
      }
      entry(id).tests.push(toTestResult(test));
    }
    for (const [id, { tests, errors }] of byCriterion) {
      const spec = this.spec(id);
      if (!spec) {
        this.unknownTags.add(id);
        continue;
      }
      const result = this.toCriterionResult(spec, tests, errors, module.diagnostic().duration);
      this.results.set(spec.id, result);
      this.onEvent({ type: 'done', result });
    }
  }

  private spec(id: string): CriterionSpec | undefined {
    return this.criteria.find((c) => c.id === id);
  }

  private toCriterionResult(
    spec: CriterionSpec,
    tests: readonly TestResult[],
    errors: readonly string[],
    durationMs: number,
  ): CriterionResult {
    const base = {
      id: spec.id,
      kind: spec.kind,
      title: spec.title,
      difficulty: spec.difficulty,
      maxPoints: pointsFor(spec),
      durationMs: Math.round(durationMs),
      tests,
    };
    const failures = [
      ...errors,
      ...tests.filter((t) => t.state === 'failed').map((t) => `${t.name}: ${t.message ?? 'failed'}`),
    ];
    if (failures.length === 0 && tests.some((t) => t.state === 'passed')) {
      return { ...base, state: 'passed', points: base.maxPoints };
    }
    const message = failures.length > 0 ? failures.join('\n\n') : 'the grader ran no test for this criterion';
    const learnerOutput = this.learnerOutput(spec.id);
    return { ...base, state: 'failed', points: 0, message, ...(learnerOutput ? { learnerOutput } : {}) };
  }

  private learnerOutput(id: CriterionId): string | undefined {
    const file = join(this.logDir, `${id}.log`);
    if (!existsSync(file)) return undefined;
    const tail = tailLines(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('[your program]'))
        .join('\n'),
      20,
    );
    return tail || undefined;
  }
}

function criterionOf(task: TestCase | TestSuite): string | undefined {
  for (let node: TestCase | TestSuite | TestModule = task; node.type !== 'module'; node = node.parent) {
    const id = node.meta()[CRITERION_META_KEY];
    if (id) return id;
  }
  return undefined;
}

function toTestResult(test: TestCase): TestResult {
  const result = test.result();
  const durationMs = Math.round(test.diagnostic()?.duration ?? 0);
  if (result.state === 'failed') {
    return { name: test.name, state: 'failed', durationMs, message: formatErrors(result.errors ?? []) };
  }
  if (result.state === 'passed') return { name: test.name, state: 'passed', durationMs };
  // A test that skips itself says why (`context.skip(note)`): e.g. an audit service out of reach.
  const note = 'note' in result ? result.note : undefined;
  return { name: test.name, state: 'skipped', durationMs, ...(note ? { message: note } : {}) };
}

/** An error as a learner should read it: the message, and the diff when an assertion has one. */
export function formatErrors(errors: readonly SerializedError[]): string {
  return errors
    .map((error) => {
      const message = String(error.message ?? error).trim();
      const diff =
        typeof error.diff === 'string' ? `\n${stripAnsi(error.diff).split('\n').slice(0, 30).join('\n')}` : '';
      return `${message}${diff}`;
    })
    .join('\n');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters.
const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
