import { defineResolverTypes } from '@ntg/subgraph-kit/codegen';

/** `pnpm codegen`: resolver types for this subgraph, generated from schema.graphql into src/generated/types.ts. */
export default defineResolverTypes({
  folder: new URL('.', import.meta.url),
  context: '../context#AgricultureContext',
  mappers: {
    Province: '../units#ProvinceParent',
    District: '../units#DistrictParent',
    Commune: '../units#CommuneParent',
    LivelihoodModel: '../units#ModelParent',
    Household: '../units#HouseholdParent',
    Technique: '../support/techniques#TechniqueRow',
    TechnicalSupport: '../support/loaders#SupportView',
    TechnicalSupportVersion: '../support/loaders#SupportVersionRow',
    ReachedHousehold: '../support/loaders#ReachedHouseholdView',
    AgricultureSupportSummary: '../support/summary#SupportSummaryView',
    TechniqueReach: '../support/summary#TechniqueReachView',
    Partner: '../partners/loaders#PartnerRow',
    PartnerConnection: '../partners/loaders#PartnerPage',
    OfftakeAgreement: '../offtake/loaders#AgreementRow',
    OfftakeDelivery: '../offtake/loaders#DeliveryRow',
    OfftakeStatusChange: '../offtake/loaders#StatusChangeRow',
  },
});
