import type { CriterionResult, VerifyResult } from '../grading/verify-result.ts';

const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const;

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One line per criterion: `✓ R1 CSV→Parquet batch (required, 20 pts) 3.1 s`. */
export function formatCriterionLine(c: CriterionResult): string {
  const time = c.state === 'skipped' ? 'skipped' : formatSeconds(c.durationMs);
  return `${MARK[c.state]} ${c.id} ${c.title} (${c.kind}, ${c.maxPoints} pts) ${time}`;
}

/** What a learner needs under a failed criterion: the message, then their program's last lines. */
export function formatFailure(c: CriterionResult): string {
  if (c.state !== 'failed') return '';
  const lines = [`${c.id} ${c.title} failed:`, indent(c.message)];
  if (c.learnerOutput) lines.push('  last lines of your program:', indent(c.learnerOutput));
  return inertWorkflowCommands(lines.join('\n'));
}

/**
 * CI runners (GitHub Actions) treat a line starting with `::`, even indented, as a command. Text
 * that quotes the learner's output must never issue one: a zero-width space breaks the `::`.
 */
export const inertWorkflowCommands = (text: string): string => text.replace(/^(\s*):(?=:)/gm, '$1:\u200b');

export function formatSummary(result: VerifyResult): string {
  const s = result.summary;
  const verdict = s.passed ? 'PASSED' : 'FAILED';
  return `${verdict}: required ${s.requiredPassed}/${s.requiredTotal}, bonus ${s.bonusPassed}/${s.bonusTotal}, ${s.points}/${s.maxPoints} points in ${formatSeconds(result.durationMs)}`;
}

/** The whole report as plain text (CI logs, pipes). */
export function formatPlainReport(result: VerifyResult): string {
  const failures = result.criteria.filter((c) => c.state === 'failed').map(formatFailure);
  return [...(failures.length ? ['', ...failures] : []), '', formatSummary(result), nextStep(result)].join('\n');
}

export function nextStep(result: VerifyResult): string {
  const failed = result.criteria.find((c) => c.state === 'failed');
  if (result.summary.passed && !failed)
    return `All graded criteria pass. Bench it next with \`lab bench ${result.exercise}\` when available.`;
  if (!failed) return '';
  return `Next: fix ${failed.id}, re-run \`lab verify ${result.exercise} --only ${failed.id}\`; stuck? \`lab hint ${result.exercise} ${failed.id}\`.`;
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
