import { parseBackfillArgs, UsageError } from './backfill-args.ts';
import { loadConfig } from './config.ts';
import { kafkaClient } from './kafka.ts';
import { logger } from './logger.ts';
import { rangesOf, replay } from './replay.ts';
import { createPool, createSchema } from './sink.ts';

/** `backfill …`: replays a window of TOPIC_EVENTS into the sink and prints {replayed, upserted}. */
async function main(): Promise<number> {
  let window: ReturnType<typeof parseBackfillArgs>;
  try {
    window = parseBackfillArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`backfill: ${error.message}\n`);
    return 2;
  }
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set: backfill writes into the Postgres sink');
  const kafka = kafkaClient(config, 'backfill');
  const pool = createPool(config.databaseUrl, logger);
  try {
    await createSchema(pool);
    const ranges = await rangesOf(kafka, config.topicEvents, window);
    logger.info(
      { topic: config.topicEvents, ranges: [...ranges].map(([p, r]) => `${p}:${r.start}-${r.end}`) },
      'replaying',
    );
    const result = await replay(kafka, pool, config.topicEvents, ranges);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    logger.error({ err: error.message }, 'backfill failed');
    process.exit(1);
  },
);
