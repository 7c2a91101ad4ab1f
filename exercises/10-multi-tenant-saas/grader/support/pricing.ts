/** The README's price list, as the grader computes it independently. */
export interface Usage {
  apiRequests: number;
  documentsCreated: number;
  storageBytes: number;
}

const PRICES = [
  { metric: 'apiRequests', unit: 100, unitPriceCents: 1 },
  { metric: 'documentsCreated', unit: 1, unitPriceCents: 5 },
  { metric: 'storageBytes', unit: 1_000_000, unitPriceCents: 2 },
] as const;

export function expectedInvoice(tenantId: string, month: string, usage: Usage) {
  const lines = PRICES.map(({ metric, unit, unitPriceCents }) => ({
    metric,
    quantity: usage[metric],
    unit,
    unitPriceCents,
    amountCents: Math.ceil(usage[metric] / unit) * unitPriceCents,
  }));
  return { tenantId, month, lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0) };
}
