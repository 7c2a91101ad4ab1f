import type { ProductRow } from './products-repo.ts';

/** v1 shows prices as decimal strings ("12.50"). */
export const toV1 = ({ price_cents, ...row }: ProductRow) => ({ ...row, price: (price_cents / 100).toFixed(2) });

/** v2 shows integer cents: no rounding questions for clients. */
export const toV2 = (row: ProductRow) => row;

/** Currency units (12.5) to cents (1250). */
export const toCents = (price: number | undefined): number | undefined =>
  price === undefined ? undefined : Math.round(price * 100);

/** `path?query` with the given parameters, undefined ones left out. */
export function link(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
  return `${path}?${query}`;
}
