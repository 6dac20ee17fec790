import {
  buildSchema, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType,
  type DefinitionNode, type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaFromSupergraph } from '@ntg/operations';
import { composeSupergraph } from './compose';
import { subgraphs } from './subgraphs';

/**
 * Every type, field, argument, input field and enum value of the API schema (what the explorer's docs show and
 * what clients introspect) carries a description written for the people who use the graph.
 *
 * TEMPORARY: DOLISA's undocumented coordinates on the day this check arrived (another change was documenting
 * subgraphs/dolisa/schema.graphql at the same time). Only coordinates DOLISA itself declares may be listed; the
 * list is to be emptied and removed once DOLISA's descriptions are merged. The fields other subgraphs read from
 * DOLISA with @external take DOLISA's description, so they are DOLISA's to document as well.
 */
const DOLISA_UNDOCUMENTED = new Set<string>([
  // Described, but only by its name ("housing: quality").
  'Deprivation.HOUSING_QUALITY',
  'AssessmentInput', 'AssessmentInput.householdId', 'AssessmentInput.year', 'AssessmentInput.incomePerCapitaMonthly',
  'AssessmentInput.deprivations', 'AssessmentInput.assessedOn',
  'BudgetRevision.previousBudget', 'BudgetRevision.plannedBudget', 'BudgetRevision.reason',
  'Commune.households', 'Commune.households(first:)', 'Commune.households(after:)', 'Commune.households(year:)',
  'Commune.households(classification:)', 'Commune.livelihoodModels', 'Commune.livelihoodModels(status:)',
  'Commune.povertyStats', 'Commune.povertyStats(year:)', 'Commune.povertyStats(areaType:)',
  'Commune.povertyStats(minority:)', 'Commune.povertyTrend', 'Commune.povertyTrend(from:)',
  'Commune.povertyTrend(to:)', 'Commune.povertyTrend(areaType:)', 'Commune.povertyTrend(minority:)',
  'District.households', 'District.households(first:)', 'District.households(after:)', 'District.households(year:)',
  'District.households(classification:)', 'District.livelihoodModels', 'District.livelihoodModels(status:)',
  'District.povertyStats', 'District.povertyStats(year:)', 'District.povertyStats(areaType:)',
  'District.povertyStats(minority:)', 'District.povertyTrend', 'District.povertyTrend(from:)',
  'District.povertyTrend(to:)', 'District.povertyTrend(areaType:)', 'District.povertyTrend(minority:)',
  'DistrictProgress', 'DistrictProgress.district', 'DistrictProgress.counts',
  'EvaluationInput', 'EvaluationInput.modelId', 'EvaluationInput.evaluatedOn', 'EvaluationInput.rating',
  'EvaluationInput.lessons', 'EvaluationInput.replicable',
  'Household.livelihoodModels', 'Household.areaType', 'Household.memberCount', 'Household.headEthnicGroup',
  'Household.registeredOn', 'Household.dissolvedOn', 'Household.assessment(year:)',
  'Household.assessmentHistory(year:)',
  'HouseholdChange', 'HouseholdChange.REGISTERED', 'HouseholdChange.UPDATED', 'HouseholdChange.MOVED',
  'HouseholdChange.DISSOLVED',
  'HouseholdConnection', 'HouseholdConnection.edges', 'HouseholdConnection.pageInfo',
  'HouseholdEdge', 'HouseholdEdge.cursor', 'HouseholdEdge.node',
  'HouseholdVersion', 'HouseholdVersion.version', 'HouseholdVersion.change', 'HouseholdVersion.communeCode',
  'HouseholdVersion.memberCount', 'HouseholdVersion.changedAt',
  'LivelihoodModel.name', 'LivelihoodModel.commune', 'LivelihoodModel.sector', 'LivelihoodModel.status',
  'LivelihoodModel.description', 'LivelihoodModel.startDate', 'LivelihoodModel.endDate',
  'LivelihoodModel.plannedBudget', 'LivelihoodModel.synthetic', 'LivelihoodModel.outcome',
  'LivelihoodModel.evaluations',
  'LivelihoodModelConnection', 'LivelihoodModelConnection.edges', 'LivelihoodModelConnection.pageInfo',
  'LivelihoodModelConnection.totalCount',
  'LivelihoodModelEdge', 'LivelihoodModelEdge.cursor', 'LivelihoodModelEdge.node',
  'LivelihoodModelFilter', 'LivelihoodModelFilter.status', 'LivelihoodModelFilter.sector',
  'LivelihoodModelFilter.districtCode', 'LivelihoodModelFilter.communeCode',
  'ModelEvaluation.evaluatedOn', 'ModelEvaluation.rating', 'ModelEvaluation.lessons', 'ModelEvaluation.replicable',
  'ModelOutcome.escapedPoverty',
  'ModelSector', 'ModelSector.LIVESTOCK', 'ModelSector.CROPS', 'ModelSector.AQUACULTURE', 'ModelSector.FORESTRY',
  'ModelSector.HANDICRAFT', 'ModelSector.SERVICES',
  'ModelStatusChange.from', 'ModelStatusChange.to', 'ModelStatusChange.on', 'ModelStatusChange.note',
  'MonthlyProgressReport', 'MonthlyProgressReport.month', 'MonthlyProgressReport.plan',
  'MonthlyProgressReport.districts', 'MonthlyProgressReport.province',
  'Mutation.registerHousehold(input:)', 'Mutation.updateHousehold(id:)',
  'Mutation.updateHousehold(expectedVersion:)', 'Mutation.updateHousehold(input:)', 'Mutation.moveHousehold(id:)',
  'Mutation.moveHousehold(expectedVersion:)', 'Mutation.moveHousehold(toCommuneCode:)',
  'Mutation.moveHousehold(movedOn:)', 'Mutation.dissolveHousehold(id:)',
  'Mutation.dissolveHousehold(expectedVersion:)', 'Mutation.dissolveHousehold(dissolvedOn:)',
  'Mutation.dissolveHousehold(reason:)', 'Mutation.recordAssessment(input:)', 'Mutation.correctAssessment(input:)',
  'Mutation.correctAssessment(reason:)', 'Mutation.proposeLivelihoodModel(input:)',
  'Mutation.approveLivelihoodModel(id:)', 'Mutation.approveLivelihoodModel(on:)',
  'Mutation.approveLivelihoodModel(note:)', 'Mutation.startLivelihoodModel(id:)',
  'Mutation.startLivelihoodModel(on:)', 'Mutation.startLivelihoodModel(note:)',
  'Mutation.completeLivelihoodModel(id:)', 'Mutation.completeLivelihoodModel(on:)',
  'Mutation.completeLivelihoodModel(note:)', 'Mutation.suspendLivelihoodModel(id:)',
  'Mutation.suspendLivelihoodModel(on:)', 'Mutation.suspendLivelihoodModel(note:)',
  'Mutation.enrollHousehold(modelId:)', 'Mutation.enrollHousehold(householdId:)',
  'Mutation.enrollHousehold(enrolledOn:)', 'Mutation.withdrawHousehold(modelId:)',
  'Mutation.withdrawHousehold(householdId:)', 'Mutation.withdrawHousehold(withdrawnOn:)',
  'Mutation.withdrawHousehold(reason:)', 'Mutation.evaluateLivelihoodModel(input:)',
  'Mutation.reviseModelBudget(id:)', 'Mutation.reviseModelBudget(expectedVersion:)',
  'Mutation.reviseModelBudget(plannedBudget:)', 'Mutation.reviseModelBudget(reason:)',
  'Participation.model', 'Participation.household', 'Participation.withdrawnOn', 'Participation.enrolledOn',
  'Participation.withdrawalReason',
  'Plan.title', 'Plan.issuedOn', 'Plan.fromYear', 'Plan.toYear', 'Plan.targets(year:)',
  'PovertyAssessment.year', 'PovertyAssessment.incomePerCapitaMonthly', 'PovertyAssessment.deprivations',
  'PovertyAssessment.deprivationCount', 'PovertyAssessment.assessedOn', 'PovertyAssessment.standard',
  'PovertyAssessment.recordedAt',
  'PovertyStandard.decree', 'PovertyStandard.fromYear', 'PovertyStandard.toYear', 'PovertyStandard.areaType',
  'PovertyStandard.incomeLine', 'PovertyStandard.averageLivingCeiling', 'PovertyStandard.minDeprivationsForPoor',
  'PovertyStats.year', 'PovertyStats.households', 'PovertyStats.poor', 'PovertyStats.nearPoor',
  'PovertyStats.poorRate', 'PovertyStats.nearPoorRate', 'PovertyStats.minorityPoor',
  'ProgressCounts', 'ProgressCounts.modelsStarted', 'ProgressCounts.modelsCompleted',
  'ProgressCounts.participantsEnrolled', 'ProgressCounts.householdsAssessed',
  'ProposeLivelihoodModelInput', 'ProposeLivelihoodModelInput.communeCode', 'ProposeLivelihoodModelInput.name',
  'ProposeLivelihoodModelInput.sector', 'ProposeLivelihoodModelInput.description',
  'ProposeLivelihoodModelInput.startDate', 'ProposeLivelihoodModelInput.endDate',
  'ProposeLivelihoodModelInput.plannedBudget', 'ProposeLivelihoodModelInput.proposedOn',
  'Province.households(first:)', 'Province.households(after:)', 'Province.households(year:)',
  'Province.households(classification:)', 'Province.livelihoodModels', 'Province.livelihoodModels(status:)',
  'Province.povertyStats', 'Province.povertyStats(year:)', 'Province.povertyStats(areaType:)',
  'Province.povertyStats(minority:)', 'Province.povertyTrend(from:)', 'Province.povertyTrend(to:)',
  'Province.povertyTrend(areaType:)', 'Province.povertyTrend(minority:)',
  'Query.district(code:)', 'Query.commune(code:)', 'Query.communes(districtCode:)', 'Query.household(id:)',
  'Query.livelihoodModel(id:)', 'Query.livelihoodModels(filter:)', 'Query.livelihoodModels(first:)',
  'Query.livelihoodModels(after:)', 'Query.plan(code:)', 'Query.monthlyProgress(month:)',
  'Query.monthlyProgress(planCode:)', 'Query.dolisaAuditLog(first:)', 'Query.dolisaAuditLog(after:)',
  'Query.dolisaAuditLog(entity:)', 'Query.dolisaAuditLog(entityKey:)', 'Query.dolisaAuditLog(outcome:)',
  'Query.dolisaAuditLog(subject:)',
  'RegisterHouseholdInput', 'RegisterHouseholdInput.communeCode', 'RegisterHouseholdInput.memberCount',
  'RegisterHouseholdInput.headEthnicGroupCode', 'RegisterHouseholdInput.headName',
  'RegisterHouseholdInput.headIdNumber', 'RegisterHouseholdInput.registeredOn',
  'UpdateHouseholdInput', 'UpdateHouseholdInput.memberCount', 'UpdateHouseholdInput.headEthnicGroupCode',
  'UpdateHouseholdInput.headName', 'UpdateHouseholdInput.headIdNumber',
]);

/** Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) whose description is missing or says nothing. */
function undocumentedCoordinates(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, name: string, description: string | null | undefined) => {
    if (!description?.trim() || saysOnlyItsName(name, description)) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        if ('args' in field) for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name, arg.description);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
  }
  return missing;
}

/** "Code." for `code` or "The model" for `model`: the name repeated is not a description. */
function saysOnlyItsName(name: string, description: string): boolean {
  const words = (text: string) => text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
    .replace(/^(the|a|an) /, '');
  return words(description) === words(name);
}

/** The coordinates a subgraph's own SDL declares (its schema.graphql, without the kit's shared types). */
function declaredCoordinates(definitions: readonly DefinitionNode[]): Set<string> {
  const declared = new Set<string>();
  for (const definition of definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const type = definition.name.value;
    declared.add(type);
    const fields = 'fields' in definition ? definition.fields ?? [] : [];
    for (const field of fields) {
      declared.add(`${type}.${field.name.value}`);
      for (const arg of 'arguments' in field ? field.arguments ?? [] : []) declared.add(`${type}.${field.name.value}(${arg.name.value}:)`);
    }
    for (const value of 'values' in definition ? definition.values ?? [] : []) declared.add(`${type}.${value.name.value}`);
  }
  return declared;
}

describe('descriptions of the composed graph', () => {
  const { supergraphSdl, errors } = composeSupergraph();
  const schema = apiSchemaFromSupergraph(supergraphSdl ?? '');

  it('documents every type, field, argument and enum value (DOLISA: only the temporary list may be missing)', () => {
    expect(errors).toEqual([]);
    const undocumented = undocumentedCoordinates(schema).filter((coordinate) => !DOLISA_UNDOCUMENTED.has(coordinate));
    // Each coordinate named here needs a description in the SDL that declares it (see docs/GRAPH.md for the owner).
    expect(undocumented).toEqual([]);
  });

  it('lists only coordinates DOLISA declares in its temporary list', () => {
    const dolisa = subgraphs.find((s) => s.name === 'dolisa')!;
    const declared = declaredCoordinates(dolisa.typeDefs.definitions);
    expect([...DOLISA_UNDOCUMENTED].filter((coordinate) => !declared.has(coordinate))).toEqual([]);
  });

  it('finds what is missing, including a description that only repeats the name', () => {
    const sample = buildSchema(`
      "Entry points."
      type Query {
        "A commune by its GSO code."
        commune("5-digit GSO code." code: ID!, year: Int): Commune
      }
      "A commune-level unit (xã, phường, thị trấn)."
      type Commune {
        "The model."
        model: String
        kind: Kind
      }
      enum Kind { "xã" COMMUNE WARD }
    `);
    expect(undocumentedCoordinates(sample)).toEqual(['Query.commune(year:)', 'Commune.model', 'Commune.kind', 'Kind', 'Kind.WARD']);
    expect(saysOnlyItsName('entityKey', 'Entity key')).toBe(true);
    expect(saysOnlyItsName('code', '5-digit GSO code, e.g. "22783".')).toBe(false);
  });
});
