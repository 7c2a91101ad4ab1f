import { defineConfig } from 'vitest/config';

// lab's own tests (the harness, the CLI, and the curriculum's selftests); graders are run by `lab verify`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Fixture graders are run by `lab verify` inside the tests, never directly.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
