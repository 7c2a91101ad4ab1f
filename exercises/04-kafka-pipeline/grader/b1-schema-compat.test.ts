import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { criterion, invoke, lab } from '../../../harness/grading/grader-kit.ts';
import { SCHEMA_PAIRS, type SchemaPair } from './support/avro-pairs.ts';

criterion('B1', 'Schema registry + compat checks', () => {
  const files = new Map<SchemaPair, { current: string; candidate: string }>();

  beforeAll(() => {
    SCHEMA_PAIRS.forEach((pair, i) => {
      const current = join(lab().workDir, `b1-${i}-current.avsc`);
      const candidate = join(lab().workDir, `b1-${i}-candidate.avsc`);
      writeFileSync(current, JSON.stringify(pair.current, null, 2));
      writeFileSync(candidate, JSON.stringify(pair.candidate, null, 2));
      files.set(pair, { current, candidate });
    });
  });

  for (const pair of SCHEMA_PAIRS) {
    test(`${pair.compatible ? 'accepts' : 'refuses'} ${pair.name} (--mode ${pair.mode})`, async () => {
      const paths = files.get(pair);
      if (!paths) throw new Error('schema files missing');
      const args = ['--current', paths.current, '--candidate', paths.candidate, '--mode', pair.mode];
      const result = await invoke('schema-check', args, { timeoutMs: 60_000 });
      const shown =
        `schema-check ${args.join(' ')}\n  current:   ${JSON.stringify(pair.current)}\n  candidate: ${JSON.stringify(pair.candidate)}` +
        `\n  → exit ${result.exitCode}, stdout ${result.stdout.trim() || '(nothing)'}${result.stderr ? `\n  stderr: ${result.stderr.trim().slice(-400)}` : ''}`;
      let answer: { compatible?: unknown; errors?: unknown } = {};
      try {
        answer = JSON.parse(result.stdout);
      } catch {
        // shown below: stdout must be one JSON document
      }
      expect(answer.compatible, `${shown}\nstdout must be one JSON document with "compatible"`).toBe(pair.compatible);
      expect(result.exitCode, shown).toBe(pair.compatible ? 0 : 1);
      if (!pair.compatible) {
        const errors = JSON.stringify(answer.errors ?? []);
        expect(Array.isArray(answer.errors) && answer.errors.length > 0, `${shown}\n"errors" lists what breaks`).toBe(
          true,
        );
        expect(
          pair.fields?.some((field) => errors.includes(field)),
          `${shown}\nthe errors must name the field (${pair.fields?.join(' or ')}) so the CI log says what to fix`,
        ).toBe(true);
      }
    });
  }

  test('docs/schema-migration.md describes the migration plan', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(lab().programDir, 'docs', 'schema-migration.md'), 'utf8').catch(() => '');
    expect(
      text.length,
      'write docs/schema-migration.md: how a schema change rolls out (order of deploys, compatibility mode)',
    ).toBeGreaterThan(300);
  });
});
