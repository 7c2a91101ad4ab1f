/** One RFC 6902 operation (only the ones a diff needs). */
export type PatchOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const escapeToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

const same = (a: unknown, b: unknown): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k])]),
  );
};

/** The JSON Patch that turns `before` into `after`: objects are diffed per key, anything else is replaced. */
export function jsonDiff(before: unknown, after: unknown, path = ''): PatchOperation[] {
  if (same(before, after)) return [];
  if (!isPlainObject(before) || !isPlainObject(after)) return [{ op: 'replace', path, value: after }];
  const ops: PatchOperation[] = [];
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) ops.push({ op: 'remove', path: `${path}/${escapeToken(key)}` });
  }
  for (const key of Object.keys(after)) {
    const child = `${path}/${escapeToken(key)}`;
    if (!Object.hasOwn(before, key)) ops.push({ op: 'add', path: child, value: after[key] });
    else ops.push(...jsonDiff(before[key], after[key], child));
  }
  return ops;
}
