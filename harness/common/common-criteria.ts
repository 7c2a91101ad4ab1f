import { join } from 'node:path';
import { labSettings } from '../lab-settings.ts';
import type { CriterionSpec } from '../manifest/exercise-schema.ts';
import { LAB_ROOT } from '../paths.ts';

/** Where the common criteria's grader files live: once, for every project. */
export const COMMON_GRADER_DIR = join(LAB_ROOT, 'harness', 'common', 'grader');

interface CommonCriterion {
  readonly spec: CriterionSpec;
  readonly graderFile: string;
  /** An untouched starter must fail it: the learner earns it (C3 and C4 pass on a starter's clean toolchain). */
  readonly starterFails: boolean;
}

type Definition = Omit<CriterionSpec, 'kind'> & { file: string; starterFails: boolean };

/** The spec sheet's completion checklist, made observable (docs/common-criteria.md says it in full). */
const DEFINITIONS: readonly Definition[] = [
  {
    id: 'C1',
    file: 'c1-tests.test.ts',
    title: 'Tests',
    difficulty: 2,
    starterFails: true,
    teaches: 'A test suite that proves the program: unit tests for logic, integration tests against real services.',
    acceptance:
      'Your test command (default `npm test`) exits 0 and writes a JUnit report to $LAB_TEST_REPORT with at least 10 passing tests, none failing, among them unit tests and integration tests (files under an `integration` folder or named `*.integration.*`).',
    hints: [
      "The starter's vitest.config.ts writes the JUnit report when LAB_TEST_REPORT is set: run `LAB_TEST_REPORT=/tmp/r.xml npm test` and read /tmp/r.xml.",
      'Put tests that talk to the database or Redis under test/integration/: they get the same DATABASE_URL / REDIS_URL your program gets.',
    ],
  },
  {
    id: 'C2',
    file: 'c2-readme.test.ts',
    title: 'README',
    difficulty: 1,
    starterFails: true,
    teaches: 'Documentation an on-call engineer can use: how it is built, how to run it, what to do when it breaks.',
    acceptance:
      'README.md has an architecture diagram (a ```mermaid block or an image), a development and a production section each with a command block, and a Runbook section of at least 3 lines.',
    hints: [
      'Headings lab looks for: one naming dev/development/local, one naming prod/production/deploy, one naming runbook.',
      'A mermaid block is enough for the diagram: ```mermaid\\nflowchart LR\\n  client --> api --> db\\n```.',
    ],
  },
  {
    id: 'C3',
    file: 'c3-lint.test.ts',
    title: 'Format and lint',
    difficulty: 1,
    starterFails: false,
    teaches: 'A codebase that a formatter and a linter keep consistent, checked on every change.',
    acceptance:
      'Your lint command (default `npm run lint`, `biome check .` in the starter: format and lint rules) exits 0.',
    hints: ['`npx biome check --write .` fixes formatting and the safe lint findings; read what remains.'],
  },
  {
    id: 'C4',
    file: 'c4-types.test.ts',
    title: 'Types',
    difficulty: 1,
    starterFails: false,
    teaches: 'Types as checked documentation of public APIs; exceptions that say why.',
    acceptance:
      'Your type check (default `npm run typecheck`, `tsc --noEmit`) exits 0, and every @ts-expect-error / @ts-ignore in your source gives its reason on the same line.',
    hints: ['Write `// @ts-expect-error <why>` rather than a bare suppression; prefer fixing the type.'],
  },
  {
    id: 'C5',
    file: 'c5-observability.test.ts',
    title: 'Observability',
    difficulty: 2,
    starterFails: true,
    teaches: 'Structured logs, metrics and traces: the three signals production is run on.',
    acceptance:
      "While lab drives the project's key path: every line your program writes is a JSON object with a level, a message and a time; a Prometheus counter grows; and at least one span reaches lab's OTLP receiver at $OTEL_EXPORTER_OTLP_ENDPOINT.",
    hints: [
      "Use pino (fastify's logger) for every log line: no console.log text.",
      'Wire src/telemetry.ts: NodeTracerProvider + BatchSpanProcessor + OTLPTraceExporter when OTEL_EXPORTER_OTLP_ENDPOINT is set, and start a span around your key path.',
    ],
  },
  {
    id: 'C6',
    file: 'c6-security.test.ts',
    title: 'Security',
    difficulty: 2,
    starterFails: false,
    teaches: 'Secrets kept out of code, dependencies audited, untrusted input refused early.',
    acceptance:
      "secretlint's recommended rules find no secret in your files and no .env file holds values; `npm audit --audit-level=high` finds nothing beyond audit-exceptions.json (skipped where the advisory service is unreachable); every malformed input lab sends to your main endpoint gets a 4xx (a CLI: exit 1 or 2 with a message), never a 5xx or a crash.",
    hints: [
      'Read secrets from process.env; commit a .env.example without values.',
      'Validate bodies and parameters before using them, and map validation errors to 400.',
    ],
  },
];

/** The common criteria this class grades, with the teacher's weights (lab.settings.json `common`). */
export function commonCriteria(): readonly CommonCriterion[] {
  const settings = labSettings().common;
  if (settings?.enabled === false) return [];
  return DEFINITIONS.flatMap(({ file, starterFails, ...definition }) => {
    const difficulty = settings?.difficulty[definition.id as keyof typeof settings.difficulty] ?? definition.difficulty;
    if (difficulty === 0) return [];
    return [
      { spec: { ...definition, kind: 'common', difficulty }, graderFile: join(COMMON_GRADER_DIR, file), starterFails },
    ];
  });
}

export const isCommonGraderFile = (file: string): boolean => file.startsWith(`${COMMON_GRADER_DIR}/`);

/** The common criteria an untouched starter must fail. */
export const STARTER_FAILS: ReadonlySet<string> = new Set(DEFINITIONS.filter((d) => d.starterFails).map((d) => d.id));
