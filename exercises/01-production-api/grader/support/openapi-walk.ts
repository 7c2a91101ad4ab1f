/** The parts of an OpenAPI 3 document the B3 grader reads. */
export interface OpenApiDoc {
  readonly openapi?: string;
  readonly paths?: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: {
    readonly schemas?: Record<string, unknown>;
    readonly securitySchemes?: Record<string, unknown>;
  };
  readonly security?: Record<string, unknown>[];
}

export interface OpenApiOperation {
  readonly tags?: string[];
  readonly requestBody?: unknown;
  readonly responses?: Record<string, unknown>;
  readonly security?: Record<string, unknown>[];
}

export interface Operation {
  /** `get /v1/products/{id}` */
  readonly key: string;
  readonly operation: OpenApiOperation;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every operation of the document, path parameters normalised to `{id}`-style names as written. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ key: `${method} ${path.replace(/\{[^}]+\}/g, '{id}')}`, operation })),
  );
}

/** Follows local `$ref`s (`#/components/…`) until a value that is not a reference. */
export function resolveRef(doc: OpenApiDoc, value: unknown, depth = 0): unknown {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || depth > 10) return value;
  if (!ref.startsWith('#/')) return undefined;
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
  return resolveRef(doc, target, depth + 1);
}
