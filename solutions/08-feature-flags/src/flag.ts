/** A flag as the API stores and serves it (version and updatedAt are added by the service). */
export interface Flag {
  key: string;
  description?: string;
  enabled: boolean;
  variants: Record<string, unknown>;
  offVariant: string;
  rules: Rule[];
  fallthrough: Serve;
}

export interface Rule {
  id: string;
  clauses?: Clause[];
  expression?: string;
  serve: Serve;
}

export interface Clause {
  attribute: string;
  op: ClauseOp;
  values: (string | number | boolean)[];
}

export const CLAUSE_OPS = ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'contains', 'starts_with'] as const;
export type ClauseOp = (typeof CLAUSE_OPS)[number];

export type Serve = { variant: string } | { rollout: Record<string, number> };

/** A stored flag: the document plus what the service keeps about it. */
export interface StoredFlag extends Flag {
  version: number;
  updatedAt: string;
}

/** The flag document without the service's fields: what audit diffs are computed on. */
export function documentOf(flag: StoredFlag | Flag): Flag {
  const { version: _v, updatedAt: _u, ...doc } = flag as StoredFlag;
  return doc;
}
