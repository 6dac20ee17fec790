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
    // CI asks for a JSON report beside the console output to print one closing line per database.
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
  },
});
