import type { VerifyResult } from '../grading/verify-result.ts';
import { escapeHtml } from './html-escape.ts';

const ROW = 22;
const LABEL = 56;
const WIDTH = 640;

/** Inline SVG: one horizontal bar per graded criterion, its length the criterion's duration. */
export function durationChart(result: VerifyResult): string {
  const rows = result.criteria.filter((c) => c.state !== 'skipped');
  if (rows.length === 0) return '';
  const longest = Math.max(1, ...rows.map((c) => c.durationMs));
  const plot = WIDTH - LABEL - 70;
  const height = rows.length * ROW + 4;
  const bars = rows.map((c, i) => {
    const y = i * ROW + 2;
    const width = Math.max(1, Math.round((c.durationMs / longest) * plot));
    const colour = c.state === 'passed' ? 'var(--ok)' : 'var(--bad)';
    return [
      `<text x="0" y="${y + 14}">${escapeHtml(c.id)}</text>`,
      `<rect x="${LABEL}" y="${y + 3}" width="${width}" height="${ROW - 8}" rx="2" fill="${colour}"><title>${escapeHtml(`${c.id} ${c.title}: ${c.durationMs} ms`)}</title></rect>`,
      `<text x="${LABEL + width + 6}" y="${y + 14}">${(c.durationMs / 1000).toFixed(1)} s</text>`,
    ].join('');
  });
  return `<svg role="img" aria-label="time per criterion" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}
