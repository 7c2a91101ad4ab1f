import type { Clause } from './flag.ts';

/** A clause on an attribute the context does not have never matches, whatever its op. */
export function matchClause(clause: Clause, attributes: Readonly<Record<string, unknown>>): boolean {
  if (!Object.hasOwn(attributes, clause.attribute)) return false;
  const actual = attributes[clause.attribute];
  const values = clause.values;
  switch (clause.op) {
    case 'eq':
    case 'in':
      return values.some((v) => v === actual);
    case 'neq':
    case 'not_in':
      return !values.some((v) => v === actual);
    case 'gt':
      return typeof actual === 'number' && values.some((v) => typeof v === 'number' && actual > v);
    case 'gte':
      return typeof actual === 'number' && values.some((v) => typeof v === 'number' && actual >= v);
    case 'lt':
      return typeof actual === 'number' && values.some((v) => typeof v === 'number' && actual < v);
    case 'lte':
      return typeof actual === 'number' && values.some((v) => typeof v === 'number' && actual <= v);
    case 'contains':
      return typeof actual === 'string' && values.some((v) => typeof v === 'string' && actual.includes(v));
    case 'starts_with':
      return typeof actual === 'string' && values.some((v) => typeof v === 'string' && actual.startsWith(v));
  }
}
