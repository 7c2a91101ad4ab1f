import type { HistogramBucket } from '../bench/bench-result.ts';
import { escapeHtml } from './html-escape.ts';

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 48;
const BOTTOM = 34;

const ms = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/**
 * Inline SVG histogram of request latencies: one bar per bucket (equal widths: the buckets grow on a
 * 1-1.5-2-3-5-7 scale, so the x axis reads like a log scale), bar height the request count, and a
 * dashed line at each percentile, placed inside its bucket by linear interpolation.
 */
export function latencyChart(
  buckets: readonly HistogramBucket[],
  percentiles: Readonly<Record<string, number>> = {},
): string {
  if (buckets.length === 0) return '<p class="meta">No request was measured.</p>';
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - BOTTOM - 8;
  const slot = plotWidth / buckets.length;
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const labelEvery = Math.ceil(buckets.length / 10);
  const bars = buckets.map((b, i) => {
    const h = (b.count / most) * plotHeight;
    const x = LEFT + i * slot;
    const label =
      i % labelEvery === 0
        ? `<text x="${x.toFixed(1)}" y="${HEIGHT - BOTTOM + 14}" text-anchor="middle">${ms(b.fromMs)}</text>`
        : '';
    return `<rect x="${(x + 1).toFixed(1)}" y="${(8 + plotHeight - h).toFixed(1)}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="var(--bar)"><title>${escapeHtml(`${ms(b.fromMs)}–${ms(b.toMs)} ms: ${b.count} requests`)}</title></rect>${label}`;
  });
  const markers = Object.entries(percentiles).map(([name, value]) => {
    const x = LEFT + position(buckets, value) * slot;
    return `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="8" y2="${8 + plotHeight}" stroke="var(--bad)" stroke-dasharray="4 3"/><text x="${(x + 3).toFixed(1)}" y="20">${escapeHtml(`${name} ${ms(value)} ms`)}</text>`;
  });
  return [
    `<svg role="img" aria-label="latency histogram" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg">`,
    `<text x="0" y="16">${most}</text><text x="0" y="${8 + plotHeight}">0</text>`,
    `<line x1="${LEFT}" x2="${WIDTH - 8}" y1="${8 + plotHeight}" y2="${8 + plotHeight}" stroke="currentColor"/>`,
    ...bars,
    ...markers,
    `<text x="${LEFT + plotWidth / 2}" y="${HEIGHT - 4}" text-anchor="middle">latency (ms), requests per bucket</text>`,
    '</svg>',
  ].join('');
}

/** Where `value` falls on the bucket axis, in bucket units (2.5 = halfway through the third bucket). */
function position(buckets: readonly HistogramBucket[], value: number): number {
  const index = buckets.findIndex((b) => value < b.toMs);
  if (index === -1) return buckets.length;
  const b = buckets[index] as HistogramBucket;
  const span = b.toMs - b.fromMs;
  return index + (span > 0 ? Math.max(0, Math.min(1, (value - b.fromMs) / span)) : 0);
}
