import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Apollo's CommonJS packages load graphql's CJS build; make ours the same one, or graphql-js sees two realms.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['**/*.spec.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are memory-hungry WASM; two workers match these 2-core machines.
    maxWorkers: 2,
  },
});
