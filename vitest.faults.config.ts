import { defineConfig } from 'vitest/config';

/**
 * The faults suite (test/faults): real `seams` processes, Postgres and Redis restarts, load.
 * Files run one at a time because they stop and start the shared servers. They are named
 * `*.faults.ts` so the default `npm test` run (test/**\/*.test.ts) leaves them out.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
