import type { VerifyResult } from '../grading/verify-result.ts';

/** JUnit XML: one testsuite per project, one testcase per criterion (what CI dashboards read). */
export function junitReport(results: readonly VerifyResult[], name = 'lab'): string {
  const count = (state: string) => results.reduce((n, r) => n + r.criteria.filter((c) => c.state === state).length, 0);
  const tests = results.reduce((n, r) => n + r.criteria.length, 0);
  const time = results.reduce((ms, r) => ms + r.durationMs, 0) / 1000;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(name)}" tests="${tests}" failures="${count('failed')}" errors="0" time="${time.toFixed(3)}">`,
    ...results.map(testSuite),
    '</testsuites>',
    '',
  ].join('\n');
}

function testSuite(result: VerifyResult): string {
  const failures = result.criteria.filter((c) => c.state === 'failed').length;
  const skipped = result.criteria.filter((c) => c.state === 'skipped').length;
  const cases = result.criteria.map((c) => {
    const open = `    <testcase classname="lab.${result.exercise}-${result.slug}" name="${xml(`${c.id} ${c.title} (${c.kind})`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
    if (c.state === 'passed') return `${open}/>`;
    if (c.state === 'skipped') return `${open}>\n      <skipped message="${xml(c.message)}"/>\n    </testcase>`;
    const body = [c.message, c.learnerOutput ? `\nlast lines of the program:\n${c.learnerOutput}` : ''].join('');
    return `${open}>\n      <failure message="${xml(c.message.split('\n')[0] ?? '')}">${xml(body)}</failure>\n    </testcase>`;
  });
  return [
    `  <testsuite name="${xml(`${result.exercise} ${result.title}`)}" tests="${result.criteria.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${(result.durationMs / 1000).toFixed(3)}" timestamp="${result.startedAt}">`,
    '    <properties>',
    `      <property name="labVersion" value="${xml(result.labVersion)}"/>`,
    `      <property name="graderDigest" value="${xml(result.graderDigest)}"/>`,
    `      <property name="points" value="${result.summary.points}/${result.summary.maxPoints}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
  ].join('\n');
}

const xml = (text: string): string =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
