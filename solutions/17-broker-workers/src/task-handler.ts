import { randomUUID } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { publishConfirmed } from './confirmed-publish.ts';
import type { Dedup } from './dedup.ts';
import { afterFailure } from './retry-policy.ts';
import type { Sink } from './sink.ts';
import { parseTask, type Task } from './task.ts';
import type { Names } from './topology.ts';

export interface HandlerDeps {
  readonly names: Names;
  readonly dedup: Dedup;
  readonly sink: Sink;
  readonly maxRetries: number;
  readonly retryDelaysMs: readonly number[];
  readonly claimTtlMs: number;
  readonly publishTimeoutMs: number;
  readonly outcomes: Counter<'outcome'>;
  readonly log: Logger;
}

/** A failed attempt that may succeed later (a flaky task, an unreachable sink). */
class TransientFailure extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Handles one delivery, acking it only after its outcome is safe (R2): the effect reported and marked
 * done, or a copy confirmed in a retry queue or the DLQ. Nothing here throws: a failure leaves the
 * message unacked, and the broker redelivers it when this channel closes.
 */
export async function handleDelivery(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  deps: HandlerDeps,
): Promise<void> {
  try {
    await handle(channel, message, deps);
  } catch (error) {
    deps.log.error({ err: error }, `task left unacked for redelivery: ${(error as Error).message}`);
    // Broker or Redis trouble: give the message back after a pause (never in a tight loop).
    await sleep(1000);
    try {
      channel.nack(message, false, true);
    } catch {
      // The channel is gone: the broker redelivers the message anyway.
    }
  }
}

async function handle(channel: ConfirmChannel, message: ConsumeMessage, deps: HandlerDeps): Promise<void> {
  const headers = message.properties.headers ?? {};
  const previousAttempts = Number(headers['x-attempts'] ?? 0) || 0;
  const parsed = parseTask(message.content.toString('utf8'));
  if (!parsed.ok) {
    deps.log.warn({ reason: parsed.reason, detail: parsed.detail }, 'poison message dead-lettered');
    await deadLetter(channel, message, deps, parsed.reason, previousAttempts + 1, parsed.detail);
    return;
  }
  const task = parsed.task;
  const id = String(task.id);
  const token = `${process.env.WORKER_ID ?? process.pid}:${randomUUID()}`;
  for (;;) {
    const state = await deps.dedup.begin(id, token);
    if (state === 'claimed') break;
    if (state === 'done') {
      deps.outcomes.inc({ outcome: 'duplicate' });
      deps.log.debug({ taskId: id }, 'duplicate skipped');
      channel.ack(message);
      return;
    }
    // Another worker holds the claim: it finishes (and we find "done"), or it died and its claim expires.
    await sleep(100);
  }

  const attempt = previousAttempts + 1;
  const keepClaim = setInterval(
    () => void deps.dedup.refresh(id, token).catch(() => {}),
    Math.max(50, Math.floor(deps.claimTtlMs / 3)),
  );
  try {
    await attemptTask(task, attempt, deps);
    await deps.dedup.finish(id, token);
  } catch (error) {
    clearInterval(keepClaim);
    await deps.dedup.release(id, token);
    if (!(error instanceof TransientFailure)) throw error;
    const next = afterFailure(attempt, deps.maxRetries, deps.retryDelaysMs);
    if (next.action === 'dead-letter') {
      await deadLetter(channel, message, deps, 'max-retries-exceeded', attempt, error.message);
    } else {
      await republish(channel, message, deps.names.retryQueue(next.delayMs), { 'x-attempts': attempt }, deps);
      deps.outcomes.inc({ outcome: 'retried' });
      deps.log.info({ taskId: id, attempt, delayMs: next.delayMs }, 'attempt failed; retry scheduled');
      channel.ack(message);
    }
    return;
  } finally {
    clearInterval(keepClaim);
  }
  deps.outcomes.inc({ outcome: 'done' });
  channel.ack(message);
}

/** One attempt: reported to the sink first; a flaky task fails its first failTimes attempts. */
async function attemptTask(task: Task, attempt: number, deps: HandlerDeps): Promise<void> {
  try {
    await deps.sink.attempt(task.id, attempt);
  } catch (error) {
    throw new TransientFailure(`could not report the attempt: ${(error as Error).message}`);
  }
  if (task.kind === 'flaky' && attempt <= (task.failTimes ?? 0)) {
    throw new TransientFailure(`flaky task failed attempt ${attempt} of ${task.failTimes}`);
  }
  if (task.kind === 'work' && task.durationMs) await sleep(task.durationMs);
  try {
    await deps.sink.effect(task.id);
  } catch (error) {
    throw new TransientFailure(`the effect failed: ${(error as Error).message}`);
  }
}

/** Puts a confirmed copy of the message into `queue` (headers added), keeping its persistence and priority. */
async function republish(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  queue: string,
  extraHeaders: Record<string, unknown>,
  deps: HandlerDeps,
): Promise<void> {
  const { properties } = message;
  await publishConfirmed(
    channel,
    '',
    queue,
    message.content,
    {
      persistent: true,
      messageId: properties.messageId,
      contentType: properties.contentType,
      priority: properties.priority,
      headers: { ...(properties.headers ?? {}), ...extraHeaders },
    },
    deps.publishTimeoutMs,
  );
}

/** Dead-letters a copy carrying why (R3), then acks the original: never requeued, never lost. */
async function deadLetter(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  deps: HandlerDeps,
  reason: string,
  attempts: number,
  detail: string,
): Promise<void> {
  await republish(
    channel,
    message,
    deps.names.deadLetterQueue,
    {
      'x-error-reason': reason,
      'x-error-detail': detail.slice(0, 500),
      'x-original-queue': deps.names.queue,
      'x-attempts': attempts,
    },
    deps,
  );
  deps.outcomes.inc({ outcome: 'dead-lettered' });
  channel.ack(message);
}
