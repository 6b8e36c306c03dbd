import { defineConfig } from 'vitest/config';

/** The fault suite (`npm run test:faults`): crashes, damaged indexes, disk, provider and Discord faults. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    // No secret in any process's output, checked after every file.
    setupFiles: ['test/faults/no-secrets.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Processes, disks and fake servers: one file at a time keeps timings meaningful on small machines.
    fileParallelism: false,
  },
});
