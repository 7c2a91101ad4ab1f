import type { Usage } from './metering.ts';

export interface InvoiceLine {
  readonly metric: keyof Usage;
  readonly quantity: number;
  /** How many of `metric` one price unit covers (100 requests, 1 document, 1 MB). */
  readonly unit: number;
  readonly unitPriceCents: number;
  readonly amountCents: number;
}

export interface Invoice {
  readonly tenantId: string;
  readonly month: string;
  readonly lines: InvoiceLine[];
  readonly totalCents: number;
}

const PRICES: ReadonlyArray<{ metric: keyof Usage; unit: number; unitPriceCents: number }> = [
  { metric: 'apiRequests', unit: 100, unitPriceCents: 1 },
  { metric: 'documentsCreated', unit: 1, unitPriceCents: 5 },
  { metric: 'storageBytes', unit: 1_000_000, unitPriceCents: 2 },
];

/** Integer cents throughout: every started unit is charged (rounded up). */
export function priceUsage(tenantId: string, month: string, usage: Usage): Invoice {
  const lines = PRICES.map(({ metric, unit, unitPriceCents }) => {
    const quantity = usage[metric];
    return { metric, quantity, unit, unitPriceCents, amountCents: Math.ceil(quantity / unit) * unitPriceCents };
  });
  return { tenantId, month, lines, totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0) };
}
