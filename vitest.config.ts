import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // servers that tests start as child processes do not feed the demo topic unless a test asks
    env: { TRIBUTARY_DEMO: 'false' },
  },
});
