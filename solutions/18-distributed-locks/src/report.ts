import { Redis } from 'ioredis';
import { readConfig } from './config.ts';
import { contentionReport } from './contention-report.ts';
import { readSections } from './section-stats.ts';

/** `report`: prints the contention report of this run (everything under KEY_PREFIX) as one JSON document. */
const config = readConfig();
const redis = new Redis(config.redisUrl);
try {
  console.log(JSON.stringify(contentionReport(await readSections(redis, config.keyPrefix))));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }));
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
