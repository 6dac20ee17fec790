import { staleResolverTypes, writeResolverTypes } from './codegen';

// `pnpm codegen` writes every subgraph's resolver types; `pnpm codegen --check` fails when any is stale. (A file of
// its own: the subgraphs' codegen.ts import ./codegen, which must not be the module still running its top level.)
if (process.argv.includes('--check')) {
  const stale = await staleResolverTypes();
  if (stale.length > 0) {
    console.error(`Generated resolver types are stale for ${stale.join(', ')}: run \`pnpm codegen\` and commit them.`);
    process.exit(1);
  }
  console.log('generated resolver types are up to date');
} else {
  for (const path of await writeResolverTypes()) console.log(`wrote ${path}`);
}
