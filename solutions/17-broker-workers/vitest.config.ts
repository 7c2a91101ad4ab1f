import { defineConfig } from 'vitest/config';

// `npm test`. When LAB_TEST_REPORT names a file (lab's C1 does), vitest also writes a JUnit report
// there, which lab reads to count your unit and integration tests.
const report = process.env.LAB_TEST_REPORT;

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: report ? ['default', 'junit'] : ['default'],
    ...(report ? { outputFile: { junit: report } } : {}),
  },
});
