import { check, checkText, type WriteScope } from '@ntg/subgraph-kit';
import { consultations } from '../db/schema';
import type { RecordConsultationInput } from '../generated/types';
import { requireModel, type FrontWriteEnv } from '../lookups';
import { checkDay } from '../validation';
import type { ConsultationRow } from './loaders';

export const MAX_PARTICIPANTS = 100_000;

/** A consultation of the people on a model; its counts must add up to the participants. */
export async function recordConsultation(scope: WriteScope, input: RecordConsultationInput, env: FrontWriteEnv): Promise<ConsultationRow> {
  checkDay(input.date, scope.today, 'input.date');
  check(Number.isInteger(input.participants) && input.participants >= 1 && input.participants <= MAX_PARTICIPANTS,
    `participants must be between 1 and ${MAX_PARTICIPANTS}`, 'input.participants');
  for (const field of ['agree', 'disagree', 'abstain'] as const) {
    check(Number.isInteger(input[field]) && input[field] >= 0, `${field} must be a count of people (0 or more)`, `input.${field}`);
  }
  const counted = input.agree + input.disagree + input.abstain;
  check(counted === input.participants,
    `agree + disagree + abstain (${input.agree} + ${input.disagree} + ${input.abstain} = ${counted}) must equal participants (${input.participants})`, 'input.participants');
  checkText(input.minutes, 'input.minutes', { max: 4000, required: false });
  const model = await requireModel(env.lookups, input.modelId, 'input.modelId');
  const [row] = await scope.tx.insert(consultations).values({
    id: env.newId('CS'), modelId: model.id, communeCode: model.communeCode, heldOn: input.date, participants: input.participants,
    agree: input.agree, disagree: input.disagree, abstain: input.abstain, minutes: input.minutes?.trim() || null,
    synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Consultation', entityKey: row!.id, before: null, after: row });
  return row!;
}
