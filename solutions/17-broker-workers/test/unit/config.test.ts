import { describe, expect, test } from 'vitest';
import { ConfigError, parseDelays, readConfig } from '../../src/config.ts';
import { namesOf } from '../../src/topology.ts';

describe('config and names', () => {
  test('RETRY_DELAYS_MS is parsed; an empty value falls back', () => {
    expect(parseDelays('1000, 2000,4000', [1])).toEqual([1000, 2000, 4000]);
    expect(parseDelays('', [250])).toEqual([250]);
  });

  test('a bad delay or PREFETCH is refused with what to do', () => {
    expect(() => parseDelays('1000,soon', [1])).toThrow(ConfigError);
    expect(() => readConfig({ RABBITMQ_URL: 'amqp://x', PREFETCH: '0' })).toThrow(/PREFETCH=0/);
  });

  test('without RABBITMQ_URL the process refuses to start', () => {
    expect(() => readConfig({})).toThrow(/RABBITMQ_URL is not set/);
  });

  test('every name is under QUEUE_PREFIX', () => {
    const names = namesOf('run7.');
    expect([names.queue, names.deadLetterQueue, names.retryQueue(1000), names.delayQueue(3000)]).toEqual([
      'run7.tasks',
      'run7.tasks.dlq',
      'run7.tasks.retry.1000',
      'run7.tasks.delay.3000',
    ]);
  });
});
