import { defineResolverTypes } from '@ntg/subgraph-kit/codegen';

/** `pnpm codegen`: resolver types for this subgraph, generated from schema.graphql into src/generated/types.ts. */
export default defineResolverTypes({
  folder: new URL('.', import.meta.url),
  context: '../context#FrontContext',
  mappers: {
    Supervision: '../supervision/loaders#Supervision',
    Recommendation: '../supervision/loaders#Recommendation',
    RecommendationConnection: '../supervision/loaders#RecommendationPage',
    RecommendationChange: '../supervision/loaders#RecommendationEventRow',
    Consultation: '../consultation/loaders#ConsultationRow',
    SocialCriticism: '../criticism/loaders#SocialCriticismRow',
    SocialCriticismConnection: '../criticism/loaders#SocialCriticismPage',
    CriticismOpinion: '../criticism/loaders#OpinionRow',
    FundForThePoor: '../fund/loaders#FundKey',
    FundReceipt: '../fund/loaders#FundReceiptRow',
    FundSpending: '../fund/loaders#FundSpendingRow',
    FundReceiptVersion: '../fund/loaders#FundReceiptVersionRow',
    FundSpendingVersion: '../fund/loaders#FundSpendingVersionRow',
    FundReceiptConnection: '../fund/loaders#FundReceiptPage',
    FundSpendingConnection: '../fund/loaders#FundSpendingPage',
    Commendation: '../commendation/loaders#CommendationRow',
    LivelihoodModel: '../model-facts#ModelRepresentation',
    Household: '@ntg/subgraph-kit#IdReference',
  },
});
