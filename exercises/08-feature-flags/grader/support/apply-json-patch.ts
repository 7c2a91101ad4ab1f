/**
 * RFC 6902 JSON Patch, applied by the grader to the audit's diffs: add, remove, replace, move, copy
 * and test, on a deep copy. Throws with the failing operation when a patch does not apply.
 */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch))
    throw new Error(`a diff must be a JSON Patch array, got ${JSON.stringify(patch)?.slice(0, 200)}`);
  let doc: unknown = structuredClone(document);
  for (const [i, raw] of patch.entries()) {
    const op = raw as { op?: string; path?: string; from?: string; value?: unknown };
    const fail = (why: string): never => {
      throw new Error(`operation ${i} ${JSON.stringify(op).slice(0, 200)} does not apply: ${why}`);
    };
    if (typeof op.path !== 'string') fail('no path');
    const path = op.path as string;
    switch (op.op) {
      case 'add':
        doc = put(doc, path, structuredClone(op.value), 'add', fail);
        break;
      case 'replace':
        if (get(doc, path) === MISSING) fail('replace of a missing member');
        doc = put(doc, path, structuredClone(op.value), 'replace', fail);
        break;
      case 'remove':
        if (get(doc, path) === MISSING) fail('remove of a missing member');
        doc = remove(doc, path, fail);
        break;
      case 'move':
      case 'copy': {
        const value = get(doc, op.from ?? '');
        if (value === MISSING) fail(`${op.op} from a missing member`);
        if (op.op === 'move') doc = remove(doc, op.from as string, fail);
        doc = put(doc, path, structuredClone(value), 'add', fail);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(op.value)) fail('test failed');
        break;
      default:
        fail('unknown op');
    }
  }
  return doc;
}

const MISSING = Symbol('missing');

const tokens = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));

const get = (doc: unknown, pointer: string): unknown => at(doc, tokens(pointer));

function at(doc: unknown, path: readonly string[]): unknown {
  let node: unknown = doc;
  for (const token of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return MISSING;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function put(
  doc: unknown,
  pointer: string,
  value: unknown,
  mode: 'add' | 'replace',
  fail: (why: string) => never,
): unknown {
  const parts = tokens(pointer);
  if (parts.length === 0) return value;
  const last = parts.pop() as string;
  const parent = at(doc, parts);
  if (parent === MISSING || parent === null || typeof parent !== 'object') fail('its parent does not exist');
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) fail('array index out of range');
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else {
    Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return doc;
}

function remove(doc: unknown, pointer: string, fail: (why: string) => never): unknown {
  const parts = tokens(pointer);
  if (parts.length === 0) return undefined;
  const last = parts.pop() as string;
  const parent = at(doc, parts);
  if (parent === MISSING || parent === null || typeof parent !== 'object') fail('its parent does not exist');
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[last];
  return doc;
}
