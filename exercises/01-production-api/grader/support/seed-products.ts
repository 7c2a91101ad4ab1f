import type { GraderHttpClient } from '../../../../harness/grading/grader-kit.ts';

export interface ProductSpec {
  readonly name: string;
  readonly category: string;
  /** In currency units, two decimals at most. */
  readonly price: number;
}

/** A product as the grader created it, with what the API answered. */
export interface SeededProduct extends ProductSpec {
  readonly id: number;
  readonly createdAt: string;
}

/**
 * Creates products through POST /v1/products, `concurrency` at a time. Sequential creation (1) makes
 * created_at follow id order, which sorting checks on created_at rely on.
 */
export async function createProducts(
  api: GraderHttpClient,
  token: string,
  specs: readonly ProductSpec[],
  concurrency = 1,
): Promise<SeededProduct[]> {
  const created: SeededProduct[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const index = next++;
      const spec = specs[index] as ProductSpec;
      const res = await api.post('/v1/products', { token, body: spec });
      const body = res.json as { id?: unknown; created_at?: unknown } | undefined;
      if (res.status !== 201 || typeof body?.id !== 'number') {
        throw new Error(
          `creating a product as the editor must answer 201 with the product and its integer id\n  ${res.shown}`,
        );
      }
      created[index] = { ...spec, id: body.id, createdAt: String(body.created_at) };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return created;
}

/** A small deterministic generator (mulberry32), so every run seeds the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const NAMES = ['anvil', 'bolt', 'crate', 'drill'] as const;
export const PRICES = [2.5, 5, 7.5, 10] as const;

/** `count` products of one category with few distinct names and prices: many ties to break by id. */
export function tiedProducts(category: string, count: number, seed: number): ProductSpec[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: count }, () => ({ name: pick(NAMES), category, price: pick(PRICES) }));
}

type SortField = 'name' | 'price' | 'created_at';

/** The contract's order: the sort keys, then ascending id. */
export function expectedOrder(products: readonly SeededProduct[], sort: string): number[] {
  const keys = sort.split(',').map((part) => ({
    field: part.replace(/^-/, '') as SortField,
    sign: part.startsWith('-') ? -1 : 1,
  }));
  const value = (p: SeededProduct, field: SortField) =>
    field === 'name' ? p.name : field === 'price' ? p.price : Date.parse(p.createdAt);
  return [...products]
    .sort((a, b) => {
      for (const { field, sign } of keys) {
        const x = value(a, field);
        const y = value(b, field);
        if (x !== y) return (x < y ? -1 : 1) * sign;
      }
      return a.id - b.id;
    })
    .map((p) => p.id);
}
