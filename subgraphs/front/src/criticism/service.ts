import { check, checkText, type WriteScope } from '@ntg/subgraph-kit';
import { criticismOpinions, socialCriticisms } from '../db/schema';
import type { RecordSocialCriticismInput } from '../generated/types';
import { requireModel, type FrontWriteEnv } from '../lookups';
import { checkDay } from '../validation';
import { requireUnit, unitCovers } from '../units';
import type { SocialCriticismRow } from './loaders';

export const MAX_OPINIONS = 100;

/** A social criticism session on a draft document or a model, with its opinions, in one write. */
export async function recordSocialCriticism(scope: WriteScope, input: RecordSocialCriticismInput, env: FrontWriteEnv): Promise<SocialCriticismRow> {
  const unit = requireUnit(input.unitCode, 'input.unitCode');
  checkDay(input.date, scope.today, 'input.date');
  checkText(input.subject, 'input.subject', { max: 500 });
  checkText(input.documentRef, 'input.documentRef', { max: 300, required: false });
  checkText(input.conclusion, 'input.conclusion', { max: 4000 });
  check(input.documentRef != null || input.modelId != null, 'a session is on a draft document (documentRef) or a livelihood model (modelId)', 'input.documentRef');
  check(input.opinions.length >= 1 && input.opinions.length <= MAX_OPINIONS, `record between 1 and ${MAX_OPINIONS} opinions`, 'input.opinions');
  input.opinions.forEach((opinion, i) => {
    checkText(opinion.by, `input.opinions.${i}.by`, { max: 300 });
    checkText(opinion.text, `input.opinions.${i}.text`, { max: 4000 });
  });
  const model = input.modelId != null ? await requireModel(env.lookups, input.modelId, 'input.modelId') : null;
  if (model) check(unitCovers(unit.code, model.communeCode), `model ${model.id} is in commune ${model.communeCode}, outside ${unit.name}`, 'input.modelId');
  const [row] = await scope.tx.insert(socialCriticisms).values({
    id: env.newId('PB'), level: unit.level, unitCode: unit.code, placeCode: model?.communeCode ?? unit.code, modelId: model?.id ?? null,
    heldOn: input.date, subject: input.subject.trim(), documentRef: input.documentRef?.trim() || null, outcome: input.outcome,
    conclusion: input.conclusion.trim(), synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  const opinions = input.opinions.map((o, i) => ({ criticismId: row!.id, position: i + 1, givenBy: o.by.trim(), stance: o.stance, text: o.text.trim() }));
  await scope.tx.insert(criticismOpinions).values(opinions);
  await scope.audit({ entity: 'SocialCriticism', entityKey: row!.id, before: null, after: { ...row, opinions } });
  return row!;
}
