import { eq } from 'drizzle-orm';
import { findCommune } from '@ntg/admin-units';
import { findEthnicGroup } from '@ntg/ethnic-groups';
import { check, checkText, checkVersion, conflict, lockRow, type WriteScope } from '@ntg/subgraph-kit';
import { householdVersions, households } from '../db/schema';
import type { HouseholdChange, MutationDissolveHouseholdArgs, MutationMoveHouseholdArgs, MutationUpdateHouseholdArgs, RegisterHouseholdInput, UpdateHouseholdInput } from '../generated/types';
import type { HouseholdRow } from './loaders';

const MAX_MEMBERS = 30;

/** A commune of Ninh Thuận named in the input: an unknown code is the caller's mistake. */
export function checkCommune(code: string, field: string): string {
  check(findCommune(code) !== undefined, `"${code}" is not a commune of Ninh Thuận`, field);
  return code;
}

function checkDetails(input: UpdateHouseholdInput, prefix: string): void {
  if (input.memberCount != null) check(input.memberCount >= 1 && input.memberCount <= MAX_MEMBERS, `memberCount must be between 1 and ${MAX_MEMBERS}`, `${prefix}.memberCount`);
  if (input.headEthnicGroupCode != null) check(findEthnicGroup(input.headEthnicGroupCode) !== undefined, 'headEthnicGroupCode must be a GSO ethnic code 01-54', `${prefix}.headEthnicGroupCode`);
  if (input.headName !== undefined) checkText(input.headName, `${prefix}.headName`, { max: 120 });
  if (input.headIdNumber != null) check(/^\d{9}$|^\d{12}$/.test(input.headIdNumber), 'headIdNumber must be a 9-digit ID card or 12-digit citizen ID number', `${prefix}.headIdNumber`);
}

function snapshotOf(h: HouseholdRow) {
  return {
    communeCode: h.communeCode, memberCount: h.memberCount, headEthnicGroup: h.headEthnicGroup, headName: h.headName,
    headIdNumber: h.headIdNumber, registeredOn: h.registeredOn, dissolvedOn: h.dissolvedOn, synthetic: h.synthetic,
  };
}

/** Every change leaves a version behind and an audit entry: nothing is overwritten without a trace. */
async function recordChange(scope: WriteScope, before: HouseholdRow | null, after: HouseholdRow, change: HouseholdChange): Promise<HouseholdRow> {
  await scope.tx.insert(householdVersions).values({ householdId: after.id, version: after.version, change, snapshot: snapshotOf(after), changedBy: scope.actor });
  await scope.audit({ entity: 'Household', entityKey: after.id, before: before && snapshotOf(before), after: snapshotOf(after) });
  return after;
}

/** The household for a versioned change, locked: NOT_FOUND, or CONFLICT when someone changed it meanwhile. */
async function lockForChange(scope: WriteScope, id: string, expectedVersion: number): Promise<HouseholdRow> {
  const row = await lockRow(scope.tx, households, households.id, id, 'household');
  checkVersion(row, expectedVersion, `Household "${id}"`);
  return row;
}

function newHouseholdId(communeCode: string): string {
  // Opaque and stable: commune of registration plus a random suffix; never reused or renumbered.
  return `HH-${communeCode}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
}

/** Registers a household in a commune; its history starts here. */
export async function registerHousehold(scope: WriteScope, input: RegisterHouseholdInput): Promise<HouseholdRow> {
  checkCommune(input.communeCode, 'input.communeCode');
  checkDetails(input, 'input');
  check(input.registeredOn <= scope.today, 'registeredOn cannot be in the future', 'input.registeredOn');
  const [row] = await scope.tx.insert(households).values({
    id: newHouseholdId(input.communeCode), communeCode: input.communeCode, memberCount: input.memberCount,
    headEthnicGroup: input.headEthnicGroupCode, headName: input.headName.trim(), headIdNumber: input.headIdNumber ?? null,
    registeredOn: input.registeredOn,
  }).returning();
  return recordChange(scope, null, row!, 'REGISTERED');
}

/** Corrects a household's details; expectedVersion guards against overwriting someone else's change. */
export async function updateHousehold(scope: WriteScope, { id, expectedVersion, input }: MutationUpdateHouseholdArgs): Promise<HouseholdRow> {
  checkDetails(input, 'input');
  check(Object.values(input).some((v) => v !== undefined), 'input changes nothing', 'input');
  const current = await lockForChange(scope, id, expectedVersion);
  check(current.dissolvedOn === null, 'a dissolved household cannot be changed', 'id');
  const [row] = await scope.tx.update(households).set({
    memberCount: input.memberCount ?? current.memberCount,
    headEthnicGroup: input.headEthnicGroupCode ?? current.headEthnicGroup,
    headName: input.headName?.trim() ?? current.headName,
    headIdNumber: input.headIdNumber === undefined ? current.headIdNumber : input.headIdNumber,
    version: current.version + 1,
    updatedAt: new Date(),
  }).where(eq(households.id, id)).returning();
  return recordChange(scope, current, row!, 'UPDATED');
}

/** Moves a household to another commune; earlier reviews stay counted where it lived then. */
export async function moveHousehold(scope: WriteScope, args: MutationMoveHouseholdArgs): Promise<HouseholdRow> {
  checkCommune(args.toCommuneCode, 'toCommuneCode');
  check(args.movedOn <= scope.today, 'movedOn cannot be in the future', 'movedOn');
  const current = await lockForChange(scope, args.id, args.expectedVersion);
  check(current.dissolvedOn === null, 'a dissolved household cannot move', 'id');
  check(current.communeCode !== args.toCommuneCode, 'the household already lives in that commune', 'toCommuneCode');
  check(args.movedOn >= current.registeredOn, 'movedOn is before the household was registered', 'movedOn');
  const [row] = await scope.tx.update(households).set({ communeCode: args.toCommuneCode, version: current.version + 1, updatedAt: new Date() })
    .where(eq(households.id, args.id)).returning();
  return recordChange(scope, current, row!, 'MOVED');
}

/** Marks a household dissolved; it leaves later reviews. */
export async function dissolveHousehold(scope: WriteScope, args: MutationDissolveHouseholdArgs): Promise<HouseholdRow> {
  checkText(args.reason, 'reason', { max: 500 });
  check(args.dissolvedOn <= scope.today, 'dissolvedOn cannot be in the future', 'dissolvedOn');
  const current = await lockForChange(scope, args.id, args.expectedVersion);
  if (current.dissolvedOn !== null) throw conflict(`Household "${args.id}" was dissolved on ${current.dissolvedOn}`, 'id');
  check(args.dissolvedOn >= current.registeredOn, 'dissolvedOn is before the household was registered', 'dissolvedOn');
  const [row] = await scope.tx.update(households).set({ dissolvedOn: args.dissolvedOn, version: current.version + 1, updatedAt: new Date() })
    .where(eq(households.id, args.id)).returning();
  return recordChange(scope, current, row!, 'DISSOLVED');
}
