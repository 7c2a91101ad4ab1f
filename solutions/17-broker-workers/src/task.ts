import { z } from 'zod';

/** A task of the contract; durationMs/failTimes default to 0, priority and delayMs are optional (B1). */
export const taskSchema = z.looseObject({
  id: z.union([z.string().min(1).max(200), z.number().int()]),
  kind: z.enum(['work', 'flaky']),
  durationMs: z.number().int().min(0).max(600_000).optional(),
  failTimes: z.number().int().min(0).max(1000).optional(),
  priority: z.number().int().min(0).max(9).optional(),
  delayMs: z.number().int().min(0).max(86_400_000).optional(),
});
export type Task = z.infer<typeof taskSchema>;

/** Why a message is poison: the x-error-reason of its dead-lettered copy. */
export type PoisonReason = 'invalid-json' | 'missing-id' | 'unknown-kind' | 'invalid-task';

export type Parsed =
  | { readonly ok: true; readonly task: Task }
  | { readonly ok: false; readonly reason: PoisonReason; readonly detail: string };

/** Classifies a message body: a task, or poison with the reason it will be dead-lettered with. */
export function parseTask(body: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: 'invalid-json', detail: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'invalid-task', detail: 'a task is a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (record.id === undefined || record.id === null || record.id === '') {
    return { ok: false, reason: 'missing-id', detail: 'the task has no id' };
  }
  if (record.kind !== 'work' && record.kind !== 'flaky') {
    return { ok: false, reason: 'unknown-kind', detail: `unknown kind ${JSON.stringify(record.kind)}` };
  }
  const parsed = taskSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'invalid-task', detail: z.prettifyError(parsed.error) };
  return { ok: true, task: parsed.data };
}
