import { HttpProblem } from './problem.ts';

/** Sortable fields of the API, mapped to their column: the only strings that ever reach ORDER BY. */
const SORT_COLUMNS = {
  name: { column: 'name', cast: 'text' },
  price: { column: 'price_cents', cast: 'integer' },
  created_at: { column: 'created_at', cast: 'timestamptz' },
} as const;

export type SortField = keyof typeof SORT_COLUMNS;

export interface SortKey {
  readonly field: SortField;
  readonly descending: boolean;
}

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** Out-of-range page sizes are clamped, not refused: a client asking for 1000 gets 100. */
export const clampLimit = (limit: number | undefined): number =>
  limit === undefined ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(1, limit));

export const clampOffset = (offset: number | undefined): number => Math.max(0, offset ?? 0);

/** `-price,name` → keys; an unknown field is a 400 naming the parameter. */
export function parseSort(raw: string | undefined): SortKey[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const descending = part.startsWith('-');
    const field = descending ? part.slice(1) : part;
    if (!Object.hasOwn(SORT_COLUMNS, field)) {
      throw new HttpProblem(400, 'validation', 'Validation failed', `sort: unknown field "${field}"`, [
        { path: '/sort', message: `must be one of ${Object.keys(SORT_COLUMNS).join(', ')} (prefix - for descending)` },
      ]);
    }
    return { field: field as SortField, descending };
  });
}

/** ORDER BY of the keys, always ending in `id` so equal keys come back in one deterministic order. */
export const orderBy = (keys: readonly SortKey[]): string =>
  [...keys.map((k) => `${SORT_COLUMNS[k.field].column} ${k.descending ? 'DESC' : 'ASC'}`), 'id ASC'].join(', ');

/** Where a keyset page starts: the sort values and id of the last row already served. */
export interface Cursor {
  readonly sort: string;
  readonly values: readonly (string | number)[];
  readonly id: number;
}

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor(raw: string, sort: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (cursor.sort === sort && Array.isArray(cursor.values) && Number.isInteger(cursor.id)) return cursor;
  } catch {}
  throw new HttpProblem(400, 'validation', 'Validation failed', 'cursor: not a cursor of this sort', [
    { path: '/cursor', message: 'must be links.next of a previous page with the same sort' },
  ]);
}

/** The sort values of a row, as a cursor stores them. */
export const cursorValues = (keys: readonly SortKey[], row: object): (string | number)[] =>
  keys.map((k) => {
    const value = (row as Record<string, unknown>)[SORT_COLUMNS[k.field].column];
    return value instanceof Date ? value.toISOString() : (value as string | number);
  });

/**
 * Rows strictly after the cursor in (keys…, id) order, as SQL with parameters from `$first`:
 * (a > x) OR (a = x AND b < y) OR (a = x AND b = y AND id > z). Inserted rows cannot shift it.
 */
export function keysetCondition(
  keys: readonly SortKey[],
  cursor: Cursor,
  first: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [...cursor.values, cursor.id];
  const columns: { sql: string; param: string; op: string }[] = keys.map((k, i) => ({
    sql: SORT_COLUMNS[k.field].column,
    param: `$${first + i}::${SORT_COLUMNS[k.field].cast}`,
    op: k.descending ? '<' : '>',
  }));
  columns.push({ sql: 'id', param: `$${first + keys.length}::bigint`, op: '>' });
  const branches = columns.map((col, i) =>
    [...columns.slice(0, i).map((prev) => `${prev.sql} = ${prev.param}`), `${col.sql} ${col.op} ${col.param}`].join(
      ' AND ',
    ),
  );
  return { sql: `(${branches.map((b) => `(${b})`).join(' OR ')})`, params };
}
