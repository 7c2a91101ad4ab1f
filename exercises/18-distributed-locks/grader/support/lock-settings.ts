/**
 * Short times keep the grader fast; the margins stay honest on a loaded 2-core machine
 * (measured: a takeover after an expiry takes the TTL plus some tens of ms).
 */
export const LOCK_TTL_MS = 1_500;
/** How much later than the TTL another worker may take over a killed or frozen holder's lock. */
export const TAKEOVER_MARGIN_MS = 500;
/** Long enough that a burst of 200 requests is fully served, even on a loaded machine, before the value expires. */
export const CACHE_TTL_MS = 5_000;
/** How many worker instances every criterion runs. */
export const WORKERS = 4;
