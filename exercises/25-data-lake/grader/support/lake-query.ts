import { invokeJson } from '../../../../harness/grading/grader-kit.ts';
import { commandLine } from './command-line.ts';

/** One named question of the contract, with its options. */
export type LakeQuery =
  | { readonly name: 'daily_revenue' | 'country_mix'; readonly from: string; readonly to: string }
  | { readonly name: 'top_customers'; readonly from: string; readonly to: string; readonly limit?: number }
  | { readonly name: 'events_by_id'; readonly minId: number; readonly maxId: number };

export interface LakeQueryAnswer {
  /** The command line as a learner would type it, for messages. */
  readonly command: string;
  readonly rows: unknown;
  readonly wallMs: number;
}

/** The arguments of `lake query` for a question. */
export function lakeQueryArgs(lake: string, query: LakeQuery, version?: number): string[] {
  const args = ['query', '--lake', lake, '--name', query.name];
  if (query.name === 'events_by_id') args.push('--min-id', String(query.minId), '--max-id', String(query.maxId));
  else args.push('--from', query.from, '--to', query.to);
  if (query.name === 'top_customers' && query.limit !== undefined) args.push('--limit', String(query.limit));
  if (version !== undefined) args.push('--version', String(version));
  return args;
}

export interface LakeQueryOptions {
  readonly version?: number;
  /** What lab did to the lake before asking, put in front of the message if the program fails. */
  readonly context?: string;
}

/** Runs `lake query` and returns its `rows` (whatever they are: the caller compares them). */
export async function lakeQuery(
  lake: string,
  query: LakeQuery,
  options: LakeQueryOptions = {},
): Promise<LakeQueryAnswer> {
  const args = lakeQueryArgs(lake, query, options.version);
  const started = performance.now();
  try {
    const output = await invokeJson<{ rows?: unknown }>('lake', args);
    const wallMs = performance.now() - started;
    return { command: commandLine(args), rows: output?.rows, wallMs };
  } catch (error) {
    if (options.context && error instanceof Error) error.message = `${options.context}\n${error.message}`;
    throw error;
  }
}
