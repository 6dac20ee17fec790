import { defineResolverTypes } from '@ntg/subgraph-kit/codegen';

/** `pnpm codegen`: resolver types for this subgraph, generated from schema.graphql into src/generated/types.ts. */
export default defineResolverTypes({
  folder: new URL('.', import.meta.url),
  context: '../context#FinanceContext',
  mappers: {
    Province: '../funding/units#ProvinceWithFacts',
    District: '../funding/units#DistrictWithFacts',
    Commune: '../funding/units#CommuneWithFacts',
    FundingSource: '../sources/loaders#FundingSource',
    FundingAllocation: '../allocations/loaders#AllocationRow',
    FundingAllocationConnection: '../allocations/loaders#AllocationPage',
    AllocationVersion: '../allocations/loaders#AllocationVersionRow',
    Disbursement: '../allocations/loaders#DisbursementRow',
    Settlement: '../allocations/loaders#SettlementRow',
    DisbursementReversal: '../allocations/loaders#DisbursementReversalRow',
    SettlementReversal: '../allocations/loaders#SettlementReversalRow',
    SourceFunding: '../funding/loaders#SourceFunding',
    ItemFunding: '../funding/loaders#ItemFunding',
    FundingSummary: '../funding/loaders#FundingSummaryParent',
    ModelFunding: '../funding/loaders#ModelFundingParent',
    FundingFlag: '../flags/loaders#FlagRow',
    FundingFlagRule: '../flags/loaders#FlagRuleRow',
    LivelihoodModel: '../funding/units#ModelReference',
    Household: '../households/resolvers#HouseholdReference',
    HouseholdFunding: '../households/resolvers#HouseholdFundingParent',
    FundingGuidance: '../guidance/service#GuidanceRow',
  },
});
