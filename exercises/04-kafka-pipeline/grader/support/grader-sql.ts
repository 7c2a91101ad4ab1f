import { sql } from '../../../../harness/grading/grader-kit.ts';

export { sql };

/** Rows in the events table, 0 while the program has not created it yet. */
export async function countEvents(url: string): Promise<number> {
  const rows = await sql<{ n: string }>(
    url,
    `SELECT CASE WHEN to_regclass('public.events') IS NULL THEN 0
                 ELSE (SELECT count(*) FROM events) END AS n`,
  ).catch(() => [{ n: '0' }]);
  return Number(rows[0]?.n ?? 0);
}

/** A sink row as the grader compares it: processed_at left out, types made plain. */
export interface SinkRow {
  readonly event_id: string;
  readonly user_id: string;
  readonly type: string;
  readonly occurred_at: string;
  readonly event_date: string;
  readonly amount_cents: string | null;
  readonly currency: string | null;
  readonly kafka_partition: number;
  readonly kafka_offset: string;
}

export async function sinkRows(url: string, where = 'true', values: unknown[] = []): Promise<SinkRow[]> {
  return sql<SinkRow>(
    url,
    `SELECT event_id::text, user_id, type,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
            to_char(event_date, 'YYYY-MM-DD') AS event_date,
            amount_cents::text, trim(currency) AS currency, kafka_partition, kafka_offset::text
       FROM events WHERE ${where} ORDER BY event_id`,
    values,
  );
}
