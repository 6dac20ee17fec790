import { and, desc, eq } from 'drizzle-orm';
import { findCommune } from '@ntg/admin-units';
import type { Db } from '@ntg/db';
import { conflict, isIsoDate, notFound } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { householdVersions, households, povertyAssessments, povertyStandards } from '../db/schema';
import { classify, DEPRIVATIONS, standardFor, type PovertyStandard } from '../poverty/classify';
import { actor, audit, check, checkText, checkYear, inTransaction, today } from '../mutation';
import type { HouseholdRow } from './loaders';

/** GSO ethnic codes run 01 (Kinh) to 54. */
const ETHNIC_CODE = /^(0[1-9]|[1-4]\d|5[0-4])$/;
const MAX_MEMBERS = 30;
const MAX_INCOME = 1_000_000_000;

interface RegisterInput {
  communeCode: string;
  memberCount: number;
  headEthnicGroupCode: string;
  headName: string;
  headIdNumber?: string | null;
  registeredOn: string;
}
type UpdateInput = Partial<Pick<RegisterInput, 'memberCount' | 'headEthnicGroupCode' | 'headName' | 'headIdNumber'>>;

interface AssessmentInput {
  householdId: string;
  year: number;
  incomePerCapitaMonthly: number;
  deprivations: string[];
  assessedOn: string;
}

function checkCommune(code: string, field: string) {
  const commune = findCommune(code);
  check(commune !== undefined, `"${code}" is not a commune of Ninh Thuận`, field);
  return commune!;
}

function checkDetails(input: UpdateInput, prefix: string): void {
  if (input.memberCount != null) check(input.memberCount >= 1 && input.memberCount <= MAX_MEMBERS, `memberCount must be between 1 and ${MAX_MEMBERS}`, `${prefix}.memberCount`);
  if (input.headEthnicGroupCode != null) check(ETHNIC_CODE.test(input.headEthnicGroupCode), 'headEthnicGroupCode must be a GSO ethnic code 01-54', `${prefix}.headEthnicGroupCode`);
  if (input.headName !== undefined) checkText(input.headName, `${prefix}.headName`, { max: 120 });
  if (input.headIdNumber != null) check(/^\d{9}$|^\d{12}$/.test(input.headIdNumber), 'headIdNumber must be a 9-digit ID card or 12-digit citizen ID number', `${prefix}.headIdNumber`);
}

function snapshotOf(h: HouseholdRow) {
  return {
    communeCode: h.communeCode, memberCount: h.memberCount, headEthnicGroup: h.headEthnicGroup, headName: h.headName,
    headIdNumber: h.headIdNumber, registeredOn: h.registeredOn, dissolvedOn: h.dissolvedOn, synthetic: h.synthetic,
  };
}

async function appendVersion(tx: Db, h: HouseholdRow, change: string, by: string | null): Promise<void> {
  await tx.insert(householdVersions).values({ householdId: h.id, version: h.version, change, snapshot: snapshotOf(h), changedBy: by });
}

/** Reads the household for a versioned change: NOT_FOUND, or CONFLICT when someone changed it meanwhile. */
async function lockForChange(tx: Db, id: string, expectedVersion: number): Promise<HouseholdRow> {
  const [row] = await tx.select().from(households).where(eq(households.id, id)).for('update');
  if (!row) throw notFound(`No household with id "${id}"`, 'id');
  if (row.version !== expectedVersion) {
    throw conflict(`Household "${id}" is at version ${row.version}, not ${expectedVersion}: reload it and apply the change again`, 'expectedVersion');
  }
  return row;
}

