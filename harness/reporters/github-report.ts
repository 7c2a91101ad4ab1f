import type { VerifyResult } from '../grading/verify-result.ts';
import { formatCriterionLine, formatSummary } from './format-plain.ts';

/** GitHub Actions workflow commands: one annotation per failed criterion. */
export function githubAnnotations(result: VerifyResult): string {
  return result.criteria
    .filter((c) => c.state === 'failed')
    .map((c) => {
      const level = c.kind === 'bonus' ? 'warning' : 'error';
      return `::${level} title=${escapeProperty(`lab ${result.exercise} ${c.id} ${c.title}`)}::${escapeData(c.message)}`;
    })
    .join('\n');
}

/** Markdown for $GITHUB_STEP_SUMMARY: a table of criteria and the verdict. */
export function githubJobSummary(result: VerifyResult): string {
  const rows = result.criteria.map(
    (c) =>
      `| ${c.state === 'passed' ? '✅' : c.state === 'failed' ? '❌' : '➖'} | ${c.id} | ${c.title.replace(/\|/g, '\\|')} | ${c.kind} | ${c.points}/${c.maxPoints} |`,
  );
  return [
    `### lab verify ${result.exercise} · ${result.title}`,
    '',
    '| | id | criterion | kind | points |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `**${formatSummary(result)}** · lab ${result.labVersion} · grader \`${result.graderDigest.slice(0, 19)}\``,
    '',
  ].join('\n');
}

/** Plain lines too, so the log reads well without the annotations. */
export function githubReport(result: VerifyResult): string {
  return [...result.criteria.map(formatCriterionLine), githubAnnotations(result), formatSummary(result)]
    .filter(Boolean)
    .join('\n');
}

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
