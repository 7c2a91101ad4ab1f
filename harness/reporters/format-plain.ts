import { indent } from '../grading/indent.ts';
import type { CriterionResult, VerifyResult, VerifySummary } from '../grading/verify-result.ts';
import type { ServiceProgress } from '../services/started-service.ts';

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
  const lines = [`${c.id} ${c.title} failed:`, indent(c.message, 2)];
  if (c.learnerOutput) lines.push('  last lines of your program:', indent(c.learnerOutput, 2));
  return inertWorkflowCommands(lines.join('\n'));
}

/**
 * CI runners (GitHub Actions) treat a line starting with `::`, even indented, as a command. Text
 * that quotes the learner's output must never issue one: a zero-width space breaks the `::`.
 */
export const inertWorkflowCommands = (text: string): string => text.replace(/^(\s*):(?=:)/gm, '$1:\u200b');

/** `5/6`, or `–` for a project (or a class) without common criteria. */
export const commonCell = (s: Pick<VerifySummary, 'commonPassed' | 'commonTotal'>): string =>
  s.commonTotal > 0 ? `${s.commonPassed}/${s.commonTotal}` : '–';

/** `required 4/4, common 5/6, bonus 1/3`: the common criteria only where they are graded. */
export function formatCounts(s: Omit<VerifySummary, 'passed' | 'points' | 'maxPoints'>): string {
  const common = s.commonTotal > 0 ? `, common ${s.commonPassed}/${s.commonTotal}` : '';
  return `required ${s.requiredPassed}/${s.requiredTotal}${common}, bonus ${s.bonusPassed}/${s.bonusTotal}`;
}

export function formatSummary(result: VerifyResult): string {
  const s = result.summary;
  const verdict = s.passed ? 'PASSED' : 'FAILED';
  return `${verdict}: ${formatCounts(s)}, ${s.points}/${s.maxPoints} points in ${formatSeconds(result.durationMs)}`;
}

/** The whole report as plain text (CI logs, pipes). */
export function formatPlainReport(result: VerifyResult): string {
  const failures = result.criteria.filter((c) => c.state === 'failed').map(formatFailure);
  return [...(failures.length ? ['', ...failures] : []), '', formatSummary(result), nextStep(result)].join('\n');
}

export function nextStep(result: VerifyResult): string {
  const failed = result.criteria.find((c) => c.state === 'failed');
  if (failed) {
    return `Next: fix ${failed.id}, re-run \`lab verify ${result.exercise} --only ${failed.id}\`; stuck? \`lab hint ${result.exercise} ${failed.id}\`.`;
  }
  if (result.criteria.some((c) => c.state === 'skipped')) {
    return `The selected criteria pass; run \`lab verify ${result.exercise}\` to grade them all.`;
  }
  return 'Every criterion passes.';
}

/** One line per step of a service's start-up, e.g. `redis: ready in 0.5 s (redis://127.0.0.1:49153)`. */
export function formatServiceProgress(event: ServiceProgress): string {
  switch (event.type) {
    case 'image':
      return `${event.service}: image ${event.image} (${event.source})`;
    case 'started':
      return `${event.service}: container started in ${formatSeconds(event.ms)}`;
    case 'external':
      return `${event.service}: ${event.source.startsWith('lab ') ? 'warm container' : 'external'} from ${event.source}, ${event.url}`;
    case 'ready':
      return `${event.service}: ready in ${formatSeconds(event.ms)} (${event.url})`;
    case 'stopped':
      return `${event.service}: stopped in ${formatSeconds(event.ms)}`;
    case 'dropped':
      return `${event.service}: this run's ${event.service === 'redis' ? 'keys' : 'database'} dropped in ${formatSeconds(event.ms)}`;
  }
}

export const isServiceProgress = (event: { type: string }): event is ServiceProgress =>
  ['image', 'started', 'external', 'ready', 'stopped', 'dropped'].includes(event.type);
