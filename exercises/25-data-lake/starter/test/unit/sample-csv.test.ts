import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// An example unit test: no service, no DuckDB, just a fact your code can rely on.
// Put unit tests under test/unit/ and tests that run real DuckDB or the CLI under test/integration/.
describe('examples/events.csv', () => {
  it('has the eight columns of the contract, in order', async () => {
    const csv = await readFile(join(import.meta.dirname, '..', '..', 'examples', 'events.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('event_id,event_time,customer_id,country,product,quantity,amount,coupon');
  });
});
