/** The contract's event, as the grader generates and publishes it. */
export interface PipelineEvent {
  readonly event_id: string;
  readonly user_id: string;
  readonly type: 'view' | 'click' | 'purchase';
  readonly occurred_at: string;
  readonly amount?: string;
  readonly currency?: string;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same events on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4 UUID from the seeded generator. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Amounts with up to two decimals; several (19.99, 4.35, 1.15) are not exact as floats, so × 100 needs rounding. */
const AMOUNTS = ['19.99', '4.35', '0.1', '1.15', '250', '7.5', '1000.01', '0.29', '33.33', '2.68'];
const CURRENCIES = ['eur', 'usd', 'GBP', 'Chf'];

export interface EventOptions {
  /** How many distinct users the events belong to. */
  readonly users?: number;
  /** occurred_at of event i is start + i × stepMs (+ 250 ms, never on a second boundary). */
  readonly startMs?: number;
  readonly stepMs?: number;
  /** A tag in user ids, so one criterion's users are told from another's. */
  readonly tag?: string;
}

/** `count` valid events, a third of them purchases, seeded. */
export function generateEvents(seed: number, count: number, options: EventOptions = {}): PipelineEvent[] {
  const random = seededRandom(seed);
  const users = options.users ?? 200;
  const start = options.startMs ?? Date.UTC(2024, 4, 1, 23, 0, 0);
  const step = options.stepMs ?? 1_000;
  return Array.from({ length: count }, (_, i) => {
    const type = (['view', 'click', 'purchase'] as const)[i % 3] ?? 'view';
    const base = {
      event_id: seededUuid(random),
      user_id: `u-${options.tag ?? 'g'}-${Math.floor(random() * users)}`,
      type,
      occurred_at: new Date(start + i * step + 250).toISOString(),
    };
    if (type !== 'purchase') return base;
    return {
      ...base,
      amount: AMOUNTS[Math.floor(random() * AMOUNTS.length)] ?? '1',
      currency: CURRENCIES[Math.floor(random() * CURRENCIES.length)] ?? 'eur',
    };
  });
}

/** What the sink must hold for an event: the contract's transform, computed on decimal strings. */
export function expectedRow(event: PipelineEvent) {
  return {
    event_id: event.event_id,
    user_id: event.user_id,
    type: event.type,
    occurred_at: event.occurred_at,
    event_date: event.occurred_at.slice(0, 10),
    amount_cents: event.amount === undefined ? null : String(centsOf(event.amount)),
    currency: event.currency === undefined ? null : event.currency.toUpperCase(),
  };
}

/** "19.99" → 1999, computed on the decimal string (the grader's amounts have at most two decimals). */
export function centsOf(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  const digits = `${fraction}000`;
  const cents = Number(whole) * 100 + Number(digits.slice(0, 2));
  return Number(digits[2]) >= 5 ? cents + 1 : cents;
}
