import type { ConfirmChannel, Options } from 'amqplib';

export class ConfirmTimeout extends Error {}

/**
 * Publishes one message on a confirm channel and resolves only when the broker confirmed it (acked:
 * it is on disk for a persistent message to a durable queue). Rejects on a nack, on a closed channel,
 * and after `timeoutMs` without an answer — a paused broker never answers; the message may still be
 * confirmed later, which is why the caller must never report success for it.
 */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ConfirmTimeout(`no confirm from the broker within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      channel.publish(exchange, routingKey, content, options, (error) => {
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error(`broker nacked the message: ${String(error)}`));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}

/** `work`, or a ConfirmTimeout after `timeoutMs`: a paused broker answers no declaration either. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConfirmTimeout(`${what}: no answer from the broker within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
