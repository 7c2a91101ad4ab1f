import { inertWorkflowCommands } from '../reporters/format-plain.ts';
import type { GraderChange, GraderCheck } from './compare-graders.ts';

/** A file name from the fork is the student's text: control characters are shown escaped, never obeyed. */
const printable = (name: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what must not reach the log raw.
  name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const line = (c: GraderChange): string => `${c.change.padEnd(8)} ${printable(c.file)}`;

/** For the log: which files changed, that the grades stand, and how to fix the fork. */
export function describeGraderChanges(check: GraderCheck): string {
  const n = check.changes.length;
  return inertWorkflowCommands(
    [
      `graders modified: ${n} grader file${n === 1 ? '' : 's'} in ${printable(check.fork)} differ${n === 1 ? 's' : ''} from the ones lab grades with:`,
      ...check.changes.map((c) => `  ${line(c)}`),
      "The grades come from the teacher's graders, not these files; the job fails until the fork restores them",
      '(sync the fork with its upstream, or `git checkout <upstream ref> -- exercises/` and commit).',
    ].join('\n'),
  );
}

/** One `::error` annotation naming the files (data escaped as GitHub's toolkit does). */
export function graderChangesAnnotation(check: GraderCheck): string {
  const data = `${check.changes.length} grader file(s) differ from the teacher's: ${check.changes.map(line).join('; ')}`;
  return `::error title=lab ci%3A graders modified::${data.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;
}

/** Markdown for the job summary, above the points table. */
export function graderChangesMarkdown(check: GraderCheck): string {
  return [
    '> [!CAUTION]',
    `> **Graders modified**: ${check.changes.length} grader file(s) of this fork differ from the teacher's; the job fails. The points below come from the teacher's graders.`,
    '>',
    ...check.changes.map((c) => `> - ${c.change} \`${printable(c.file).replace(/`/g, "'")}\``),
    '',
  ].join('\n');
}
