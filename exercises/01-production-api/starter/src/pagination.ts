/** Sortable fields of the API. Map each to its column: never interpolate user input into SQL. */
export const SORT_FIELDS = ['name', 'price', 'created_at'] as const;

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

// TODO(R3): clamp limit to 1…100 (default 20) and offset to ≥ 0; refuse values that are not numbers
//           with a 400 problem naming the parameter.
export const clampLimit = (limit: number | undefined): number => limit ?? DEFAULT_LIMIT;
export const clampOffset = (offset: number | undefined): number => offset ?? 0;

// TODO(R3): parse `-price,name` into sort keys; unknown fields are a 400 naming `sort`; always end the
//           ORDER BY with id so equal keys come back in one order.
// TODO(R3): v2 keyset cursor: encode the last row's sort values and id (base64url), continue with
//           WHERE (a > x) OR (a = x AND id > z) … — inserted rows cannot shift it, offsets can.
