import { defineResolverTypes } from '@ntg/subgraph-kit/codegen';

/** `pnpm codegen`: resolver types for this subgraph, generated from schema.graphql into src/generated/types.ts. */
export default defineResolverTypes({
  folder: new URL('.', import.meta.url),
  context: '../context#DolisaContext',
  mappers: {
    Household: '../households/loaders#HouseholdRow',
    HouseholdConnection: '../households/loaders#HouseholdPage',
    HouseholdVersion: '../households/loaders#HouseholdVersionRow',
    PovertyAssessment: '../poverty/loaders#AssessmentRow',
    PovertyStandard: '../poverty/loaders#StandardRow',
    LivelihoodModel: '../models/loaders#ModelRow',
    LivelihoodModelConnection: '../models/loaders#ModelPage',
    Participation: '../models/loaders#ParticipationRow',
    ModelEvaluation: '../models/loaders#EvaluationRow',
    ModelStatusChange: '../models/loaders#EventRow',
    ModelStatusSummary: '../models/loaders#ModelRow',
    BudgetRevision: '../models/loaders#BudgetRevisionRow',
    Plan: '../plan/loaders#PlanRow',
    MonthlyReportSubmission: '../reports/service#MonthlyReportRow',
  },
});
