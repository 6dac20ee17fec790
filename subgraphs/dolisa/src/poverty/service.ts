import { and, desc, eq } from 'drizzle-orm';
import { findCommune } from '@ntg/admin-units';
import { check, checkText, checkYear, conflict, isIsoDate, notFound, type WriteScope } from '@ntg/subgraph-kit';
import { households, povertyAssessments, povertyStandards } from '../db/schema';
import type { AssessmentInput } from '../generated/types';
import { isMinorityGroup } from '@ntg/ethnic-groups';
import { classify, DEPRIVATIONS, standardFor } from './classify';
import type { AssessmentRow } from './loaders';

/** Above this a monthly income per person is a typing error, not a household of the programme. */
const MAX_INCOME = 1_000_000_000;

function checkAssessment(input: AssessmentInput, today: string): void {
  checkYear(input.year, 'input.year');
  check(input.incomePerCapitaMonthly >= 0 && input.incomePerCapitaMonthly <= MAX_INCOME, `incomePerCapitaMonthly must be between 0 and ${MAX_INCOME}`, 'input.incomePerCapitaMonthly');
  check(new Set(input.deprivations).size === input.deprivations.length, 'deprivations lists an indicator twice', 'input.deprivations');
  check(input.deprivations.every((d) => DEPRIVATIONS.includes(d)), 'unknown deprivation', 'input.deprivations');
  check(isIsoDate(input.assessedOn), 'assessedOn must be a date', 'input.assessedOn');
  // The review of year Y runs in Y; its results may be recorded up to the end of Q1 of Y+1.
  check(input.assessedOn >= `${input.year}-01-01` && input.assessedOn <= `${input.year + 1}-03-31`, `assessedOn must fall within the ${input.year} review (${input.year}-01-01 to ${input.year + 1}-03-31)`, 'input.assessedOn');
  check(input.assessedOn <= today, 'assessedOn cannot be in the future', 'input.assessedOn');
}

/** Records a household's review of a year; the server classifies it. One per household and year (CONFLICT). */
export function recordAssessment(scope: WriteScope, input: AssessmentInput): Promise<AssessmentRow> {
  return writeAssessment(scope, input, null);
}

/** Replaces a year's review with a corrected one; the replaced version stays, marked not current. */
export function correctAssessment(scope: WriteScope, input: AssessmentInput, reason: string): Promise<AssessmentRow> {
  checkText(reason, 'reason', { max: 500 });
  return writeAssessment(scope, input, reason);
}

/**
 * Records or corrects a year's review. A correction marks the previous version not current and inserts the
 * new one; the commune stays the one the household lived in at the original review.
 */
async function writeAssessment(scope: WriteScope, input: AssessmentInput, correctionReason: string | null): Promise<AssessmentRow> {
  checkAssessment(input, scope.today);
  const { tx } = scope;
  const [household] = await tx.select().from(households).where(eq(households.id, input.householdId));
  if (!household) throw notFound(`No household with id "${input.householdId}"`, 'input.householdId');
  check(household.registeredOn <= input.assessedOn, 'the household was not yet registered on assessedOn', 'input.assessedOn');
  check(household.dissolvedOn === null || household.dissolvedOn > input.assessedOn, 'the household was dissolved before assessedOn', 'input.assessedOn');
  const [existing] = await tx.select().from(povertyAssessments)
    .where(and(eq(povertyAssessments.householdId, input.householdId), eq(povertyAssessments.year, input.year), eq(povertyAssessments.isCurrent, true)))
    .orderBy(desc(povertyAssessments.id)).for('update');
  if (correctionReason === null && existing) {
    throw conflict(`Household "${input.householdId}" already has a ${input.year} review; use correctAssessment to replace it`, 'input.year');
  }
  if (correctionReason !== null && !existing) throw notFound(`Household "${input.householdId}" has no ${input.year} review to correct`, 'input.year');

  const communeCode = existing?.communeCode ?? household.communeCode;
  const commune = findCommune(communeCode)!;
  const standards = await tx.select().from(povertyStandards);
  const standard = standardFor(standards, input.year, commune.areaType);
  if (!standard) throw conflict(`No poverty standard is in force for ${input.year}; a decree's thresholds must be added first`, 'input.year');
  const classification = classify({ incomePerCapitaMonthly: input.incomePerCapitaMonthly, deprivationCount: input.deprivations.length }, standard);
  if (existing) await tx.update(povertyAssessments).set({ isCurrent: false }).where(eq(povertyAssessments.id, existing.id));
  const [row] = await tx.insert(povertyAssessments).values({
    householdId: household.id, year: input.year, communeCode, areaType: commune.areaType, minority: isMinorityGroup(household.headEthnicGroup),
    headEthnicGroup: household.headEthnicGroup,
    memberCount: household.memberCount, incomePerCapitaMonthly: input.incomePerCapitaMonthly, deprivations: [...input.deprivations].sort(),
    classification, standardId: standard.id, assessedOn: input.assessedOn, correctionReason,
    synthetic: household.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'PovertyAssessment', entityKey: `${household.id}/${input.year}`, before: existing ?? null, after: row! });
  return row!;
}
