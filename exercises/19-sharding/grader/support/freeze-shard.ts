import { pauseContainer } from '../../../../harness/grading/grader-kit.ts';

/**
 * `docker pause`, tried up to three times: on a loaded machine the cgroup freezer sometimes answers
 * "unable to freeze" once and succeeds a moment later. That is the engine, not the learner's program.
 */
export async function freezeShard(container: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await pauseContainer(container);
      return;
    } catch (error) {
      if (attempt >= 3 || !/unable to freeze/i.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
