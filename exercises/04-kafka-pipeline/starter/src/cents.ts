/**
 * TODO(R3): amount (a decimal string such as "19.99") to integer cents, rounded, without going
 * through a float ("0.285" is 28.4999… as a double). This version is the naive one; the example test
 * shows where it goes wrong.
 */
export function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}
