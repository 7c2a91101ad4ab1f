/** A task of the contract (see the README's Tasks table). */
export interface Task {
  readonly id: string | number;
  readonly kind: 'work' | 'flaky';
  readonly durationMs?: number;
  readonly failTimes?: number;
  readonly priority?: number;
  readonly delayMs?: number;
}

/**
 * Checks a task's shape: the task, or undefined for anything else. The producer answers 400 for
 * undefined; a worker will need more than that (TODO(R3)): *why* a message is poison — not JSON,
 * missing id, unknown kind — to dead-letter it with that reason.
 */
export function parseTask(value: unknown): Task | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const task = value as Record<string, unknown>;
  const validId = (typeof task.id === 'string' && task.id !== '') || Number.isInteger(task.id);
  if (!validId || (task.kind !== 'work' && task.kind !== 'flaky')) return undefined;
  for (const field of ['durationMs', 'failTimes', 'priority', 'delayMs']) {
    const n = task[field];
    if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0)) return undefined;
  }
  if (task.priority !== undefined && (task.priority as number) > 9) return undefined;
  return task as unknown as Task;
}
