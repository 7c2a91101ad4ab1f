import { describe, expect, it } from 'vitest';
import { toCents } from '../../src/cents.ts';

// An example unit test: no Kafka, no database, just logic. Put unit tests under test/unit/ and tests
// that use the real Kafka and Postgres (KAFKA_BROKERS, DATABASE_URL) under test/integration/.
describe('toCents', () => {
  it('turns a decimal string into integer cents', () => {
    expect(toCents('19.99')).toBe(1999);
    expect(toCents('7')).toBe(700);
  });

  // TODO(R3): "0.285" should give 29 cents; with a float it gives 28. Make this pass, then un-skip it.
  it.skip('rounds half up without float errors', () => {
    expect(toCents('0.285')).toBe(29);
  });
});
