import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { workspaceDir } from '../paths.ts';

/** Where a graded program comes from. */
export const PROGRAM_SOURCES = ['workspace', 'solution', 'starter', 'mutant', 'dir'] as const;
export type ProgramSource = (typeof PROGRAM_SOURCES)[number];

/** A learner's program as lab will run it: its folder and its contract after workspace overrides. */
export interface LearnerProgram {
  readonly dir: string;
  readonly source: ProgramSource;
  readonly commands: Readonly<Record<string, readonly string[]>>;
  /** How to run the workspace checks of the common criteria (lab.config.json `checks`, else npm scripts). */
  readonly checks: Readonly<Record<CheckName, readonly string[]>>;
  readonly start?: readonly string[];
}

/** The workspace's optional `lab.config.json`: lets a learner solve in any language. */
export const CONFIG_FILE = 'lab.config.json';
const argv = z.union([z.array(z.string().min(1)).min(1), z.string().min(1).transform(splitCommandLine)]);
const configSchema = z.strictObject({
  /** Overrides of the contract's named commands, e.g. { "lake": "python3 lake.py" }. */
  commands: z.record(z.string(), argv).optional(),
  /** Override of a service contract's start command. */
  start: argv.optional(),
  /** Overrides of the common criteria's workspace checks (test, lint, typecheck), for other languages. */
  checks: z.strictObject({ test: argv.optional(), lint: argv.optional(), typecheck: argv.optional() }).optional(),
});

/** The workspace checks of the common criteria: npm scripts by default (TypeScript starters ship them). */
export type CheckName = 'test' | 'lint' | 'typecheck';
const defaultCheck = (name: CheckName): string[] =>
  name === 'test' ? ['npm', 'test', '--silent'] : ['npm', 'run', name, '--silent'];

/** Every program receives these, and the contract's own variables; nothing else. */
export const baseLearnerEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  TZ: 'UTC',
  LANG: 'C.UTF-8',
});

export function workspaceProgramDir(exercise: Exercise): string {
  return join(workspaceDir(), exercise.folder);
}

/** Resolves which folder to grade: the workspace copy (default), the reference solution, or any folder. */
export function resolveProgram(exercise: Exercise, options: { solution?: boolean; dir?: string }): LearnerProgram {
  if (options.solution && options.dir) throw new LabError('use either --solution or --dir, not both');
  if (options.solution) return loadProgram(exercise, exercise.solutionDir, 'solution');
  if (options.dir) {
    const dir = resolve(options.dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new LabError(`--dir ${options.dir}: no such folder`, { next: 'Give the folder of your program.' });
    }
    if (!existsSync(join(dir, 'package.json')) && !existsSync(join(dir, CONFIG_FILE))) {
      throw new LabError(`--dir ${options.dir} is not a project: it has neither package.json nor ${CONFIG_FILE}`, {
        next: `Point --dir at the folder \`lab start ${exercise.id}\` created, or add a ${CONFIG_FILE}.`,
      });
    }
    return loadProgram(exercise, dir, 'dir');
  }
  const dir = workspaceProgramDir(exercise);
  if (!existsSync(dir)) {
    throw new LabError(`you have not started project ${exercise.id} yet (no ${dir})`, {
      next: `Run \`lab start ${exercise.id}\`, or grade another folder with --dir.`,
    });
  }
  return loadProgram(exercise, dir, 'workspace');
}

/** Reads the contract for a program folder, applying its lab.config.json if present. */
export function loadProgram(exercise: Exercise, dir: string, source: ProgramSource): LearnerProgram {
  const configPath = join(dir, CONFIG_FILE);
  let config: z.infer<typeof configSchema> = {};
  if (existsSync(configPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (error) {
      throw new LabError(`${configPath} does not parse: ${(error as Error).message}`, {
        next: `Fix the JSON, or delete ${CONFIG_FILE} to use the default commands.`,
      });
    }
    const parsed = configSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LabError(`${configPath}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, {
        next: 'Allowed keys: "commands" ({ name: "command line" }), "start" and "checks" ({ test, lint, typecheck }).',
      });
    }
    config = parsed.data;
  }
  const unknown = Object.keys(config.commands ?? {}).filter((name) => !(name in exercise.contract.commands));
  if (unknown.length > 0) {
    throw new LabError(`${configPath}: project ${exercise.id} has no command "${unknown[0]}"`, {
      next: `Its commands are: ${Object.keys(exercise.contract.commands).join(', ') || '(none)'}.`,
    });
  }
  const start = config.start ?? exercise.contract.start;
  const check = (name: CheckName) => config.checks?.[name] ?? defaultCheck(name);
  return {
    dir,
    source,
    commands: { ...exercise.contract.commands, ...config.commands },
    checks: { test: check('test'), lint: check('lint'), typecheck: check('typecheck') },
    ...(start ? { start } : {}),
  };
}

/** Splits `python3 "my lake.py" --fast` into argv; quotes group, no other shell syntax. */
export function splitCommandLine(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}
