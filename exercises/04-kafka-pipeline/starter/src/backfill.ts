/**
 * Starter for project 4: `backfill` (one-shot: replay a window of TOPIC_EVENTS into the sink). Not written yet.
 *
 * TODO(R4): parse --from-time ISO --to-time ISO (or --partition P --from-offset A --to-offset B),
 *   turn times into offsets with admin.fetchTopicOffsetsByTimestamp, read them with a consumer of
 *   your own (never CONSUMER_GROUP), upsert like the consumer, print {"replayed": n, "upserted": m}.
 */
process.stderr.write('backfill: not implemented yet — see TODO(R4) in src/backfill.ts\n');
process.exit(2);
