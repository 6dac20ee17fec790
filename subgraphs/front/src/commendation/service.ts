import { check, checkText, type WriteScope } from '@ntg/subgraph-kit';
import { commendations } from '../db/schema';
import type { CommendInput } from '../generated/types';
import { requireModel, type FrontWriteEnv } from '../lookups';
import { requireCommune, requireUnit, unitCovers } from '../units';
import { checkDay } from '../validation';
import type { CommendationRow } from './loaders';

/**
 * A commendation by the committee of `unitCode`, optionally for a model or a commune of its unit. Whether DOLISA
 * rates the model effective is not checked here: that rule spans departments, so it is a flag shown on the model.
 */
export async function commend(scope: WriteScope, input: CommendInput, env: FrontWriteEnv): Promise<CommendationRow> {
  const unit = requireUnit(input.unitCode, 'input.unitCode');
  checkDay(input.date, scope.today, 'input.date');
  checkText(input.recipient, 'input.recipient', { max: 300 });
  checkText(input.reason, 'input.reason', { max: 2000 });
  const model = input.modelId != null ? await requireModel(env.lookups, input.modelId, 'input.modelId') : null;
  if (input.communeCode != null) {
    requireCommune(input.communeCode, 'input.communeCode');
    if (model) check(input.communeCode === model.communeCode, `model ${model.id} is in commune ${model.communeCode}, not ${input.communeCode}`, 'input.communeCode');
  }
  const communeCode = model?.communeCode ?? input.communeCode ?? null;
  if (communeCode) {
    check(unitCovers(unit.code, communeCode), `commune ${communeCode} lies outside ${unit.name}, whose committee commends`, model ? 'input.modelId' : 'input.communeCode');
  }
  const [row] = await scope.tx.insert(commendations).values({
    id: env.newId('KT'), level: unit.level, unitCode: unit.code, placeCode: communeCode ?? unit.code, communeCode, modelId: model?.id ?? null,
    awardedOn: input.date, recipient: input.recipient.trim(), recipientKind: input.recipientKind, reason: input.reason.trim(),
    synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Commendation', entityKey: row!.id, before: null, after: row });
  return row!;
}
