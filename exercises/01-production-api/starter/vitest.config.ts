import { defineConfig, mergeConfig } from 'vitest/config';

// `npm test` (and `npm run test:e2e`): unit tests, and the real app on an ephemeral port against
// DATABASE_URL; a JUnit report for CI and a coverage summary (both read by lab's B1 grader).
const base = defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    // The files share one database: one at a time keeps counts and rate limits predictable.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'junit'],
    outputFile: { junit: 'reports/junit.xml' },
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/server.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
});

// lab's C1 names a file in LAB_TEST_REPORT: a second JUnit report goes there (mergeConfig appends reporters).
const labReport = process.env.LAB_TEST_REPORT;
export default labReport ? mergeConfig(base, { test: { reporters: [['junit', { outputFile: labReport }]] } }) : base;
