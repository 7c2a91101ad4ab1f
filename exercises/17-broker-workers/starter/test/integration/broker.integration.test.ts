import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { describe, expect, it } from 'vitest';

// An example integration test against the real RabbitMQ lab gives your programs (RABBITMQ_URL). It
// deletes what it declares. Next: your topology (durable, with a DLQ), a confirmed publish, a worker
// handling a poison message, a task delivered twice against the real Redis in REDIS_URL.
const amqpUrl = process.env.RABBITMQ_URL;
if (!amqpUrl) {
  throw new Error(
    'RABBITMQ_URL is not set: integration tests need RabbitMQ (lab verify sets it; locally: docker run -p 5672:5672 rabbitmq:3)',
  );
}

describe('the broker', () => {
  it('confirms a persistent message to a durable queue and hands it back', async () => {
    const connection = await connect(amqpUrl);
    const queue = `example-${randomUUID()}`;
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(queue, { durable: true });
      channel.sendToQueue(queue, Buffer.from('hello'), { persistent: true });
      await channel.waitForConfirms();
      const message = await channel.get(queue, { noAck: true });
      expect(message ? message.content.toString() : '(no message)').toBe('hello');
      await channel.deleteQueue(queue);
    } finally {
      await connection.close();
    }
  });
});
