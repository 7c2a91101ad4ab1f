import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';
import { getItem, type ItemAnswer } from './get-item.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the item twice on every instance, so each holds it in L1; returns the answers that show it
 * is not cached: not 200 with `expected`, or a second read not served by a cache (X-Cache L1 or L2).
 * A coherence check means nothing for a service that does not cache.
 */
export async function warm(
  instances: readonly StartedLearnerService[],
  id: string,
  expected: unknown,
): Promise<ItemAnswer[]> {
  const first = await Promise.all(instances.map((x) => getItem(x, id)));
  const second = await Promise.all(instances.map((x) => getItem(x, id)));
  return [
    ...first.filter((a) => a.status !== 200 || a.value !== expected),
    ...second.filter((a) => a.status !== 200 || a.value !== expected || !['L1', 'L2'].includes(a.layer)),
  ];
}

/** Reads the item `times` times on every instance; returns the answers whose value is not `expected`. */
export async function staleAnswers(
  instances: readonly StartedLearnerService[],
  id: string,
  expected: unknown,
  times = 3,
): Promise<ItemAnswer[]> {
  const answers: ItemAnswer[] = [];
  for (let i = 0; i < times; i++) answers.push(...(await Promise.all(instances.map((x) => getItem(x, id)))));
  return answers.filter((a) => a.status !== 200 || JSON.stringify(a.value) !== JSON.stringify(expected));
}
