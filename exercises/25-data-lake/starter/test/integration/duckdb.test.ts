import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db.ts';

// An example integration test: real DuckDB reading a real file. Next: run your CLI end to end
// (child_process.execFile('node', ['--import', 'tsx', 'src/lake.ts', 'ingest', …])) into a temp folder.
describe('DuckDB', () => {
  it('counts the rows of the example CSV', async () => {
    const db = await openDb();
    try {
      const csv = join(import.meta.dirname, '..', '..', 'examples', 'events.csv');
      const [row] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_csv('${csv}')`);
      expect(row?.n).toBe(24);
    } finally {
      db.close();
    }
  });
});
