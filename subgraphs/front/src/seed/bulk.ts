import { plannedModels } from '@ntg/synthetic';
import { bulkInsert, type Db } from '@ntg/db';
import { addresseeLabel } from '../supervision/service';
import { findUnit } from '../units';
import { SEED_SUBJECT, seedIds } from './env';
import type { FrontProgramme } from './programme';

/** What the seed wrote, by kind of record. */
export type SeedCounts = {
  supervisions: number;
  recommendations: number;
  responses: number;
  resolutions: number;
  consultations: number;
  socialCriticisms: number;
  fundReceipts: number;
  fundSpending: number;
  commendations: number;
};

type Row = Record<string, unknown>;

/** The rows of each table, as the services would write them for the programme (seed.spec.ts checks that they do). */
export interface ProgrammeRows {
  supervisions: Row[];
  recommendations: Row[];
  recommendationEvents: Row[];
  consultations: Row[];
  socialCriticisms: Row[];
  criticismOpinions: Row[];
  funds: Row[];
  fundReceipts: Row[];
  fundSpendings: Row[];
  commendations: Row[];
}

const trimmedOrNull = (text: string | null | undefined) => text?.trim() || null;

/**
 * The programme's rows, made the way the services make them: the same numbered ids in the same order, the
 * model's commune for everything about a model, the committee's level from its unit, the recommendation's stored
 * status after its answer and resolution, and one history row per step. The inputs are not checked here: the
 * equality test runs them through the services, whose checks would refuse a bad one.
 */
export function programmeRows(programme: FrontProgramme, seed: number): ProgrammeRows {
  const newId = seedIds();
  const communeOf = new Map(plannedModels(seed).map((m) => [m.id, m.communeCode]));
  const modelCommune = (id: string) => {
    const commune = communeOf.get(id);
    if (!commune) throw new Error(`seed: model ${id} is not in the demo programme`);
    return commune;
  };
  const base = { synthetic: true, recorded_by: SEED_SUBJECT };
  const rows: ProgrammeRows = {
    supervisions: [], recommendations: [], recommendationEvents: [], consultations: [], socialCriticisms: [], criticismOpinions: [],
    funds: [], fundReceipts: [], fundSpendings: [], commendations: [],
  };

  for (const { input, followUps } of programme.supervisions) {
    const communeCode = modelCommune(input.modelId!);
    const supervisionId = newId('SV');
    rows.supervisions.push({
      id: supervisionId, level: input.level, commune_code: communeCode, model_id: input.modelId, supervised_on: input.date,
      subject: input.subject.trim(), findings: input.findings.trim(), ...base,
    });
    input.recommendations.forEach((recommendation, i) => {
      const id = newId('RC');
      const { response, resolution } = followUps[i]!;
      rows.recommendations.push({
        id, supervision_id: supervisionId, commune_code: communeCode, text: recommendation.text.trim(),
        addressed_to: recommendation.addressedTo?.trim() || addresseeLabel(recommendation.addressee.department, recommendation.addressee.area),
        addressee_department: recommendation.addressee.department, addressee_area: recommendation.addressee.area, due_date: recommendation.dueDate,
        status: resolution ? 'RESOLVED' : response ? 'RESPONDED' : 'OPEN', response: response?.text.trim() ?? null, responded_on: response?.on ?? null,
        resolved_on: resolution?.on ?? null, resolution_note: trimmedOrNull(resolution?.note), synthetic: true,
      });
      const event = (from: string | null, to: string, on: string, note: string | null) =>
        rows.recommendationEvents.push({ recommendation_id: id, from_status: from, to_status: to, effective_on: on, note, recorded_by: SEED_SUBJECT });
      event(null, 'OPEN', input.date, null);
      if (response) event('OPEN', 'RESPONDED', response.on, response.text.trim());
      if (resolution) event(response ? 'RESPONDED' : 'OPEN', 'RESOLVED', resolution.on, trimmedOrNull(resolution.note));
    });
  }
  for (const input of programme.consultations) {
    rows.consultations.push({
      id: newId('CS'), model_id: input.modelId, commune_code: modelCommune(input.modelId), held_on: input.date, participants: input.participants,
      agree: input.agree, disagree: input.disagree, abstain: input.abstain, minutes: trimmedOrNull(input.minutes), ...base,
    });
  }
  for (const input of programme.criticisms) {
    const id = newId('PB');
    rows.socialCriticisms.push({
      id, level: findUnit(input.unitCode)!.level, unit_code: input.unitCode, place_code: input.modelId ? modelCommune(input.modelId) : input.unitCode,
      model_id: input.modelId ?? null, held_on: input.date, subject: input.subject.trim(), document_ref: trimmedOrNull(input.documentRef),
      outcome: input.outcome, conclusion: input.conclusion.trim(), ...base,
    });
    input.opinions.forEach((o, i) => rows.criticismOpinions.push({ criticism_id: id, position: i + 1, given_by: o.by.trim(), stance: o.stance, text: o.text.trim() }));
  }
  const fundUnits = [...new Set(programme.receipts.map((r) => r.fundUnitCode))];
  rows.funds.push(...fundUnits.map((code) => ({ unit_code: code, level: findUnit(code)!.level })));
  for (const input of programme.receipts) {
    rows.fundReceipts.push({
      id: newId('FR'), unit_code: input.fundUnitCode, received_on: input.date, donor: input.donor.trim(), kind: input.kind, value: input.value,
      description: trimmedOrNull(input.description), ...base,
    });
  }
  for (const input of programme.spending) {
    rows.fundSpendings.push({
      id: newId('FS'), unit_code: input.fundUnitCode, spent_on: input.date, amount: input.amount, purpose: input.purpose.trim(),
      household_id: input.householdId ?? null, model_id: input.modelId ?? null, commune_code: modelCommune(input.modelId!), ...base,
    });
  }
  for (const input of programme.commendations) {
    const communeCode = input.modelId ? modelCommune(input.modelId) : input.communeCode ?? null;
    rows.commendations.push({
      id: newId('KT'), level: findUnit(input.unitCode)!.level, unit_code: input.unitCode, place_code: communeCode ?? input.unitCode,
      commune_code: communeCode, model_id: input.modelId ?? null, awarded_on: input.date, recipient: input.recipient.trim(),
      recipient_kind: input.recipientKind, reason: input.reason.trim(), ...base,
    });
  }
  return rows;
}

