import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { sourceFiles } from './source-files.ts';

const CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };

/** `.env`, `.env.local`…: files that hold real values; `.env.example` and friends document names only. */
const isEnvFile = (name: string): boolean => /^\.env(\..+)?$/.test(name) && !/\.(example|sample|template)$/.test(name);

/**
 * Secrets written into the learner's files, found by secretlint's recommended rules (AWS, GCP,
 * GitHub, Slack, npm tokens, private keys, basic-auth URLs…), and `.env` files that carry values.
 * Each finding is `file:line: rule — message`, with the secret masked.
 */
export async function findSecrets(dir: string): Promise<string[]> {
  const findings: string[] = [];
  for (const file of sourceFiles(dir)) {
    const content = readFileSync(join(dir, file));
    if (content.includes(0)) continue; // binary
    const text = content.toString('utf8');
    if (isEnvFile(basename(file)) && /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*\S/m.test(text)) {
      findings.push(
        `${file}: a .env file with values (keep values out of the folder; commit .env.example with names only)`,
      );
    }
    const result = await lintSource({
      source: { filePath: join(dir, file), content: text, contentType: 'text' },
      options: { config: CONFIG, maskSecrets: true },
    });
    for (const message of result.messages) {
      findings.push(`${file}:${message.loc.start.line}: ${message.ruleId} — ${message.message}`);
    }
  }
  return findings;
}
