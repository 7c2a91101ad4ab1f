import { type Admin, type IHeaders, Kafka, logLevel, type Producer } from 'kafkajs';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** The grader's own kafkajs client of the run's broker. */
export function graderKafka(clientId = 'lab-grader'): Kafka {
  const brokers = (lab().env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 300 } });
}

/**
 * Runs `body` with a connected admin client, again on a retriable broker error: a coordinator that
 * is still loading its group or a leader that moved answers "not the correct coordinator" for a moment.
 */
export async function withAdmin<T>(body: (admin: Admin) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const admin = graderKafka('lab-grader-admin').admin();
    try {
      await admin.connect();
      return await body(admin);
    } catch (error) {
      if (!isRetriable(error) || attempt >= 6) throw error;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

const isRetriable = (error: unknown): boolean =>
  (error as { retriable?: boolean })?.retriable === true ||
  /coordinator|leader|does not host|rebalanc/i.test((error as Error)?.message ?? '');

/**
 * Creates the topics and waits until the broker serves every partition: right after creation a
 * broker may still answer "does not host this topic-partition" for a moment.
 */
export async function createTopics(
  topics: ReadonlyArray<{ readonly topic: string; readonly partitions: number }>,
): Promise<void> {
  await withAdmin(async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.createTopics({
          topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
          waitForLeaders: true,
        });
        break;
      } catch (error) {
        // A retry after a half-done creation finds the topics there: that is success.
        if (/already exists/i.test((error as Error).message)) break;
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    const names = topics.map((t) => t.topic);
    for (let attempt = 1; ; attempt++) {
      try {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
        const served = found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (served) {
          for (const name of names) await admin.fetchTopicOffsets(name);
          return;
        }
      } catch (error) {
        if (attempt >= 20) throw error;
      }
      if (attempt >= 20) throw new Error(`the broker did not serve ${names.join(', ')} within 5 s of creating them`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
}

/** One record the grader publishes: key, raw value, and an optional record timestamp (ms). */
export interface OutgoingRecord {
  readonly key: string;
  readonly value: string;
  readonly timestamp?: number;
}

/** Where the broker put a record the grader published alone. */
export interface Placement {
  readonly partition: number;
  readonly offset: string;
}

/** The grader's producer: acks from all replicas, the default (murmur2) partitioner. */
export interface GraderProducer {
  /** Publishes `records` in sends of `batch`; returns where the last send's first record went. */
  publish(topic: string, records: readonly OutgoingRecord[], batch?: number): Promise<Placement | undefined>;
  disconnect(): Promise<void>;
}

export async function graderProducer(): Promise<GraderProducer> {
  const producer = graderKafka('lab-grader-producer').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return {
    publish: (topic, records, batch = 500) => publish(producer, topic, records, batch),
    disconnect: () => producer.disconnect(),
  };
}

async function publish(
  producer: Producer,
  topic: string,
  records: readonly OutgoingRecord[],
  batch: number,
): Promise<Placement | undefined> {
  let last: Placement | undefined;
  for (let i = 0; i < records.length; i += batch) {
    const messages = records.slice(i, i + batch).map((r) => ({
      key: r.key,
      value: r.value,
      timestamp: r.timestamp === undefined ? undefined : String(r.timestamp),
    }));
    const meta = await producer.send({ topic, acks: -1, messages });
    const first = meta[0];
    if (first) last = { partition: first.partition, offset: String(first.baseOffset ?? '') };
  }
  return last;
}

/** A record as the grader read it back. */
export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly timestamp: string;
  readonly headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? String(value[0]) : String(value),
    ]),
  );

/** End offsets (high watermarks) of each partition of `topic`. */
export async function highWatermarks(topic: string): Promise<Map<number, number>> {
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

/** Committed offsets of `group` on `topic` (-1: nothing committed yet). */
export async function committedOffsets(group: string, topic: string): Promise<Map<number, number>> {
  const answer = await withAdmin((admin) => admin.fetchOffsets({ groupId: group, topics: [topic] }));
  return new Map((answer[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}

/**
 * A consumer of the grader's own (a fresh group, from the beginning) that collects every record of
 * `topic` with its arrival time. `open()` returns once the group gave it its partitions, so an arrival
 * time measured after that is the time the record became readable, not the time the reader joined.
 */
export class TopicReader {
  readonly records: ReadRecord[] = [];
  /** performance.now() when each record arrived, by `partition/offset`. */
  readonly arrivals = new Map<string, number>();
  private readonly consumer;
  private failure: Error | undefined;

  constructor(
    readonly topic: string,
    options: { readonly readCommitted?: boolean } = {},
  ) {
    const groupId = `${lab().env.KAFKA_PREFIX ?? 'lab.'}grader-reader-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.consumer = graderKafka('lab-grader-reader').consumer({
      groupId,
      readUncommitted: !options.readCommitted,
      sessionTimeout: 30_000,
      maxWaitTimeInMs: 200,
    });
  }

  async open(): Promise<this> {
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    this.consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          this.arrivals.set(`${partition}/${message.offset}`, performance.now());
          this.records.push({
            partition,
            offset: message.offset,
            key: message.key === null ? null : message.key.toString(),
            value: message.value?.toString() ?? '',
            timestamp: message.timestamp,
            headers: headerText(message.headers),
          });
        },
      })
      .catch((error: Error) => {
        this.failure = error;
      });
    await joined;
    return this;
  }

  /** Waits until `done(records)` or `timeoutMs`; returns the records either way. */
  async until(done: (records: readonly ReadRecord[]) => boolean, timeoutMs: number): Promise<ReadRecord[]> {
    const deadline = performance.now() + timeoutMs;
    while (!done(this.records) && performance.now() < deadline) {
      if (this.failure) throw this.failure;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.records;
  }

  /** Waits until every partition's end offset (taken now) was read. */
  async toEnd(timeoutMs: number): Promise<ReadRecord[]> {
    const ends = await highWatermarks(this.topic);
    const reached = (records: readonly ReadRecord[]) => {
      const last = new Map<number, number>();
      for (const r of records) last.set(r.partition, Math.max(last.get(r.partition) ?? -1, Number(r.offset)));
      return [...ends].every(([partition, end]) => end === 0 || (last.get(partition) ?? -1) + 1 >= end);
    };
    return this.until(reached, timeoutMs);
  }

  async close(): Promise<void> {
    await this.consumer.disconnect().catch(() => {});
  }
}

/** Reads `topic` from the beginning to its current end with a reader of its own. */
export async function readTopic(topic: string, timeoutMs = 60_000): Promise<ReadRecord[]> {
  const reader = await new TopicReader(topic).open();
  try {
    return [...(await reader.toEnd(timeoutMs))];
  } finally {
    await reader.close();
  }
}