export function countsOf(rows: ProgrammeRows): SeedCounts {
  return {
    supervisions: rows.supervisions.length,
    recommendations: rows.recommendations.length,
    responses: rows.recommendationEvents.filter((e) => e.to_status === 'RESPONDED').length,
    resolutions: rows.recommendationEvents.filter((e) => e.to_status === 'RESOLVED').length,
    consultations: rows.consultations.length,
    socialCriticisms: rows.socialCriticisms.length,
    fundReceipts: rows.fundReceipts.length,
    fundSpending: rows.fundSpendings.length,
    commendations: rows.commendations.length,
  };
}

const SYNTHETIC = { synthetic: 'boolean', recorded_by: 'text' } as const;

/** Writes the rows in one statement per table (the rollup triggers count them as they go in). */
export async function writeProgrammeRows(tx: Db, rows: ProgrammeRows): Promise<void> {
  await bulkInsert(tx, 'front.supervisions', {
    id: 'text', level: 'text', commune_code: 'text', model_id: 'text', supervised_on: 'date', subject: 'text', findings: 'text', ...SYNTHETIC,
  }, rows.supervisions);
  await bulkInsert(tx, 'front.recommendations', {
    id: 'text', supervision_id: 'text', commune_code: 'text', text: 'text', addressed_to: 'text', addressee_department: 'text', addressee_area: 'text',
    due_date: 'date', status: 'text', response: 'text', responded_on: 'date', resolved_on: 'date', resolution_note: 'text', synthetic: 'boolean',
  }, rows.recommendations);
  await bulkInsert(tx, 'front.recommendation_events', {
    recommendation_id: 'text', from_status: 'text', to_status: 'text', effective_on: 'date', note: 'text', recorded_by: 'text',
  }, rows.recommendationEvents);
  await bulkInsert(tx, 'front.consultations', {
    id: 'text', model_id: 'text', commune_code: 'text', held_on: 'date', participants: 'int', agree: 'int', disagree: 'int', abstain: 'int', minutes: 'text', ...SYNTHETIC,
  }, rows.consultations);
  await bulkInsert(tx, 'front.social_criticisms', {
    id: 'text', level: 'text', unit_code: 'text', place_code: 'text', model_id: 'text', held_on: 'date', subject: 'text', document_ref: 'text',
    outcome: 'text', conclusion: 'text', ...SYNTHETIC,
  }, rows.socialCriticisms);
  await bulkInsert(tx, 'front.criticism_opinions', { criticism_id: 'text', position: 'int', given_by: 'text', stance: 'text', text: 'text' }, rows.criticismOpinions);
  await bulkInsert(tx, 'front.funds', { unit_code: 'text', level: 'text' }, rows.funds);
  await bulkInsert(tx, 'front.fund_receipts', {
    id: 'text', unit_code: 'text', received_on: 'date', donor: 'text', kind: 'text', value: 'bigint', description: 'text', ...SYNTHETIC,
  }, rows.fundReceipts);
  await bulkInsert(tx, 'front.fund_spendings', {
    id: 'text', unit_code: 'text', spent_on: 'date', amount: 'bigint', purpose: 'text', household_id: 'text', model_id: 'text', commune_code: 'text', ...SYNTHETIC,
  }, rows.fundSpendings);
  await bulkInsert(tx, 'front.commendations', {
    id: 'text', level: 'text', unit_code: 'text', place_code: 'text', commune_code: 'text', model_id: 'text', awarded_on: 'date', recipient: 'text',
    recipient_kind: 'text', reason: 'text', ...SYNTHETIC,
  }, rows.commendations);
}
