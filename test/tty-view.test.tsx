import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import type { VerifyEvent } from '../harness/grading/run-grader.ts';
import type { CriterionResult, VerifyResult } from '../harness/grading/verify-result.ts';
import { loadExercise } from '../harness/manifest/load-exercise.ts';
import { VerifyView } from '../harness/reporters/tty-view.tsx';
import { FIXTURES } from './run-lab.ts';

const exercise = loadExercise(`${FIXTURES}/curriculum/exercises/01-fake-cli`);
const specs = exercise.criteria.slice(0, 2);
const base = { kind: 'required', difficulty: 1, maxPoints: 10, durationMs: 1200, tests: [] } as const;
const passed: CriterionResult = { ...base, id: 'R1', title: 'Answers 42', state: 'passed', points: 10 };
const failed: CriterionResult = {
  ...base,
  id: 'R2',
  title: 'Gets only the contract env',
  state: 'failed',
  points: 0,
  message: 'expected [HOME, LANG, PATH, TZ], got [HOME, LANG, PATH, SECRET, TZ]',
  learnerOutput: '[your program] listing env',
};

test('criteria tick from pending to running to ✓/✗, services show their start-up, failures end with the facts', async () => {
  let emit: (event: VerifyEvent) => void = () => {};
  const subscribe = (listener: (event: VerifyEvent) => void) => {
    emit = listener;
  };
  const view = render(<VerifyView title="lab verify 1" subscribe={subscribe} specs={specs} />);
  const frame = () => view.lastFrame() ?? '';
  expect(frame()).toMatch(/· R1 Answers 42\n· R2 Gets only the contract env/);

  emit({ type: 'ready', service: 'redis', url: 'redis://127.0.0.1:1234', ms: 450 });
  emit({ type: 'running', id: 'R1' });
  await new Promise((r) => setTimeout(r, 150));
  expect(frame()).toMatch(/redis: ready in 0\.5 s/);
  expect(frame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] R1 Answers 42/);

  emit({ type: 'done', result: passed });
  emit({ type: 'done', result: failed });
  await new Promise((r) => setTimeout(r, 50));
  expect(frame()).toMatch(/✓ R1 Answers 42 \(required, 10 pts\) 1\.2 s/);
  expect(frame()).toMatch(/✗ R2 Gets only the contract env/);

  const result = { exercise: 1, criteria: [passed, failed], summary: { passed: false } } as unknown as VerifyResult;
  view.rerender(
    <VerifyView
      title="lab verify 1"
      subscribe={subscribe}
      specs={specs}
      final={{
        ...result,
        durationMs: 2400,
        summary: {
          requiredPassed: 1,
          requiredTotal: 2,
          bonusPassed: 0,
          bonusTotal: 0,
          commonPassed: 0,
          commonTotal: 0,
          points: 10,
          maxPoints: 20,
          passed: false,
        },
      }}
    />,
  );
  expect(frame()).toMatch(/R2 Gets only the contract env failed:\n\s+expected \[HOME, LANG, PATH, TZ\]/);
  expect(frame()).toMatch(/\[your program\] listing env/);
  expect(frame()).toMatch(/FAILED: required 1\/2, bonus 0\/0, 10\/20 points in 2\.4 s/);
  expect(frame()).toMatch(/Next: fix R2, re-run `lab verify 1 --only R2`/);
  view.unmount();
});
