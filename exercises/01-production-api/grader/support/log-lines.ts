import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** One line an instance printed, parsed when it is a JSON object. */
export interface LogLine {
  readonly raw: string;
  readonly json?: Record<string, unknown>;
}

/**
 * Every line the named instance printed so far, from the run's criterion logs (lab prefixes each
 * line `[your program] [<instance>] `). Lines are read in full, unlike instance.output().
 */
export function instanceLogLines(instance: string): LogLine[] {
  const prefix = `[your program] [${instance}] `;
  const dir = lab().logDir;
  const lines: LogLine[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.startsWith(prefix)) continue;
      const raw = line.slice(prefix.length);
      let json: Record<string, unknown> | undefined;
      if (raw.startsWith('{')) {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
        } catch {}
      }
      lines.push(json ? { raw, json } : { raw });
    }
  }
  return lines;
}

/** Every [key, value] of a log line, nested objects included (`res.statusCode` → ['statusCode', 200]). */
export function entries(value: unknown, depth = 0): [string, unknown][] {
  if (!value || typeof value !== 'object' || depth > 3) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    [key, inner] as [string, unknown],
    ...entries(inner, depth + 1),
  ]);
}
