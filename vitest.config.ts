import { defineConfig } from 'vitest/config';

/** Start six Node processes of their own (the split layout): run after the rest, alone, on these 2-core machines. */
const SEPARATE_PROCESSES = ['test/split.test.ts', 'test/failure.test.ts', 'test/new-department.test.ts', 'test/hive-gateway.test.ts', 'test/netns.test.ts'];

/**
 * GRAPH_LAYOUT=split (with DATABASE_URL): the end-to-end tests of test/ against the split layout, each service a
 * process of its own and each department a database of its own. One file at a time: each starts six processes.
 * The files that start their own processes, and those that need something other than the graph, run elsewhere.
 */
const SPLIT_LAYOUT = process.env.GRAPH_LAYOUT === 'split';
const SPLIT_LAYOUT_EXCLUDED = SEPARATE_PROCESSES;

export default defineConfig({
  // Apollo's CommonJS packages load graphql's CJS build; make ours the same one, or graphql-js sees two realms.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are memory-hungry WASM; two workers match these 2-core machines.
    maxWorkers: 2,
    // Include and exclude are set per project: a project extending this config would add to these lists, not replace them.
    projects: SPLIT_LAYOUT ? [
      {
        extends: true,
        test: {
          name: 'split-layout', include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**', ...SPLIT_LAYOUT_EXCLUDED],
          maxWorkers: 1, fileParallelism: false, hookTimeout: 300_000,
        },
      },
    ] : [
      {
        extends: true,
        test: { name: 'in-process', include: ['**/*.spec.ts', 'test/**/*.test.ts'], exclude: ['**/node_modules/**', 'templates/**', ...SEPARATE_PROCESSES] },
      },
      {
        extends: true,
        // Alone, it neither starves the in-process graph tests of CPU nor is starved by them.
        test: { name: 'separate-processes', include: SEPARATE_PROCESSES, sequence: { groupOrder: 1 } },
      },
    ],
    // CI asks for a JSON report beside the console output to print one closing line per database.
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
  },
});
