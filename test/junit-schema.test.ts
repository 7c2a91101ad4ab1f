import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, runLab } from './run-lab.ts';

/**
 * lab ci's reports under a hostile learner: the JUnit XML is valid against a published JUnit schema
 * (checked by libxml2's validator, not by hand), and nothing the learner prints becomes a workflow command.
 */

const XSD = join(FIXTURES, 'junit', 'junit-10.xsd');
const XMLLINT = '/usr/bin/xmllint';
const xmllint = existsSync(XMLLINT)
  ? XMLLINT
  : spawnSync('xmllint', ['--version']).status === 0
    ? 'xmllint'
    : undefined;
if (!xmllint && process.env.CI === 'true') {
  throw new Error('xmllint is missing on CI: install the Debian package libxml2-utils before the tests');
}
if (!xmllint)
  console.warn('junit-schema.test: xmllint not installed (apt-get install libxml2-utils): schema checks skipped');

const validate = (file: string) =>
  spawnSync(xmllint as string, ['--noout', '--schema', XSD, file], { encoding: 'utf8' });

const root = mkdtempSync(join(tmpdir(), 'lab-junit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const workspace = join(root, 'workspace');
const outDir = join(root, 'out');
const env = { LAB_WORKSPACE: workspace };

/** Everything a learner might print to break XML or to command the CI runner. */
const HOSTILE_PROGRAM = `
process.stderr.write('<testcase name="forged"/> & ]]> "quoted" \\u0001\\u0007 \\ud83d\\ude00\\n');
process.stderr.write('%0A::error::forged via percent%0D%0A::set-output name=grade::100\\n');
process.stderr.write('line one\\r::warning::after a carriage return\\n');
process.stderr.write('\\t::add-mask::tab-indented\\n');
process.stderr.write('::stop-commands::token\\n::error::after stop-commands\\n::token::\\n');
process.stderr.write('::notice file=x.ts,line=1::forged notice\\n');
process.exit(1);
`;

describe('lab ci under a hostile learner', () => {
  let stdout = '';
  let summary = '';

  test('grades it (exit 1) in GitHub mode', async () => {
    expect((await runLab(['start', '1'], env)).code).toBe(0);
    writeFileSync(join(workspace, '01-fake-cli', 'answer.mjs'), HOSTILE_PROGRAM);
    const summaryFile = join(root, 'summary.md');
    const run = await runLab(['ci', '--out-dir', outDir, '--reporter', 'github'], {
      ...env,
      GITHUB_STEP_SUMMARY: summaryFile,
    });
    expect(run.code).toBe(1);
    stdout = run.stdout;
    summary = readFileSync(summaryFile, 'utf8');
    expect(stdout).toMatch(/forged via percent/); // shown to the learner, as text
  }, 120_000);

  test.skipIf(!xmllint)('junit.xml is valid against the JUnit schema', () => {
    const junit = join(outDir, 'junit.xml');
    expect(readFileSync(junit, 'utf8')).toMatch(/&lt;testcase name=&quot;forged&quot;\/&gt; &amp; \]\]&gt;/);
    const check = validate(junit);
    expect(check.stderr).toMatch(/validates/);
    expect(check.status).toBe(0);
  });

  test.skipIf(!xmllint)(
    'a --only run (skipped criteria) is valid too; the validator rejects what breaks the schema',
    async () => {
      const file = join(root, 'only.xml');
      const run = await runLab(['verify', '1', '--only', 'R1', '--reporter', 'junit', '--out', file], env);
      expect(run.code).toBe(1);
      expect(readFileSync(file, 'utf8')).toMatch(/<skipped message=/);
      expect(validate(file).status).toBe(0);
      // The check really checks: a testcase without its required name fails.
      const broken = join(root, 'broken.xml');
      writeFileSync(
        broken,
        readFileSync(file, 'utf8').replace(/<testcase classname="([^"]*)" name="[^"]*"/, '<testcase classname="$1"'),
      );
      const bad = validate(broken);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/attribute 'name' is required/);
    },
  );

  test('the only workflow commands on stdout are lab’s own annotations', () => {
    // The runner reads a command at the start of any line, after whitespace; \r ends a line too.
    const commands = stdout.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line));
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands) expect(line).toMatch(/^::(error|warning) title=lab 1 [RB]\d [^:]*::/);
  });

  test('inside an annotation, the learner’s %0A and newlines stay data', () => {
    const r1 = stdout.split('\n').find((line) => line.startsWith('::error title=lab 1 R1 '));
    expect(r1).toBeDefined();
    const data = (r1 as string).slice((r1 as string).indexOf('::', 2) + 2);
    // A literal "%0A" printed by the learner arrives as "%250A": GitHub decodes it back to the text "%0A".
    expect(data).toContain('%250A::error::forged via percent%250D%250A::set-output');
    expect(data).not.toMatch(/[\r\n]/);
    const decoded = data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    expect(decoded).toContain('%0A::error::forged via percent%0D%0A::set-output name=grade::100');
  });

  test('the job summary carries no workflow command either', () => {
    expect(summary).toMatch(/\| ❌ \| 1 \|/);
    expect(summary.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line))).toEqual([]);
  });
});
