import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type HtmlReportInput, htmlReport } from './html-report.ts';

/** Writes the report atomically (a browser tab reloading it never sees half a file); returns the path. */
export function writeHtmlReport(path: string, input: HtmlReportInput): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, htmlReport(input));
  renameSync(`${path}.tmp`, path);
  return path;
}
