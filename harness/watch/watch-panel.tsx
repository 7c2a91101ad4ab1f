import { Box, Text } from 'ink';
import type { CriterionSpec } from '../manifest/exercise-schema.ts';
import { formatCriterionLine } from '../reporters/format-plain.ts';
import { rowsOf } from './fit-lines.ts';
import type { WatchPanel, WatchSnapshot } from './watch-state.ts';

/** What `h` and `l` show under the run: the next hint, the criteria with their last state, or a note. */
export function WatchPanelView({
  panel,
  state,
  specs,
}: {
  panel: WatchPanel;
  state: WatchSnapshot;
  specs: readonly CriterionSpec[];
}) {
  if (panel.kind === 'note') return <Text color="yellow">{panel.text}</Text>;
  if (panel.kind === 'hint') {
    const { hint } = panel;
    return (
      <Box flexDirection="column" marginTop={1}>
        <Text bold>
          Hint for {hint.criterion} {hint.title} ({hint.hints.length} of {hint.total})
        </Text>
        {hint.hints.map((text, index) => (
          <Text key={text}>
            {index + 1}. {text}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Criteria, as of the last finished run:</Text>
      {listLines(state, specs).map(([line, acceptance]) => (
        <Box key={line} flexDirection="column">
          <Text>{line}</Text>
          <Box marginLeft={4}>
            <Text dimColor>{acceptance}</Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** The rows the panel takes on a terminal this wide (the rest of the screen is fitted around it). */
export function panelRows(
  panel: WatchPanel | undefined,
  state: WatchSnapshot,
  specs: readonly CriterionSpec[],
  columns: number,
): number {
  if (!panel) return 0;
  if (panel.kind === 'note') return rowsOf(panel.text, columns);
  if (panel.kind === 'hint') {
    return 2 + panel.hint.hints.reduce((rows, text, index) => rows + rowsOf(`${index + 1}. ${text}`, columns), 0);
  }
  return (
    2 +
    listLines(state, specs).reduce(
      (rows, [line, acceptance]) => rows + rowsOf(line, columns) + rowsOf(acceptance, columns - 4),
      0,
    )
  );
}

function listLines(state: WatchSnapshot, specs: readonly CriterionSpec[]): [string, string][] {
  return specs.map((spec) => {
    const result = state.last?.criteria.find((c) => c.id === spec.id);
    const line = result ? formatCriterionLine(result) : `· ${spec.id} ${spec.title} (${spec.kind}, not run yet)`;
    return [line, spec.acceptance];
  });
}
