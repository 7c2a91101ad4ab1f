import { Redis } from 'ioredis';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** The grader's own client of the run's Redis (or of another Redis the criterion started). */
export function graderRedis(url = lab().services.find((s) => s.name === 'redis')?.url): Redis {
  if (!url) throw new Error('this run has no redis service: exercise.json must list "redis"');
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return client;
}
