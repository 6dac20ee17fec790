import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listSavedOperations } from '@ntg/operations';
import { resolveBaseline } from './baseline';
import { checkSchema, formatReport } from './check';
import { SUPERGRAPH_PATH, workingTreeSubgraphs } from './graph-source';

const USAGE = `Usage: pnpm schema:check [subgraph] [--base <supergraph.graphql>] [--allow-breaking]

Composes the subgraphs' proposed SDL (the working tree; with a subgraph name, only that department's, the
others as the baseline has them), lists composition errors, breaking changes of the API schema against the
baseline supergraph (default: gateway/supergraph.graphql as of the merge base with origin/main, else HEAD~1),
and validates every saved operation of queries/. Exits 1 on composition errors, breaking changes (unless
--allow-breaking) and broken operations.`;

let values: { base?: string; 'allow-breaking'?: boolean; help?: boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    options: { base: { type: 'string' }, 'allow-breaking': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length > 1) {
  console.error(`Name at most one subgraph.\n\n${USAGE}`);
  process.exit(2);
}
const proposed = workingTreeSubgraphs();
const only = positionals[0];
if (only && !proposed.some((s) => s.name === only)) {
  console.error(`No subgraph "${only}"; the subgraphs are ${proposed.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const baseline = resolveBaseline(SUPERGRAPH_PATH, { base: values.base });
const report = checkSchema({ proposed, baselineSupergraph: baseline.supergraphSdl, operations: listSavedOperations(), only });
const { text, exitCode } = formatReport(report, { baseline: baseline.description, allowBreaking: values['allow-breaking'] });
process.stdout.write(text);
// Composing every working-tree SDL gives what `pnpm compose` writes (graph-source.spec.ts), so this tells a stale file.
if (!only && report.supergraphSdl && report.supergraphSdl !== readFileSync(SUPERGRAPH_PATH, 'utf8')) {
  console.log('note gateway/supergraph.graphql differs from the working tree\'s subgraphs: run `pnpm compose` and commit it.');
}
process.exitCode = exitCode;
