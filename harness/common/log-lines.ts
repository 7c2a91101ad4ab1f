/** Why one line of output is not a structured log line, or undefined when it is one. */
export function logLineProblem(line: string): string | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'JSON, but not an object';
  const has = (...keys: string[]) => keys.some((key) => key in entry);
  const missing = [
    has('level', 'severity', 'severity_text', 'severityText') ? '' : 'a level',
    has('msg', 'message') ? '' : 'a message (msg or message)',
    has('time', 'timestamp', '@timestamp', 'ts') ? '' : 'a time',
  ].filter(Boolean);
  return missing.length > 0 ? `no ${missing.join(', no ')}` : undefined;
}

/** Lines Node itself prints (deprecation and experimental warnings), which the program did not write. */
export const isRuntimeWarning = (line: string): boolean =>
  /^\(node:\d+\) /.test(line) || /^\(Use `node --trace-/.test(line);
