/** One test case of a JUnit XML report, as any runner writes it (vitest, jest-junit, pytest, go-junit-report). */
export interface JunitCase {
  readonly name: string;
  /** `classname`, else `file`: where the test lives, which tells unit from integration. */
  readonly location: string;
  readonly state: 'passed' | 'failed' | 'skipped';
}

/**
 * Reads the test cases of a JUnit XML report. Only what C1 needs: each `<testcase>`'s name, its
 * file or class, and whether a `<failure>`, `<error>` or `<skipped>` sits inside it.
 */
export function readJunit(xml: string): JunitCase[] {
  const cases: JunitCase[] = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attributes = match[1] ?? '';
    const body = match[3] ?? '';
    const attribute = (key: string) => decodeXml(new RegExp(`\\b${key}="([^"]*)"`).exec(attributes)?.[1] ?? '');
    const state = /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    cases.push({ name: attribute('name'), location: attribute('classname') || attribute('file'), state });
  }
  return cases;
}

/** An integration test lives in an `integration` folder or a file named `*.integration.*` / `*-integration*`. */
export const isIntegration = (test: JunitCase): boolean => /(^|[/\\._-])integration([/\\._-]|$)/i.test(test.location);

const decodeXml = (text: string): string =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
