import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/count-reporter.ts'],
    setupFiles: ['./test/helpers/fast-check-seed.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { POWERTOOLS_METRICS_DISABLED: 'true', LOG_LEVEL: 'SILENT' },
  },
});
