import { defineConfig } from 'vitest/config';

// End-to-end tests: playwright-core drives Debian's Chromium against a running
// `archgraph serve` (ARCHGRAPH_E2E_URL, default http://127.0.0.1:8090) on a seeded Neo4j.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
