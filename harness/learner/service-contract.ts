import type { LabRunContext } from '../grading/run-context.ts';
import { loadCurriculum } from '../manifest/load-exercise.ts';
import { loadProgram } from './learner-program.ts';

/**
 * The run context with what a `service` contract adds. Until LabRunContext carries these two
 * fields itself, they are read from the manifest and the program's lab.config.json.
 */
export interface ServiceRunContext extends LabRunContext {
  /** The contract's `start` command, after workspace overrides. */
  readonly start?: readonly string[];
  /** The contract's readiness path (`ready.http`). */
  readonly readyPath?: string;
}

/** How to start the learner's long-running program and know it is ready. */
export interface ServiceContract {
  readonly start: readonly string[];
  readonly readyPath: string;
}

let cached: ServiceContract | undefined;

/** The start command and ready path of this run's program; an Error when the contract has no `start`. */
export function serviceContract(ctx: ServiceRunContext): ServiceContract {
  if (ctx.start && ctx.readyPath) return { start: ctx.start, readyPath: ctx.readyPath };
  if (cached) return cached;
  // LAB_CURRICULUM reaches the grader workers through their env, so this finds the same manifest lab graded.
  const exercise = loadCurriculum().find((e) => e.id === ctx.exerciseId);
  if (!exercise) throw new Error(`no exercise ${ctx.exerciseId} in the curriculum this grader runs from`);
  const start = ctx.start ?? loadProgram(exercise, ctx.programDir, 'dir').start;
  if (!start) throw new Error(`project ${exercise.id} has no \`start\` command: it is not a service contract`);
  cached = { start, readyPath: ctx.readyPath ?? exercise.contract.ready?.http ?? '/' };
  return cached;
}
