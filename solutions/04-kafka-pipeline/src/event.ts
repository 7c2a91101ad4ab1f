import { z } from 'zod';

const amountPattern = /^\d+(\.\d+)?$/;

/**
 * The event of the contract. `amount` and `currency` belong to purchases only: required there,
 * refused elsewhere, so a consumer never has to guess what a view's amount means.
 */
export const eventSchema = z
  .object({
    event_id: z.guid('event_id must be a UUID'),
    user_id: z.string().min(1).max(200),
    type: z.enum(['view', 'click', 'purchase']),
    occurred_at: z.iso.datetime({ offset: true, message: 'occurred_at must be an ISO-8601 date-time' }),
    amount: z
      .string()
      .regex(amountPattern, 'amount must be a decimal string such as "19.99"')
      .refine((a) => /[1-9]/.test(a), 'amount must be greater than 0')
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'currency must be 3 letters')
      .optional(),
  })
  // A misspelt field (`ammount`) is refused rather than silently dropped.
  .strict();

/**
 * `amount` and `currency` are required on a purchase and refused elsewhere. Checked beside the
 * schema rather than in a refinement, which zod skips once another field failed: a 400 lists all.
 */
function purchaseFieldIssues(value: unknown): Issue[] {
  if (typeof value !== 'object' || value === null) return [];
  const event = value as Record<string, unknown>;
  if (!['view', 'click', 'purchase'].includes(event.type as string)) return [];
  return (['amount', 'currency'] as const).flatMap((field) => {
    const present = event[field] !== undefined;
    if (event.type === 'purchase' && !present) return [{ path: field, message: `${field} is required for a purchase` }];
    if (event.type !== 'purchase' && present)
      return [{ path: field, message: `${field} is only allowed on a purchase` }];
    return [];
  });
}

export type PipelineEvent = z.infer<typeof eventSchema>;

export interface Issue {
  path: string;
  message: string;
}

export type Parsed = { ok: true; event: PipelineEvent } | { ok: false; reason: string; issues: Issue[] };

/** Validates an already-decoded value; issues carry dotted field paths (`amount`, `currency`). */
export function validateEvent(value: unknown): Parsed {
  const result = eventSchema.safeParse(value);
  const issues = [
    ...(result.error?.issues ?? []).flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({ path: [...i.path, key].join('.'), message: `unknown field ${key}` }))
        : [{ path: i.path.join('.') || '(root)', message: i.message }],
    ),
    ...purchaseFieldIssues(value),
  ];
  if (result.success && issues.length === 0) return { ok: true, event: result.data };
  return { ok: false, reason: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
}

/** Decodes a Kafka message value; a value that is not JSON fails like one that breaks the schema. */
export function parseMessage(value: Buffer | null): Parsed {
  if (value === null) return { ok: false, reason: 'empty message value', issues: [] };
  let decoded: unknown;
  try {
    decoded = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}`, issues: [] };
  }
  return validateEvent(decoded);
}
