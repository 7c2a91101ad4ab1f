import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import { BrokerLink } from './broker-link.ts';
import { publishConfirmed, withTimeout } from './confirmed-publish.ts';
import type { Task } from './task.ts';
import { declareTopology, declareWaitQueue, type Names, TASK_ROUTING_KEY } from './topology.ts';

export class BrokerUnavailable extends Error {}

/**
 * The producer's side of the broker: one confirm channel on a link that reconnects by itself.
 * `publish` resolves only after the broker's confirm; within `timeoutMs` in all (waiting for a
 * connection included), or it rejects and the caller answers 503.
 */
export class TaskPublisher {
  readonly #link: BrokerLink;
  #channel: ConfirmChannel | undefined;
  /** Delay queues declared on the current connection (a reconnect declares them again). */
  #delayQueues = new Set<number>();

  constructor(
    amqpUrl: string,
    private readonly names: Names,
    private readonly retryDelaysMs: readonly number[],
    private readonly timeoutMs: number,
    log: Logger,
  ) {
    this.#link = new BrokerLink(amqpUrl, log, (connection) => this.#open(connection));
  }

  start(): void {
    this.#link.start();
  }

  get connected(): boolean {
    return this.#link.open && this.#channel !== undefined;
  }

  async #open(connection: ChannelModel): Promise<void> {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => {});
    channel.on('close', () => {
      if (this.#channel === channel) this.#channel = undefined;
      this.#link.reset('producer channel closed');
    });
    await declareTopology(channel, this.names, this.retryDelaysMs);
    this.#delayQueues = new Set();
    this.#channel = channel;
  }

  /** Publishes tasks (persistent, with their priority; delayed ones through a TTL queue) and waits for every confirm. */
  async publish(tasks: readonly Task[], onConfirmed: () => void): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    await this.#link.connection(this.timeoutMs);
    const channel = this.#channel;
    if (!channel) throw new BrokerUnavailable(`the broker is unreachable (waited ${this.timeoutMs} ms)`);
    const confirms: Promise<void>[] = [];
    for (const task of tasks) {
      const left = Math.max(1, deadline - Date.now());
      const options = {
        persistent: true,
        messageId: String(task.id),
        contentType: 'application/json',
        priority: task.priority ?? 0,
        timestamp: Math.floor(Date.now() / 1000),
      };
      const body = Buffer.from(JSON.stringify(task));
      if (task.delayMs && task.delayMs > 0) {
        await withTimeout(this.#declareDelay(channel, task.delayMs), left, 'declaring the delay queue');
        confirms.push(publishConfirmed(channel, '', this.names.delayQueue(task.delayMs), body, options, left));
      } else {
        confirms.push(publishConfirmed(channel, this.names.exchange, TASK_ROUTING_KEY, body, options, left));
      }
      confirms.at(-1)?.then(onConfirmed, () => {});
    }
    const results = await Promise.allSettled(confirms);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async #declareDelay(channel: ConfirmChannel, delayMs: number): Promise<void> {
    if (this.#delayQueues.has(delayMs)) return;
    await declareWaitQueue(channel, this.names.delayQueue(delayMs), this.names, delayMs);
    this.#delayQueues.add(delayMs);
  }

  stop(): Promise<void> {
    return this.#link.stop();
  }
}
