import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLearnerCommand } from '../learner/run-learner-command.ts';

/** What `npm audit` said about the learner's dependencies. */
export type AuditOutcome =
  | { readonly kind: 'not-applicable'; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'done'; readonly findings: readonly string[]; readonly excepted: readonly string[] };

interface AuditJson {
  error?: { code?: string; summary?: string };
  message?: string;
  vulnerabilities?: Record<string, { severity: string; via: (string | { url?: string; title?: string })[] }>;
}

/**
 * `npm audit --audit-level=high` over the folder's lockfile. High and critical advisories count,
 * except those `audit-exceptions.json` lists with a reason. Where the advisory service cannot be
 * reached (an offline classroom: registry mirrors refuse its POST), says so instead of guessing.
 */
export async function auditDependencies(
  dir: string,
  run: { env: Readonly<Record<string, string>>; pidDir: string },
): Promise<AuditOutcome> {
  if (!existsSync(join(dir, 'package-lock.json'))) {
    return { kind: 'not-applicable', reason: 'no package-lock.json in the folder: run `npm install` to make one' };
  }
  const result = await runLearnerCommand({
    argv: ['npm', 'audit', '--audit-level=high', '--json'],
    cwd: dir,
    env: run.env,
    timeoutMs: 60_000,
    pidDir: run.pidDir,
  });
  let report: AuditJson;
  try {
    report = JSON.parse(result.stdout) as AuditJson;
  } catch {
    return {
      kind: 'unreachable',
      reason: `npm audit printed no report (exit ${result.exitCode}): ${result.stderr.trim().slice(-200)}`,
    };
  }
  if (report.error || !report.vulnerabilities) {
    const why = report.error?.summary || report.message || result.stderr.trim().split('\n')[0] || 'no answer';
    return { kind: 'unreachable', reason: `the npm advisory service could not be asked: ${why}` };
  }
  const exceptions = readExceptions(dir);
  const findings: string[] = [];
  const excepted: string[] = [];
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
    if (!['high', 'critical'].includes(vulnerability.severity)) continue;
    for (const via of vulnerability.via) {
      if (typeof via === 'string') continue; // inherited from another package, reported there
      const id = via.url?.split('/').pop() ?? '';
      const line = `${name}: ${vulnerability.severity} ${id} ${via.title ?? ''}`.trim();
      (exceptions.has(id) ? excepted : findings).push(line);
    }
  }
  return { kind: 'done', findings, excepted };
}

/** `audit-exceptions.json`: `[{ "id": "GHSA-…", "reason": "…" }]`; an entry without a reason does not count. */
function readExceptions(dir: string): Set<string> {
  const file = join(dir, 'audit-exceptions.json');
  if (!existsSync(file)) return new Set();
  const entries = JSON.parse(readFileSync(file, 'utf8')) as { id?: string; reason?: string }[];
  return new Set(entries.filter((e) => e.id && e.reason?.trim()).map((e) => e.id as string));
}
