/**
 * Starter for project 4: `schema-check` (one-shot: Avro compatibility). Not written yet.
 *
 * TODO(B1): --current A.avsc --candidate B.avsc --mode backward|forward|full with avsc
 *   (Type.forSchema, createResolver); print {"compatible": true} and exit 0, or {"compatible":
 *   false, "errors": [...]} naming the fields and exit 1.
 */
process.stderr.write('schema-check: not implemented yet — see TODO(B1) in src/schema-check.ts\n');
process.exit(2);
