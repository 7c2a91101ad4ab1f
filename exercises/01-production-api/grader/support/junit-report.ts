/** One <testcase> of a JUnit XML report. */
export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  readonly passed: boolean;
}

const attribute = (tag: string, name: string) =>
  (new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The test cases of a JUnit report; a case with <failure>, <error> or <skipped> did not pass. */
export function junitCases(xml: string): JunitCase[] {
  const cases: JunitCase[] = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const tag = match[1] ?? '';
    const inner = match[3] ?? '';
    cases.push({
      name: attribute(tag, 'name'),
      classname: attribute(tag, 'classname'),
      passed: !/<(failure|error|skipped)\b/.test(inner),
    });
  }
  return cases;
}
