import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { fullTypeDefs } from '@ntg/subgraph-kit';
import { defaultSubgraphUrl, subgraphs } from './subgraphs';
import { readCommittedSupergraph, SUPERGRAPH_PATH } from './supergraph';

/** Composes the department SDLs (the files beside each subgraph's code) into the supergraph. */
export function composeSupergraph(): { supergraphSdl?: string; errors: string[] } {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: defaultSubgraphUrl(s), typeDefs: fullTypeDefs(s) })),
  );
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl, errors: [] };
}

// `pnpm compose` writes the file; `pnpm compose --check` fails when it is stale (CI and tests use the check).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { supergraphSdl, errors } = composeSupergraph();
  if (!supergraphSdl) {
    console.error(`Composition failed:\n${errors.join('\n')}`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    if (readCommittedSupergraph() !== supergraphSdl) {
      console.error('gateway/supergraph.graphql is stale: run `pnpm compose` and commit it.');
      process.exit(1);
    }
    console.log('supergraph.graphql is up to date');
  } else {
    writeFileSync(SUPERGRAPH_PATH, supergraphSdl);
    console.log(`wrote ${SUPERGRAPH_PATH} (${subgraphs.length} subgraphs)`);
  }
}
