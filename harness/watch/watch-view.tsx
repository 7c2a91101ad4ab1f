import { Box, Text, useInput, useStdout } from 'ink';
import { useSyncExternalStore } from 'react';
import type { Exercise } from '../manifest/load-exercise.ts';
import { VerifyView } from '../reporters/tty-view.tsx';
import { RunResultView, resultRowsWithoutFailure } from './run-result-view.tsx';
import { panelRows, WatchPanelView } from './watch-panel.tsx';
import type { WatchSession } from './watch-session.ts';
import type { WatchSnapshot } from './watch-state.ts';

export interface WatchViewProps {
  readonly session: WatchSession;
  readonly exercise: Exercise;
  /** The folder being watched, as the status line names it. */
  readonly dir: string;
}

/** Rows outside the run and the panel: the run line, the title, the status line and its margin, one spare. */
const FRAME_ROWS = 5;

/**
 * The screen of a watch session, kept within the terminal's height (taller, ink would clear and
 * redraw the whole screen on every frame). Ctrl-C arrives as a key: ink puts the terminal in raw mode.
 */
export function WatchView({ session, exercise, dir }: WatchViewProps) {
  const state = useSyncExternalStore(session.subscribe, session.snapshot);
  const { stdout } = useStdout();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return session.stop('interrupt');
    // Keys typed faster than a frame arrive together ("hl"): each one counts.
    for (const char of input) {
      if (char === 'q') session.stop('quit');
      else if (char === 'r') session.rerun('r pressed');
      else if (char === 'h') session.showHint();
      else if (char === 'l') session.toggleList();
    }
  });
  const columns = stdout.columns || 80;
  const title = `lab watch ${exercise.id} · ${exercise.title} · ${dir}`;
  const { run, panel } = state;
  const result = run?.state === 'done' ? run.result : undefined;
  const listed = panel?.kind === 'list';
  const spare = (stdout.rows || 24) - FRAME_ROWS - panelRows(panel, state, exercise.criteria, columns);
  return (
    <Box flexDirection="column">
      {run && (
        <Text dimColor>
          run {run.number} · {run.reason}
          {run.cancelled ? ` · run ${run.cancelled} cancelled` : ''}
          {run.state === 'cancelled' ? ' · cancelled' : ''}
        </Text>
      )}
      {result ? (
        <>
          <Text bold>{title}</Text>
          <RunResultView
            result={result}
            rows={!listed}
            failureRows={spare - resultRowsWithoutFailure(result, columns, !listed)}
            columns={columns}
          />
        </>
      ) : run ? (
        // A new key per run: each run starts from pending rows.
        <VerifyView key={run.number} title={title} subscribe={run.subscribe} specs={exercise.criteria} />
      ) : (
        <Text bold>{title}</Text>
      )}
      {run?.error && (
        <Box marginTop={1}>
          <Text color="red">{run.error}</Text>
        </Box>
      )}
      {panel && <WatchPanelView panel={panel} state={state} specs={exercise.criteria} />}
      <StatusLine state={state} dir={dir} />
    </Box>
  );
}

function StatusLine({ state, dir }: { state: WatchSnapshot; dir: string }) {
  if (state.stopping) return <Text dimColor>stopping: tearing down the run…</Text>;
  const polling = state.mode === 'poll' ? ' (polling)' : '';
  return (
    <Box marginTop={1}>
      <Text inverse>
        {' '}
        watching {dir}
        {polling} — r re-run · h hint · l list criteria · q quit{' '}
      </Text>
    </Box>
  );
}
