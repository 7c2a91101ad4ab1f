import { Box, Text } from 'ink';
import type { VerifyResult } from '../grading/verify-result.ts';
import { formatCriterionLine, formatFailure, formatSummary } from '../reporters/format-plain.ts';
import { fitLines, rowsOf } from './fit-lines.ts';

const MARK_COLOR = { passed: 'green', failed: 'red', skipped: 'gray' } as const;

/**
 * A finished run, made to fit the terminal: every criterion on one line, then the first failure in
 * full (the one `h` gives hints for) cut to `failureRows`, and the summary. The others are named;
 * `lab verify` prints every failure.
 */
export function RunResultView({
  result,
  failureRows,
  columns,
  rows = true,
}: {
  result: VerifyResult;
  failureRows: number;
  columns: number;
  /** Off while the list panel shows the same rows with their acceptance text. */
  rows?: boolean;
}) {
  const failed = result.criteria.filter((c) => c.state === 'failed');
  const first = failed[0];
  const everything = `\`lab verify ${result.exercise} --only ${first?.id}\` shows all of it`;
  return (
    <Box flexDirection="column">
      {rows &&
        result.criteria.map((c) => {
          const line = formatCriterionLine(c);
          return (
            <Text key={c.id}>
              <Text color={MARK_COLOR[c.state]}>{line.slice(0, 1)}</Text>
              {line.slice(1)}
            </Text>
          );
        })}
      {first && (
        <Box marginTop={1}>
          <Text color={first.kind === 'required' ? 'red' : 'yellow'}>
            {fitLines(formatFailure(first), Math.max(failureRows, 2), columns, everything)}
          </Text>
        </Box>
      )}
      <Box marginTop={1}>
        <Text bold color={result.summary.passed ? 'green' : 'red'}>
          {formatSummary(result)}
        </Text>
      </Box>
      <Text>{nextInWatch(result)}</Text>
    </Box>
  );
}

/** Rows the view takes besides the failure text: criteria (unless hidden), two margins, the summary, the next step. */
export const resultRowsWithoutFailure = (result: VerifyResult, columns: number, rows = true): number =>
  (rows ? result.criteria.length : 0) + 2 + 1 + rowsOf(nextInWatch(result), columns);

/** What to do next, in watch terms: save to re-run, h for a hint; the other failures by id. */
function nextInWatch(result: VerifyResult): string {
  const [first, ...others] = result.criteria.filter((c) => c.state === 'failed');
  if (!first) {
    return `Every criterion passes. Compare with the reference: \`lab solution ${result.exercise}\`; q quits.`;
  }
  const also = others.length > 0 ? ` Also failed: ${others.map((c) => c.id).join(', ')} — l lists them.` : '';
  return `Next: fix ${first.id} and save; h for a hint.${also}`;
}
