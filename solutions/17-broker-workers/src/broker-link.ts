import { type ChannelModel, connect } from 'amqplib';
import type { Logger } from 'pino';

/**
 * A connection to RabbitMQ that comes back by itself. A broker restart closes the connection and
 * every channel on it; the link then reconnects with a growing pause (250 ms, capped at 1 s: a
 * restarted broker is back within seconds, and each second of waiting is a second of 503s) and runs
 * `onOpen` again, which re-declares the topology and re-opens channels and consumers. A channel that
 * closes on its own (a refused declaration, a broken ack) takes the connection down with it, so
 * there is only one way back: reconnect.
 */
export class BrokerLink {
  #connection: ChannelModel | undefined;
  #stopped = false;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly onOpen: (connection: ChannelModel) => Promise<void>,
  ) {}

  /** Connects in the background; resolves at once. */
  start(): void {
    void this.#loop();
  }

  get open(): boolean {
    return this.#connection !== undefined;
  }

  /** The open connection, waiting at most `timeoutMs` for one; undefined if none came. */
  async connection(timeoutMs: number): Promise<ChannelModel | undefined> {
    if (this.#connection) return this.#connection;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.#connection;
  }

  /** Drops the current connection so the loop makes a new one (after a channel broke). */
  reset(reason: string): void {
    const connection = this.#connection;
    if (!connection) return;
    this.log.warn({ reason }, 'resetting the broker connection');
    void connection.close().catch(() => {});
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#connection?.close().catch(() => {});
  }

  async #loop(): Promise<void> {
    let pauseMs = 250;
    while (!this.#stopped) {
      try {
        const connection = await connect(this.url, { timeout: 5000 });
        const closed = new Promise<void>((resolve) => connection.once('close', () => resolve()));
        connection.on('error', (error: Error) => this.log.warn({ err: error }, `broker connection: ${error.message}`));
        try {
          await this.onOpen(connection);
        } catch (error) {
          await connection.close().catch(() => {});
          throw error;
        }
        this.#connection = connection;
        pauseMs = 250;
        this.log.info('connected to the broker');
        for (const wake of this.#waiters.splice(0)) wake();
        await closed;
        this.#connection = undefined;
        if (!this.#stopped) this.log.warn('broker connection closed; reconnecting');
      } catch (error) {
        this.#connection = undefined;
        this.log.warn({ err: error }, `broker unreachable (${(error as Error).message}); retrying in ${pauseMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        pauseMs = Math.min(pauseMs * 2, 1000);
      }
    }
  }
}
