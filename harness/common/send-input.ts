import { invoke, type LearnerCommandResult, lab } from '../grading/grader-kit.ts';
import { type CommonInput, isHttpInput } from './common-manifest.ts';
import { substituteEnv } from './run-check.ts';

/** What the program answered to one input: an HTTP status, or a CLI's exit. */
export type InputAnswer =
  | { readonly kind: 'http'; readonly status: number; readonly body: string }
  | { readonly kind: 'cli'; readonly result: LearnerCommandResult };

/** `POST /v1/items` or `lake ingest --x`: how an input is named in messages. */
export const describeInput = (input: CommonInput): string =>
  isHttpInput(input) ? `${input.method} ${input.path}` : [input.command, ...input.args].join(' ');

/**
 * Sends one of the manifest's common inputs: an HTTP request to a service at `baseUrl`, or an
 * invocation of a CLI command. `${NAME}` takes the value the program's environment has;
 * `${LAB_WORK_DIR}` is a fresh folder of this run (for a CLI's data).
 */
export async function sendInput(
  input: CommonInput,
  options: {
    readonly baseUrl?: string;
    /** Variables on top of the program's environment: `${NAME}` sees them, and a CLI receives them. */
    readonly extraEnv?: Readonly<Record<string, string>>;
  } = {},
): Promise<InputAnswer> {
  const { baseUrl, extraEnv = {} } = options;
  const fill = (text: string) => substituteEnv(text, { ...lab().env, LAB_WORK_DIR: lab().workDir, ...extraEnv });
  if (!isHttpInput(input)) {
    return { kind: 'cli', result: await invoke(input.command, input.args.map(fill), { env: extraEnv }) };
  }
  if (!baseUrl) throw new Error('an HTTP input needs the service URL');
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), fill(value)]),
  );
  let body: string | undefined;
  if (typeof input.body === 'string') body = fill(input.body);
  else if (input.body !== undefined) {
    body = fill(JSON.stringify(input.body));
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${fill(input.path)}`, {
    method: input.method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(15_000),
  });
  return { kind: 'http', status: response.status, body: (await response.text()).slice(0, 500) };
}
