import { defineResolverTypes } from '@ntg/subgraph-kit/codegen';

/** `pnpm codegen`: resolver types for this subgraph, generated from schema.graphql into src/generated/types.ts. */
export default defineResolverTypes({
  folder: new URL('.', import.meta.url),
  context: '../context#FrontContext',
  mappers: {
    Supervision: '../supervision/loaders#Supervision',
    Recommendation: '../supervision/loaders#Recommendation',
    LivelihoodModel: '@ntg/subgraph-kit#IdReference',
  },
});
