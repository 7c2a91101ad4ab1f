import { LabError } from '../errors.ts';
import type { BenchAuth, BenchRequest, BenchScenario } from './bench-manifest.ts';

/** Headers that carry a token obtained from the learner's own API. */
export type AuthHeaders = Readonly<Record<string, string>>;

/** The request as autocannon and fetch need it: body serialized, content-type set for JSON. */
export function httpRequest(
  request: BenchRequest,
  auth: AuthHeaders = {},
): { method: string; path: string; headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = { ...auth, ...request.headers };
  if (request.body === undefined) return { method: request.method, path: request.path, headers };
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  return { method: request.method, path: request.path, headers, body };
}

/**
 * Replaces `{{i}}` in every string of a request (path, header values, body) with the repetition number;
 * a string that is exactly `{{i}}` becomes the number itself (a price, a quantity).
 */
export function withIndex<T>(value: T, index: number): T {
  if (value === '{{i}}') return index as T;
  if (typeof value === 'string') return value.replaceAll('{{i}}', String(index)) as T;
  if (Array.isArray(value)) return value.map((item) => withIndex(item, index)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIndex(v, index)])) as T;
  }
  return value;
}

/** One request to the program; a non-2xx answer is the program's problem (exit 3), shown with its body. */
async function send(
  baseUrl: string,
  request: BenchRequest,
  auth: AuthHeaders,
  why: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const { method, path, headers, body } = httpRequest(request, auth);
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw new LabError(`${why}: ${method} ${path} got no answer (${(error as Error).message})`, {
      kind: 'learnerProgram',
      next: 'Your program stopped answering; its last output lines are in the message above.',
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new LabError(`${why}: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`, {
      kind: 'learnerProgram',
      next: 'The bench scenario follows the contract in the README; make this request succeed first.',
    });
  }
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Logs in through the learner's API and returns the header that carries the token. */
export async function obtainToken(baseUrl: string, auth: BenchAuth, signal?: AbortSignal): Promise<AuthHeaders> {
  const answer = await send(baseUrl, auth.login, {}, 'logging in for the bench', signal);
  const token = atPointer(answer, auth.token);
  if (typeof token !== 'string' || token === '') {
    throw new LabError(
      `logging in for the bench: ${auth.login.method} ${auth.login.path} answered without a token at ${auth.token}: ${JSON.stringify(answer).slice(0, 300)}`,
      { kind: 'learnerProgram', next: 'The login answer must carry the token where the README says.' },
    );
  }
  return { [auth.header]: auth.scheme ? `${auth.scheme} ${token}` : token };
}

/** Runs a scenario's setup requests, each `repeat` times, a few at once. */
export async function runSetup(
  baseUrl: string,
  scenario: BenchScenario,
  auth: AuthHeaders,
  signal?: AbortSignal,
): Promise<number> {
  let sent = 0;
  for (const step of scenario.setup) {
    const { repeat, authenticated, ...request } = step;
    const headers = authenticated ? auth : {};
    let next = 0;
    const worker = async () => {
      while (next < repeat) {
        const index = next++;
        await send(baseUrl, withIndex(request, index), headers, `setup of scenario ${scenario.name}`, signal);
        sent += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, repeat) }, worker));
  }
  return sent;
}

/** RFC 6901 JSON pointer lookup. */
export function atPointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
