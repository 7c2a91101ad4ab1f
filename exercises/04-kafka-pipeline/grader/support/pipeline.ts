import {
  type CriterionToxiproxyLink,
  criterionToxiproxy,
  type FreshDatabase,
  freshDatabase,
  lab,
  type StartedLearnerService,
  startInstance,
} from '../../../../harness/grading/grader-kit.ts';
import { createTopics } from './grader-kafka.ts';

/** The contract env every criterion starts from; a criterion overrides what it grades. */
export const BASE_ENV = {
  MAX_RETRIES: '3',
  RETRY_BASE_MS: '200',
  WINDOW_SECONDS: '10',
  ALLOWED_LATENESS_SECONDS: '5',
} as const;

/** One criterion's own topics, group and database, and the program env that points at them. */
export interface CriterionPipeline {
  readonly topicEvents: string;
  readonly topicDlq: string;
  readonly topicOutput: string;
  readonly group: string;
  /** The criterion's database, direct: the grader's own queries. */
  readonly db: FreshDatabase;
  /** The criterion's own Toxiproxy link to Postgres: the program's DATABASE_URL goes through it. */
  readonly link: CriterionToxiproxyLink;
  readonly env: Readonly<Record<string, string>>;
  /** Starts one instance of a long-running contract command (`consumer`, `processor`, or the ingest service). */
  start(name: string, command?: string, env?: Readonly<Record<string, string>>): Promise<StartedLearnerService>;
  drop(): Promise<void>;
}

/**
 * Lab grades two criteria at a time on one broker and one Postgres: each criterion names its topics and
 * group `${KAFKA_PREFIX}<label>.…`, has a database of its own, and a proxy of its own, so its database
 * cut never reaches the criterion beside it.
 */
export async function criterionPipeline(
  label: string,
  options: { readonly partitions?: number; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<CriterionPipeline> {
  const prefix = `${lab().env.KAFKA_PREFIX ?? 'lab.'}${label}.`;
  const topicEvents = `${prefix}events`;
  const topicDlq = `${prefix}events.dlq`;
  const topicOutput = `${prefix}events.out`;
  const group = `${prefix}sink`;
  await createTopics([
    { topic: topicEvents, partitions: options.partitions ?? 6 },
    { topic: topicDlq, partitions: 6 },
    { topic: topicOutput, partitions: 6 },
  ]);
  const db = await freshDatabase(label);
  const link = await criterionToxiproxy('postgres', label);
  const env = {
    ...BASE_ENV,
    TOPIC_EVENTS: topicEvents,
    TOPIC_DLQ: topicDlq,
    TOPIC_OUTPUT: topicOutput,
    CONSUMER_GROUP: group,
    DATABASE_URL: link.proxied(db.url),
    ...options.env,
  };
  return {
    topicEvents,
    topicDlq,
    topicOutput,
    group,
    db,
    link,
    env,
    start: (name, command, extra = {}) =>
      startInstance(name, { ...env, ...extra }, { command, readyTimeoutMs: 90_000, graceMs: 3_000 }),
    drop: async () => {
      await link.restore().catch(() => {});
      await db.drop();
    },
  };
}
