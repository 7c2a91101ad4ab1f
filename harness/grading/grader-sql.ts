import pg from 'pg';

/**
 * One statement on a fresh connection of the grader's own, e.g. to a criterion's database or the
 * direct URL of a service behind Toxiproxy: a grader's checks never share the program's connections.
 */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
