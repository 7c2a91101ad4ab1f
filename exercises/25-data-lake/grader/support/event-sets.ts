import type { EventSet } from './generate-events.ts';

/** The data sets the grader generates; every expected answer is computed from these CSVs. */
export const eventSets = {
  /** R1, R2, R3, B3: 40,000 rows over 20 days (2,000 a day). */
  small: { seed: 2501, rows: 40_000, start: '2024-03-01T00:00:00Z', days: 20, firstId: 100_000 },
  /** R4: 2,000,000 rows over 90 days. */
  large: { seed: 2502, rows: 2_000_000, start: '2024-01-01T00:00:00Z', days: 90, firstId: 10_000_000 },
  /** B1 version 0: ends at noon of its last day, so the append adds rows to an existing date too. */
  base: { seed: 2503, rows: 200_000, start: '2024-03-01T00:00:00Z', days: 19.5, firstId: 1_000_000 },
  /** B1 version 1: starts where `base` ends, ids continue above base's. */
  appended: { seed: 2504, rows: 300_000, start: '2024-03-20T12:00:00Z', days: 10, firstId: 1_400_000 },
  /** B2: 100,000 rows a day, so each date holds many row groups. */
  clustering: { seed: 2505, rows: 400_000, start: '2024-05-01T00:00:00Z', days: 4, firstId: 1 },
} satisfies Record<string, EventSet>;
