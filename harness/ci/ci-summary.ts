import type { VerifyResult } from '../grading/verify-result.ts';
import { commonCell, inertWorkflowCommands } from '../reporters/format-plain.ts';
import { githubJobSummary } from '../reporters/github-report.ts';
import { graderChangesMarkdown } from './grader-check-report.ts';
import type { CiReport } from './run-ci.ts';

/** Markdown for $GITHUB_STEP_SUMMARY: a points table over projects (points = difficulty × 10), then each project's criteria. */
export function ciJobSummary(report: CiReport): string {
  const t = report.totals;
  const rows = report.results.map(
    (r: VerifyResult) =>
      `| ${r.summary.passed ? '✅' : '❌'} | ${r.exercise} | ${cell(r.title)} | ${r.summary.requiredPassed}/${r.summary.requiredTotal} | ${commonCell(r.summary)} | ${r.summary.bonusPassed}/${r.summary.bonusTotal} | ${r.summary.points}/${r.summary.maxPoints} |`,
  );
  const notGraded = report.notGraded.map((p) => `| ➖ | ${p.exercise} | ${cell(p.title)} (not graded yet) | | | |`);
  return inertWorkflowCommands(
    [
      '## lab ci',
      '',
      ...(report.graderCheck?.changes.length ? [graderChangesMarkdown(report.graderCheck)] : []),
      '| | # | project | required | common | bonus | points |',
      '|---|---|---|---|---|---|',
      ...rows,
      ...notGraded,
      `| ${t.passed ? '✅' : '❌'} | | **total** | ${t.requiredPassed}/${t.requiredTotal} | ${commonCell(t)} | ${t.bonusPassed}/${t.bonusTotal} | **${t.points}/${t.maxPoints}** |`,
      '',
      'Points are weighted by difficulty: a criterion of difficulty d is worth d × 10.',
      '',
      ...report.results.map(githubJobSummary),
    ].join('\n'),
  );
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
