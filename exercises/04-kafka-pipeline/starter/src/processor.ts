/**
 * Starter for project 4: `processor` (long-running: the transactional processor). Not written yet.
 *
 * TODO(B3): read TOPIC_EVENTS, write the transformed events to TOPIC_OUTPUT inside Kafka
 *   transactions that also commit the consumer offsets (producer.transaction(), sendOffsets,
 *   commit); GET /healthz on PORT.
 */
process.stderr.write('processor: not implemented yet — see TODO(B3) in src/processor.ts\n');
process.exit(2);
