/** Schema pairs for B1: what `schema-check` must accept, and what it must refuse naming the field. */
export interface SchemaPair {
  readonly name: string;
  readonly current: object;
  readonly candidate: object;
  readonly mode: 'backward' | 'forward' | 'full';
  readonly compatible: boolean;
  /** For an incompatible pair: the errors must name one of these fields. */
  readonly fields?: readonly string[];
}

const record = (fields: object[]) => ({ type: 'record', name: 'Event', namespace: 'lab.pipeline', fields });
const base: object[] = [
  { name: 'event_id', type: 'string' },
  { name: 'amount_cents', type: 'long' },
];
const channel = (symbols: string[], fallback?: string) =>
  record([
    { name: 'event_id', type: 'string' },
    {
      name: 'channel',
      type: { type: 'enum', name: 'ChannelSymbol', symbols, ...(fallback ? { default: fallback } : {}) },
    },
  ]);

export const SCHEMA_PAIRS: readonly SchemaPair[] = [
  {
    name: 'a new field with a default',
    current: record(base),
    candidate: record([...base, { name: 'note', type: 'string', default: '' }]),
    mode: 'full',
    compatible: true,
  },
  {
    name: 'int promoted to long',
    current: record([{ name: 'quantity', type: 'int' }]),
    candidate: record([{ name: 'quantity', type: 'long' }]),
    mode: 'backward',
    compatible: true,
  },
  {
    name: 'a new enum symbol, read by the old schema through its default',
    current: channel(['WEB', 'APP'], 'WEB'),
    candidate: channel(['WEB', 'APP', 'KIOSK']),
    mode: 'forward',
    compatible: true,
  },
  {
    name: 'a new field without a default',
    current: record(base),
    candidate: record([...base, { name: 'coupon_code', type: 'string' }]),
    mode: 'backward',
    compatible: false,
    fields: ['coupon_code'],
  },
  {
    name: 'long narrowed to int',
    current: record([{ name: 'quantity', type: 'long' }]),
    candidate: record([{ name: 'quantity', type: 'int' }]),
    mode: 'backward',
    compatible: false,
    fields: ['quantity'],
  },
  {
    name: 'an enum symbol removed',
    current: channel(['WEB', 'APP', 'KIOSK']),
    candidate: channel(['WEB', 'APP']),
    mode: 'backward',
    compatible: false,
    fields: ['channel'],
  },
  {
    name: 'a field renamed without an alias',
    current: record(base),
    candidate: record([
      { name: 'event_id', type: 'string' },
      { name: 'total_cents', type: 'long' },
    ]),
    mode: 'full',
    compatible: false,
    fields: ['total_cents', 'amount_cents'],
  },
];
