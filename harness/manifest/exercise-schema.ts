import { z } from 'zod';
import { benchSchema, undeclaredBenchEnv } from '../bench/bench-manifest.ts';
import { commonManifestSchema, isHttpInput } from '../common/common-manifest.ts';

/** A project's own criterion ids, in the order the spec sheet lists them. */
export const CRITERION_IDS = ['R1', 'R2', 'R3', 'R4', 'B1', 'B2', 'B3'] as const;
/** The sheet's "Common Requirements for Project Completion", graded for every project that opts in. */
export const COMMON_CRITERION_IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'] as const;
/** Every id a result can carry. */
export const ALL_CRITERION_IDS = [...CRITERION_IDS, ...COMMON_CRITERION_IDS] as const;
export type CriterionId = (typeof ALL_CRITERION_IDS)[number];
/** Required criteria make a project pass; common ones too (unless switched off); bonus ones add points. */
export const CRITERION_KINDS = ['required', 'bonus', 'common'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** Dependencies lab can provision for a project (see harness/services, issue 3 onwards). */
export const SERVICE_NAMES = [
  'postgres',
  'redis',
  'kafka',
  'opensearch',
  'rabbitmq',
  'nginx',
  'toxiproxy',
  'minio',
  'prometheus',
  'otel-collector',
  'envoy',
  'chromium',
] as const;

const commandLine = z
  .array(z.string().min(1))
  .min(1)
  .describe('argv of a command, run without a shell, in the program folder');

/** One graded criterion of a project, as the spec sheet states it. */
export const criterionSchema = z.strictObject({
  /** R1..R4 are required, B1..B3 bonus. */
  id: z.enum(CRITERION_IDS),
  /** Must agree with the id: R* required, B* bonus. */
  kind: z.enum(['required', 'bonus']),
  /** Short name from the spec sheet, e.g. "CSV→Parquet batch". */
  title: z.string().min(3),
  /** 1 (very easy) to 5 (very hard), from the spec sheet; points are derived from it. */
  difficulty: z.number().int().min(1).max(5),
  /** What the grader checks, in words a learner can act on (the sheet's acceptance, made concrete). */
  acceptance: z.string().min(10),
  /** What the criterion teaches (from the sheet). */
  teaches: z.string().min(3),
  /** Progressive hints, shown one more each time `lab hint` is asked. */
  hints: z.array(z.string().min(10)).min(1),
});

/** How the learner's program is started or invoked: the black-box contract. */
export const contractSchema = z.strictObject({
  /** `cli`: the grader invokes named commands; `service`: lab starts `start` and waits for readiness. */
  kind: z.enum(['cli', 'service']),
  /** Long-running program, for `service` contracts. */
  start: commandLine.optional(),
  /** Named commands (argv prefixes) the grader invokes, for `cli` contracts or side tools. */
  commands: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), commandLine).default({}),
  /** Environment the program receives (name → what it means). Nothing else but PATH and HOME is passed. */
  env: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().min(3)).default({}),
  /** Readiness of a `service`: an HTTP path answered 2xx on PORT. */
  ready: z.strictObject({ http: z.string().startsWith('/') }).optional(),
});

