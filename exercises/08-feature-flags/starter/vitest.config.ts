import { defineConfig } from 'vitest/config';

// `npm test`: unit tests, and integration tests against the Postgres and Redis of DATABASE_URL and
// REDIS_URL. When LAB_TEST_REPORT names a file (lab's C1 sets it), vitest writes a JUnit report there too.
const report = process.env.LAB_TEST_REPORT;

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: report ? ['default', 'junit'] : ['default'],
    ...(report ? { outputFile: { junit: report } } : {}),
  },
});
