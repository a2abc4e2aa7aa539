import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Builds the browser assets once: pages link to their hashed names.
    globalSetup: ['./scripts/test-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores: browser and CLI tests spawn processes of their own.
    maxWorkers: 2,
  },
});