/** An exercise manifest: exercises/NN-slug/exercise.json. */
export const exerciseSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** Project number on the spec sheet, 1..25. */
    id: z.number().int().min(1).max(25),
    /** kebab-case; the folder is `NN-slug`. */
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    title: z.string().min(3),
    /** One paragraph: what the learner builds. */
    summary: z.string().min(10),
    /** The TypeScript/Node tools this project teaches (the sheet's Python tools, translated). */
    skills: z.array(z.string().min(2)).min(1),
    /** Real dependencies lab provisions for `lab verify`. */
    services: z.array(z.enum(SERVICE_NAMES)).default([]),
    /**
     * Services the program reaches through Toxiproxy, so graders can add latency, timeouts, resets,
     * bandwidth limits and cuts (grader-kit `toxiproxy(name)`): each must be in `services`, with
     * `toxiproxy` itself; the program's URLs of them (DATABASE_URL…) point at the proxies, graders
     * also get the direct ones. Not kafka: its clients reconnect to the broker's advertised address.
     */
    toxiproxy: z.array(z.enum(SERVICE_NAMES)).default([]),
    contract: contractSchema,
    /** R1..R4 then B1..B3, in that order. */
    criteria: z.array(criterionSchema).length(CRITERION_IDS.length),
    /** Wall-clock budget for one criterion's grader file, in ms. */
    criterionTimeoutMs: z.number().int().positive().default(120_000),
    /** Load scenarios with thresholds, for `lab bench N` (service contracts only). */
    bench: benchSchema.optional(),
    /** Where the common criteria C1–C6 drive the program (docs/common-criteria.md); turns them on. */
    common: commonManifestSchema.optional(),
  })
  .superRefine((exercise, ctx) => {
    exercise.criteria.forEach((criterion, index) => {
      if (criterion.id !== CRITERION_IDS[index]) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', index, 'id'],
          message: `expected ${CRITERION_IDS[index]} at position ${index + 1}, found ${criterion.id}`,
        });
      }
      const expectedKind = criterion.id.startsWith('R') ? 'required' : 'bonus';
      if (criterion.kind !== expectedKind) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', index, 'kind'],
          message: `${criterion.id} must be ${expectedKind}`,
        });
      }
    });
    if (exercise.toxiproxy.length > 0 && !exercise.services.includes('toxiproxy')) {
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        message: 'a project with `toxiproxy` links lists toxiproxy in services',
      });
    }
    exercise.toxiproxy.forEach((name, index) => {
      const problem =
        name === 'toxiproxy' || name === 'kafka'
          ? `${name} cannot be put behind Toxiproxy`
          : !exercise.services.includes(name)
            ? `${name} is not in services`
            : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['toxiproxy', index], message: problem });
    });
    if (exercise.contract.kind === 'service' && !exercise.contract.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['contract', 'start'],
        message: 'a service contract needs a start command',
      });
    }
    if (exercise.bench && exercise.contract.kind !== 'service') {
      ctx.addIssue({ code: 'custom', path: ['bench'], message: 'only a service contract can be benched' });
    }
    for (const name of Object.keys(exercise.common?.env ?? {})) {
      if (!(name in exercise.contract.env)) {
        ctx.addIssue({
          code: 'custom',
          path: ['common', 'env', name],
          message: `${name} is not a variable of the contract`,
        });
      }
    }
    const inputs = exercise.common ? [...exercise.common.traffic, ...exercise.common.malformed] : [];
    inputs.forEach((input) => {
      const http = isHttpInput(input);
      if (http !== (exercise.contract.kind === 'service')) {
        ctx.addIssue({
          code: 'custom',
          path: ['common'],
          message: `a ${exercise.contract.kind} contract takes ${exercise.contract.kind === 'service' ? 'HTTP requests' : 'command invocations'} in common.traffic and common.malformed`,
        });
      } else if (!http && !exercise.contract.commands[input.command]) {
        ctx.addIssue({
          code: 'custom',
          path: ['common'],
          message: `"${input.command}" is not a command of the contract`,
        });
      }
    });
    for (const name of exercise.bench ? undeclaredBenchEnv(exercise.bench, exercise.contract.env) : []) {
      ctx.addIssue({ code: 'custom', path: ['bench', 'env'], message: `${name} is not a variable of the contract` });
    }
  });

export type ExerciseManifest = z.infer<typeof exerciseSchema>;
export type ManifestCriterion = z.infer<typeof criterionSchema>;
/** A criterion as lab grades it: one of the manifest's own, or a common one (harness/common/common-criteria.ts). */
export type CriterionSpec = Omit<ManifestCriterion, 'id' | 'kind'> & { id: CriterionId; kind: CriterionKind };
export type Contract = z.infer<typeof contractSchema>;

/** Points are derived from difficulty so the sheet stays the single source. */
export const pointsFor = (criterion: Pick<CriterionSpec, 'difficulty'>): number => criterion.difficulty * 10;
