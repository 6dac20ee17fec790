import { defineResolverTypes } from '@ntg/subgraph-kit/codegen';

/** `pnpm codegen`: resolver types for this subgraph, generated from schema.graphql into src/generated/types.ts. */
export default defineResolverTypes({
  folder: new URL('.', import.meta.url),
  context: '../context#EthnicContext',
  mappers: {
    EthnicGroup: '../groups/loaders#EthnicGroupRow',
    EthnicAreaClassification: '../areas/loaders#EthnicAreaClassificationRow',
    MinorityIndicators: '../indicators/minority#MinorityIndicators',
    // Units arrive with DOLISA's counts when a field @requires them.
    Province: '../indicators/units#ProvinceWithCounts',
    District: '../indicators/units#DistrictWithCounts',
    Commune: '../indicators/units#CommuneWithCounts',
    Plan: '../targets/loaders#PlanReference',
  },
});