function newHouseholdId(communeCode: string): string {
  // Opaque and stable: commune of registration plus a random suffix; never reused or renumbered.
  return `HH-${communeCode}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
}

export const householdMutations = {
  registerHousehold: async (_: unknown, { input }: { input: RegisterInput }, ctx: DolisaContext) => {
    checkCommune(input.communeCode, 'input.communeCode');
    checkDetails(input, 'input');
    check(input.registeredOn <= today(), 'registeredOn cannot be in the future', 'input.registeredOn');
    return inTransaction(ctx, async (tx) => {
      const [row] = await tx.insert(households).values({
        id: newHouseholdId(input.communeCode), communeCode: input.communeCode, memberCount: input.memberCount,
        headEthnicGroup: input.headEthnicGroupCode, headName: input.headName.trim(), headIdNumber: input.headIdNumber ?? null,
        registeredOn: input.registeredOn,
      }).returning();
      await appendVersion(tx, row!, 'REGISTERED', actor(ctx));
      await audit(tx, ctx, { operation: 'registerHousehold', entity: 'Household', entityKey: row!.id, before: null, after: snapshotOf(row!) });
      return row!;
    });
  },

  updateHousehold: async (_: unknown, { id, expectedVersion, input }: { id: string; expectedVersion: number; input: UpdateInput }, ctx: DolisaContext) => {
    checkDetails(input, 'input');
    check(Object.values(input).some((v) => v !== undefined), 'input changes nothing', 'input');
    return inTransaction(ctx, async (tx) => {
      const current = await lockForChange(tx, id, expectedVersion);
      check(current.dissolvedOn === null, 'a dissolved household cannot be changed', 'id');
      const [row] = await tx.update(households).set({
        memberCount: input.memberCount ?? current.memberCount,
        headEthnicGroup: input.headEthnicGroupCode ?? current.headEthnicGroup,
        headName: input.headName?.trim() ?? current.headName,
        headIdNumber: input.headIdNumber === undefined ? current.headIdNumber : input.headIdNumber,
        version: current.version + 1,
        updatedAt: new Date(),
      }).where(eq(households.id, id)).returning();
      await appendVersion(tx, row!, 'UPDATED', actor(ctx));
      await audit(tx, ctx, { operation: 'updateHousehold', entity: 'Household', entityKey: row!.id, before: snapshotOf(current), after: snapshotOf(row!) });
      return row!;
    });
  },

  moveHousehold: async (_: unknown, args: { id: string; expectedVersion: number; toCommuneCode: string; movedOn: string }, ctx: DolisaContext) => {
    checkCommune(args.toCommuneCode, 'toCommuneCode');
    check(args.movedOn <= today(), 'movedOn cannot be in the future', 'movedOn');
    return inTransaction(ctx, async (tx) => {
      const current = await lockForChange(tx, args.id, args.expectedVersion);
      check(current.dissolvedOn === null, 'a dissolved household cannot move', 'id');
      check(current.communeCode !== args.toCommuneCode, 'the household already lives in that commune', 'toCommuneCode');
      check(args.movedOn >= current.registeredOn, 'movedOn is before the household was registered', 'movedOn');
      const [row] = await tx.update(households).set({ communeCode: args.toCommuneCode, version: current.version + 1, updatedAt: new Date() })
        .where(eq(households.id, args.id)).returning();
      await appendVersion(tx, row!, 'MOVED', actor(ctx));
      await audit(tx, ctx, { operation: 'moveHousehold', entity: 'Household', entityKey: row!.id, before: snapshotOf(current), after: snapshotOf(row!) });
      return row!;
    });
  },

  dissolveHousehold: async (_: unknown, args: { id: string; expectedVersion: number; dissolvedOn: string; reason: string }, ctx: DolisaContext) => {
    checkText(args.reason, 'reason', { max: 500 });
    check(args.dissolvedOn <= today(), 'dissolvedOn cannot be in the future', 'dissolvedOn');
    return inTransaction(ctx, async (tx) => {
      const current = await lockForChange(tx, args.id, args.expectedVersion);
      if (current.dissolvedOn !== null) throw conflict(`Household "${args.id}" was dissolved on ${current.dissolvedOn}`, 'id');
      check(args.dissolvedOn >= current.registeredOn, 'dissolvedOn is before the household was registered', 'dissolvedOn');
      const [row] = await tx.update(households).set({ dissolvedOn: args.dissolvedOn, version: current.version + 1, updatedAt: new Date() })
        .where(eq(households.id, args.id)).returning();
      await appendVersion(tx, row!, 'DISSOLVED', actor(ctx));
      await audit(tx, ctx, { operation: 'dissolveHousehold', entity: 'Household', entityKey: row!.id, before: snapshotOf(current), after: snapshotOf(row!) });
      return row!;
    });
  },

  recordAssessment: async (_: unknown, { input }: { input: AssessmentInput }, ctx: DolisaContext) =>
    writeAssessment(ctx, input, null),

  correctAssessment: async (_: unknown, { input, reason }: { input: AssessmentInput; reason: string }, ctx: DolisaContext) => {
    checkText(reason, 'reason', { max: 500 });
    return writeAssessment(ctx, input, reason);
  },
};

function checkAssessment(input: AssessmentInput): void {
  checkYear(input.year, 'input.year');
  check(input.incomePerCapitaMonthly >= 0 && input.incomePerCapitaMonthly <= MAX_INCOME, `incomePerCapitaMonthly must be between 0 and ${MAX_INCOME}`, 'input.incomePerCapitaMonthly');
  check(new Set(input.deprivations).size === input.deprivations.length, 'deprivations lists an indicator twice', 'input.deprivations');
  check(input.deprivations.every((d) => (DEPRIVATIONS as readonly string[]).includes(d)), 'unknown deprivation', 'input.deprivations');
  check(isIsoDate(input.assessedOn), 'assessedOn must be a date', 'input.assessedOn');
  // The review of year Y runs in Y; its results may be recorded up to the end of Q1 of Y+1.
  check(input.assessedOn >= `${input.year}-01-01` && input.assessedOn <= `${input.year + 1}-03-31`, `assessedOn must fall within the ${input.year} review (${input.year}-01-01 to ${input.year + 1}-03-31)`, 'input.assessedOn');
  check(input.assessedOn <= today(), 'assessedOn cannot be in the future', 'input.assessedOn');
}

/**
 * Records or corrects a year's review. A correction marks the previous version not current and inserts the
 * new one; the commune stays the one the household lived in at the original review.
 */
async function writeAssessment(ctx: DolisaContext, input: AssessmentInput, correctionReason: string | null) {
  checkAssessment(input);
  return inTransaction(ctx, async (tx) => {
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
    const standards = (await tx.select().from(povertyStandards)).map((s) => ({ ...s, areaType: s.areaType as PovertyStandard['areaType'] }));
    const standard = standardFor(standards, input.year, commune.areaType);
    if (!standard) throw conflict(`No poverty standard is in force for ${input.year}; a decree's thresholds must be added first`, 'input.year');
    const classification = classify({ incomePerCapitaMonthly: input.incomePerCapitaMonthly, deprivationCount: input.deprivations.length }, standard);
    if (existing) await tx.update(povertyAssessments).set({ isCurrent: false }).where(eq(povertyAssessments.id, existing.id));
    const [row] = await tx.insert(povertyAssessments).values({
      householdId: household.id, year: input.year, communeCode, areaType: commune.areaType, minority: household.headEthnicGroup !== '01',
      memberCount: household.memberCount, incomePerCapitaMonthly: input.incomePerCapitaMonthly, deprivations: [...input.deprivations].sort(),
      classification, standardId: (standard as typeof standards[number]).id, assessedOn: input.assessedOn, correctionReason,
      synthetic: household.synthetic, recordedBy: actor(ctx),
    }).returning();
    await audit(tx, ctx, {
      operation: correctionReason === null ? 'recordAssessment' : 'correctAssessment', entity: 'PovertyAssessment',
      entityKey: `${household.id}/${input.year}`, before: existing ?? null, after: row!,
    });
    return row!;
  }, `Household "${input.householdId}" already has a ${input.year} review`);
}
