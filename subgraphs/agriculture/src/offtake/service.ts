import { desc, eq } from 'drizzle-orm';
import { check, checkText, checkVersion, conflict, lockRow, MIN_YEAR, notFound, type WriteScope } from '@ntg/subgraph-kit';
import { addDays } from '../dates';
import { offtakeAgreements, offtakeDeliveries, offtakeStatusChanges, partners } from '../db/schema';
import type { DeliveryInput, MutationChangeOfftakeStatusArgs, OfftakeStatus, SignOfftakeAgreementInput } from '../generated/types';
import type { Lookups } from '../lookups';
import type { AgreementRow, DeliveryRow } from './loaders';

const MAX_VOLUME = 1_000_000_000;
const MAX_PRICE = 10_000_000_000;
const MAX_PERIOD_YEARS = 10;

/** Where an agreement may go from each status; COMPLETED and CANCELLED are final. */
export const OFFTAKE_TRANSITIONS: Readonly<Record<OfftakeStatus, readonly OfftakeStatus[]>> = {
  NEGOTIATING: ['SIGNED', 'CANCELLED'],
  SIGNED: ['ACTIVE', 'CANCELLED'],
  ACTIVE: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

function checkQuantity(value: number, field: string, max: number, what: string): void {
  check(Number.isFinite(value) && value > 0, `${what} must be above 0`, field);
  check(value <= max, `${what} must be at most ${max}`, field);
  check(Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6, `${what} has at most 3 decimals`, field);
}

function checkPrice(value: number, field: string): void {
  check(value > 0 && value <= MAX_PRICE, `the price per unit must be between 1 and ${MAX_PRICE} VND`, field);
}

/** What only trusted callers (the seed, a batch import) choose: a stable id, the synthetic flag. */
export interface RecordOptions {
  id?: string;
  synthetic?: boolean;
}

/** Records an agreement between a registered partner and a model DOLISA's registry has: SIGNED, or NEGOTIATING. */
export async function signOfftakeAgreement(scope: WriteScope, input: SignOfftakeAgreementInput, lookups: Lookups, options: RecordOptions = {}): Promise<AgreementRow> {
  checkText(input.product, 'input.product', { max: 200 });
  checkText(input.unit, 'input.unit', { max: 20 });
  checkQuantity(input.volume, 'input.volume', MAX_VOLUME, 'volume');
  checkPrice(input.pricePerUnit, 'input.pricePerUnit');
  check(input.periodStart >= `${MIN_YEAR}-01-01`, `periodStart must be in ${MIN_YEAR} or later`, 'input.periodStart');
  check(input.periodEnd >= input.periodStart, 'periodEnd must not be before periodStart', 'input.periodEnd');
  check(input.periodEnd < addDays(input.periodStart, 366 * MAX_PERIOD_YEARS), `an agreement covers at most ${MAX_PERIOD_YEARS} years`, 'input.periodEnd');
  if (input.signedOn != null) {
    check(input.signedOn <= scope.today, `signedOn cannot be in the future (today is ${scope.today})`, 'input.signedOn');
    check(input.signedOn <= input.periodEnd, 'signedOn is after the period ended', 'input.signedOn');
  }
  const model = await lookups.model(input.modelId, 'input.modelId');
  const [partner] = await scope.tx.select({ id: partners.id }).from(partners).where(eq(partners.id, input.partnerId));
  if (!partner) throw notFound(`No partner with id "${input.partnerId}"; register it first`, 'input.partnerId');

  const status: OfftakeStatus = input.signedOn != null ? 'SIGNED' : 'NEGOTIATING';
  const on = input.signedOn ?? scope.today;
  const [row] = await scope.tx.insert(offtakeAgreements).values({
    id: options.id ?? `OA-${model.id}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`, modelId: model.id, communeCode: model.communeCode,
    partnerId: partner.id, product: input.product.trim(), volume: String(input.volume), unit: input.unit.trim(), pricePerUnit: input.pricePerUnit,
    periodStart: input.periodStart, periodEnd: input.periodEnd, status, statusOn: on, signedOn: input.signedOn ?? null,
    synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await scope.tx.insert(offtakeStatusChanges).values({ agreementId: row!.id, fromStatus: null, toStatus: status, effectiveOn: on, recordedBy: scope.actor });
  await scope.audit({ entity: 'OfftakeAgreement', entityKey: row!.id, before: null, after: row, units: [row!.communeCode] });
  return row!;
}

function lockAgreement(scope: WriteScope, id: string, field: string): Promise<AgreementRow> {
  return lockRow(scope.tx, offtakeAgreements, offtakeAgreements.id, id, 'offtake agreement', field);
}

/** Moves an agreement along its life cycle; a move the cycle does not have is a CONFLICT. */
export async function changeOfftakeStatus(scope: WriteScope, args: MutationChangeOfftakeStatusArgs): Promise<AgreementRow> {
  checkText(args.note, 'note', { max: 500, required: false });
  check(args.on <= scope.today, `on cannot be in the future (today is ${scope.today})`, 'on');
  const before = await lockAgreement(scope, args.id, 'id');
  checkVersion(before, args.expectedVersion, `Offtake agreement "${args.id}"`);
  const allowed = OFFTAKE_TRANSITIONS[before.status];
  if (!allowed.includes(args.status)) {
    throw conflict(allowed.length === 0
      ? `The agreement is ${before.status}, which is final`
      : `An agreement cannot go from ${before.status} to ${args.status}; from ${before.status} it goes to ${allowed.join(' or ')}`, 'status');
  }
  const [last] = await scope.tx.select({ on: offtakeStatusChanges.effectiveOn }).from(offtakeStatusChanges)
    .where(eq(offtakeStatusChanges.agreementId, before.id)).orderBy(desc(offtakeStatusChanges.effectiveOn), desc(offtakeStatusChanges.id)).limit(1);
  check(!last || args.on >= last.on, `on must not be before the agreement's last change (${last?.on})`, 'on');
  if (args.status === 'ACTIVE') {
    check(args.on >= before.periodStart && args.on <= before.periodEnd, `an agreement becomes ACTIVE within its period (${before.periodStart} to ${before.periodEnd})`, 'on');
  }
  const [after] = await scope.tx.update(offtakeAgreements).set({
    status: args.status, statusOn: args.on, version: before.version + 1, updatedAt: new Date(),
    ...(args.status === 'SIGNED' ? { signedOn: args.on } : {}),
  }).where(eq(offtakeAgreements.id, before.id)).returning();
  await scope.tx.insert(offtakeStatusChanges).values({
    agreementId: before.id, fromStatus: before.status, toStatus: args.status, effectiveOn: args.on, note: args.note?.trim() || null, recordedBy: scope.actor,
  });
  await scope.audit({ entity: 'OfftakeAgreement', entityKey: before.id, before, after, units: [before.communeCode] });
  return after!;
}

export interface RecordDeliveryArgs {
  agreementId: string;
  input: DeliveryInput;
}

/** Records one delivery under an ACTIVE agreement; the agreement's totals and the yearly figures follow (trigger). */
export async function recordDelivery(scope: WriteScope, args: RecordDeliveryArgs, options: RecordOptions = {}): Promise<DeliveryRow> {
  const { input } = args;
  checkQuantity(input.volume, 'input.volume', MAX_VOLUME, 'volume');
  checkPrice(input.pricePerUnit, 'input.pricePerUnit');
  check(input.date <= scope.today, `date cannot be in the future (today is ${scope.today})`, 'input.date');
  checkText(input.note, 'input.note', { max: 500, required: false });
  const agreement = await lockAgreement(scope, args.agreementId, 'agreementId');
  if (agreement.status !== 'ACTIVE') throw conflict(`Deliveries are recorded under ACTIVE agreements; this one is ${agreement.status}`, 'agreementId');
  check(input.date >= agreement.periodStart && input.date <= agreement.periodEnd,
    `date must fall within the agreement's period (${agreement.periodStart} to ${agreement.periodEnd})`, 'input.date');
  const [row] = await scope.tx.insert(offtakeDeliveries).values({
    id: options.id ?? `OD-${crypto.randomUUID().slice(0, 12).toUpperCase()}`, agreementId: agreement.id, communeCode: agreement.communeCode,
    deliveredOn: input.date, volume: String(input.volume), pricePerUnit: input.pricePerUnit, amount: Math.round(input.volume * input.pricePerUnit),
    note: input.note?.trim() || null, synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'OfftakeDelivery', entityKey: row!.id, before: null, after: row, units: [agreement.communeCode] });
  return row!;
}
