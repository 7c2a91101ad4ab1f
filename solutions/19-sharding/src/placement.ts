import type { HashRing } from './hash-ring.ts';
import type { RangeTable } from './range-table.ts';

/** Where keys live: a hash ring or a range table. */
export type Placement = HashRing | RangeTable;

/**
 * The one place every request consults: the placement keys live by, and during a move the
 * placement they are leaving. Both switch together, by replacing the whole state.
 */
export interface PlacementState {
  readonly current: Placement;
  /** Set while keys move from `previous` to `current`: reads check the new owner, then the old. */
  readonly previous: Placement | undefined;
}
