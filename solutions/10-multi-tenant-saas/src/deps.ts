import type pg from 'pg';
import type { Config } from './config.ts';
import type { Metrics } from './metrics.ts';

/** What every route module needs. */
export interface Deps {
  readonly pool: pg.Pool;
  readonly config: Config;
  readonly metrics: Metrics;
}
