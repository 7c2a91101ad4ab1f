/** A transfer as the API receives it. */
export interface Transfer {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
}

/** The body of POST /transfers, or undefined when it is not three positive integers. */
export function parseTransfer(body: unknown): Transfer | undefined {
  const { from, to, amount } = (body ?? {}) as Record<string, unknown>;
  const ok = [from, to, amount].every((n) => Number.isInteger(n) && (n as number) > 0);
  return ok ? { from: from as number, to: to as number, amount: amount as number } : undefined;
}
