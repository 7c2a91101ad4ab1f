import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** Bump when the generated data changes, so cached files of older generators are not reused. */
const GENERATOR_VERSION = 1;

/** A seeded, deterministic set of events; the same options always give the same CSV bytes. */
export interface EventSet {
  readonly seed: number;
  readonly rows: number;
  /** First instant of the span, ISO 8601 UTC. */
  readonly start: string;
  /** Length of the span of event_time in days (may be fractional). */
  readonly days: number;
  /** event_id of the first row; ids then grow by 1 or 2 per row, so they stay below firstId + 2 × rows. */
  readonly firstId: number;
}

const COUNTRIES = ['DE', 'DE', 'DE', 'US', 'US', 'FR', 'FR', 'GB', 'GB', 'NL', 'ES', 'IT', 'PL', 'SE', 'JP'];
const PRODUCTS = [
  'Coffee mug',
  'Notebook, A5, dotted',
  'Desk lamp',
  'Cable, USB-C, 2 m',
  'Backpack',
  'Headphones',
  'Pens, pack of 10',
  'Water bottle',
  'Keyboard',
  'Sticker set, assorted',
];
const COUPONS = ['SPRING10', 'WELCOME5', 'VIP20', 'FREESHIP'];
const HEADER = 'event_id,event_time,customer_id,country,product,quantity,amount,coupon\n';

/**
 * Writes the CSV of an event set (once: it is cached under the run's cache folder) and returns its path.
 * event_id increases with event_time; quantity is sometimes empty (NULL), coupon mostly empty;
 * products may contain commas (then quoted); amounts have 2 decimals; customers are random, not sorted.
 */
export function generateEvents(set: EventSet): string {
  const dir = join(lab().cacheDir, 'events');
  const stamp = set.start.replace(/[^0-9]/g, '');
  const file = join(
    dir,
    `events-g${GENERATOR_VERSION}-s${set.seed}-n${set.rows}-t${stamp}-d${set.days}-i${set.firstId}.csv`,
  );
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  // Concurrent grader files may generate the same set: each writes its own temp file, rename is atomic.
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeCsv(temp, set);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}

function writeCsv(path: string, set: EventSet): void {
  const random = mulberry32(set.seed);
  const startMs = Date.parse(set.start);
  const spanS = Math.floor(set.days * 86_400);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, HEADER);
    let lines: string[] = [];
    for (let i = 0; i < set.rows; i += 1) {
      const second = Math.floor(((i + random()) / set.rows) * spanS);
      const time = new Date(startMs + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const id = set.firstId + 2 * i + (random() < 0.5 ? 1 : 0);
      const customer = 1 + Math.floor(random() ** 2 * 5000);
      const country = pick(COUNTRIES, random());
      const product = pick(PRODUCTS, random());
      const quantity = random() < 0.03 ? '' : String(1 + Math.floor(random() * 20));
      const cents = 50 + Math.floor(random() ** 2 * 99_950);
      const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const coupon = random() < 0.12 ? pick(COUPONS, random()) : '';
      lines.push(`${id},${time},${customer},${country},${csvField(product)},${quantity},${amount},${coupon}`);
      if (lines.length === 10_000) {
        writeSync(fd, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

const pick = <T>(values: readonly T[], r: number): T => values[Math.floor(r * values.length)] as T;
const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Small, fast, seeded PRNG (public domain); Math.random cannot be seeded. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
