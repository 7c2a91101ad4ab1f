import { Box, render, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { VerifyEvent } from '../grading/run-grader.ts';
import type { CriterionResult, VerifyResult } from '../grading/verify-result.ts';
import type { CriterionSpec } from '../manifest/exercise-schema.ts';
import {
  formatFailure,
  formatSeconds,
  formatServiceProgress,
  formatSummary,
  isServiceProgress,
  nextStep,
} from './format-plain.ts';

type Row =
  | { readonly state: 'pending' | 'running'; readonly spec: CriterionSpec; readonly since?: number }
  | { readonly state: 'done'; readonly spec: CriterionSpec; readonly result: CriterionResult };

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function CriterionRow({ row, frame }: { row: Row; frame: number }) {
  const label = `${row.spec.id} ${row.spec.title}`;
  if (row.state === 'pending') return <Text dimColor>· {label}</Text>;
  if (row.state !== 'done') {
    const elapsed = row.since ? formatSeconds(Date.now() - row.since) : '';
    return (
      <Text>
        <Text color="cyan">{SPINNER[frame % SPINNER.length]}</Text> {label} <Text dimColor>{elapsed}</Text>
      </Text>
    );
  }
  const { result } = row;
  const mark =
    result.state === 'passed' ? (
      <Text color="green">✓</Text>
    ) : result.state === 'failed' ? (
      <Text color="red">✗</Text>
    ) : (
      <Text dimColor>-</Text>
    );
  return (
    <Text>
      {mark} {label}{' '}
      <Text dimColor>
        ({result.kind}, {result.maxPoints} pts){' '}
        {result.state === 'skipped' ? 'skipped' : formatSeconds(result.durationMs)}
      </Text>
    </Text>
  );
}

export interface ViewProps {
  readonly title: string;
  readonly subscribe: (listener: (event: VerifyEvent) => void) => void;
  readonly specs: readonly CriterionSpec[];
  readonly final?: VerifyResult;
}

export function VerifyView({ title, subscribe, specs, final }: ViewProps) {
  const [rows, setRows] = useState<readonly Row[]>(specs.map((spec) => ({ state: 'pending', spec })));
  const [frame, setFrame] = useState(0);
  // One line per service, the latest step of its start-up.
  const [services, setServices] = useState<Readonly<Record<string, string>>>({});
  useEffect(() => {
    subscribe((event) => {
      if (isServiceProgress(event)) {
        setServices((current) => ({ ...current, [event.service]: formatServiceProgress(event) }));
        return;
      }
      setRows((current) =>
        current.map((row) => {
          if (event.type === 'running' && row.spec.id === event.id)
            return { state: 'running', spec: row.spec, since: Date.now() };
          if (event.type === 'done' && row.spec.id === event.result.id)
            return { state: 'done', spec: row.spec, result: event.result };
          return row;
        }),
      );
    });
  }, [subscribe]);
  // The spinner and live durations tick until the final result; then nothing moves any more.
  useEffect(() => {
    if (final) return;
    const timer = setInterval(() => setFrame((f) => f + 1), 100);
    return () => clearInterval(timer);
  }, [final]);
  const shown: readonly Row[] = final
    ? rows.map((row) => {
        const result = final.criteria.find((c) => c.id === row.spec.id);
        return result ? { state: 'done', spec: row.spec, result } : row;
      })
    : rows;
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {Object.entries(services).map(([name, line]) => (
        <Text key={name} dimColor>
          {line}
        </Text>
      ))}
      {shown.map((row) => (
        <CriterionRow key={row.spec.id} row={row} frame={frame} />
      ))}
      {final && (
        <Box flexDirection="column" marginTop={1}>
          {final.criteria
            .filter((c) => c.state === 'failed')
            .map((c) => (
              <Box key={c.id} marginBottom={1}>
                <Text color={c.kind === 'bonus' ? 'yellow' : 'red'}>{formatFailure(c)}</Text>
              </Box>
            ))}
          <Text bold color={final.summary.passed ? 'green' : 'red'}>
            {formatSummary(final)}
          </Text>
          <Text>{nextStep(final)}</Text>
        </Box>
      )}
    </Box>
  );
}

/** The live terminal view of `lab verify`: criteria tick from pending to ✓/✗ as the grader runs. */
export function startTtyView(title: string, specs: readonly CriterionSpec[]) {
  let listener: (event: VerifyEvent) => void = () => {};
  const subscribe = (next: (event: VerifyEvent) => void) => {
    listener = next;
  };
  const app = render(<VerifyView title={title} subscribe={subscribe} specs={specs} />);
  return {
    onEvent: (event: VerifyEvent) => listener(event),
    async finish(result?: VerifyResult) {
      if (result) app.rerender(<VerifyView title={title} subscribe={subscribe} specs={specs} final={result} />);
      app.unmount();
      await app.waitUntilExit();
    },
  };
}
