import { connect } from 'amqplib';

/**
 * Publishes raw bodies straight to a queue through the default exchange, persistent, and waits for
 * the broker's confirms — the way a misbehaving service would put poison in the learner's queue.
 * The queue must exist already (the learner declares it): the grader never declares their queues.
 */
export async function publishRaw(amqpUrl: string, queue: string, bodies: readonly string[]): Promise<void> {
  const connection = await connect(amqpUrl);
  connection.on('error', () => {});
  try {
    const channel = await connection.createConfirmChannel();
    await channel.checkQueue(queue);
    for (const [i, body] of bodies.entries()) {
      channel.sendToQueue(queue, Buffer.from(body), { persistent: true, messageId: `grader-poison-${i}` });
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close().catch(() => {});
  }
}
