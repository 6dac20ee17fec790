import { eq } from 'drizzle-orm';
import type { Db } from '@ntg/db';
import { check, checkText, conflict, isIsoDate, lockRow, notFound, type WriteScope } from '@ntg/subgraph-kit';
import { recommendationEvents, recommendations, supervisions } from '../db/schema';
import type {
  Department, FrontLevel, MutationAddRecommendationArgs, MutationResolveRecommendationArgs, MutationRespondToRecommendationArgs,
  RecommendationInput, RecordSupervisionInput,
} from '../generated/types';
import { requireModel, type FrontWriteEnv, type Lookups } from '../lookups';
import { checkDay } from '../validation';
import { committeeUnit, requireCommune, requireUnit } from '../units';
import { toRecommendation, type Recommendation, type Supervision } from './loaders';

/** At most this many recommendations with one recordSupervision; more are added one by one. */
export const MAX_RECOMMENDATIONS_PER_CALL = 20;

type SupervisionRow = typeof supervisions.$inferSelect;
type RecommendationRow = typeof recommendations.$inferSelect;

/** How the programme's departments are called in the addressee's default label. */
const DEPARTMENT_OFFICE: Record<Department, string> = {
  DOLISA: 'Lao động - Thương binh và Xã hội',
  AGRICULTURE: 'Nông nghiệp và Phát triển nông thôn',
  FINANCE: 'Tài chính',
  ETHNIC: 'Dân tộc',
  FRONT: 'Mặt trận Tổ quốc',
  PROVINCE: 'Ủy ban nhân dân',
};

/** "Phòng Lao động - Thương binh và Xã hội (Huyện Bác Ái)": the office as it would be written, when none is given. */
export function addresseeLabel(department: Department, area: string): string {
  const unit = requireUnit(area, 'addressee.area');
  return department === 'PROVINCE' ? `${DEPARTMENT_OFFICE.PROVINCE} ${unit.name}` : `${DEPARTMENT_OFFICE[department]} (${unit.name})`;
}

export function toSupervision(row: SupervisionRow): Supervision {
  return {
    id: row.id, level: row.level, date: row.supervisedOn, subject: row.subject, findings: row.findings,
    communeCode: row.communeCode, modelId: row.modelId, synthetic: row.synthetic,
  };
}

/**
 * Where a supervision takes place: the model's commune (looked up through the graph), or the commune named.
 * Shared by the policy (which committee's area it falls in) and the service.
 */
export async function supervisionPlace(input: Pick<RecordSupervisionInput, 'modelId' | 'communeCode'>, lookups: Lookups): Promise<{ communeCode: string; modelId: string | null }> {
  if (input.modelId != null) {
    const model = await requireModel(lookups, input.modelId, 'input.modelId');
    if (input.communeCode != null) {
      requireCommune(input.communeCode, 'input.communeCode');
      check(input.communeCode === model.communeCode, `model ${model.id} is in commune ${model.communeCode}, not ${input.communeCode}`, 'input.communeCode');
    }
    return { communeCode: model.communeCode, modelId: model.id };
  }
  check(input.communeCode != null, 'give the model supervised (modelId) or the commune (communeCode)', 'input.modelId');
  return { communeCode: requireCommune(input.communeCode, 'input.communeCode'), modelId: null };
}

/** The unit of the committee that carried a supervision out: the area a writer must cover. */
export function supervisionArea(level: FrontLevel, communeCode: string): string {
  return committeeUnit(level, communeCode);
}

/** A supervision and its recommendations; the commune is the model's when it is of a model. */
export async function recordSupervision(scope: WriteScope, input: RecordSupervisionInput, env: FrontWriteEnv): Promise<Supervision> {
  return (await recordSupervisionWithRecommendations(scope, input, env)).supervision;
}

/** recordSupervision, also returning the recommendations made, in the order given (the seed follows them up). */
export async function recordSupervisionWithRecommendations(
  scope: WriteScope, input: RecordSupervisionInput, env: FrontWriteEnv,
): Promise<{ supervision: Supervision; recommendations: Recommendation[] }> {
  checkDay(input.date, scope.today, 'input.date');
  checkText(input.subject, 'input.subject', { max: 500 });
  checkText(input.findings, 'input.findings', { max: 4000 });
  const made = input.recommendations ?? [];
  check(made.length <= MAX_RECOMMENDATIONS_PER_CALL, `at most ${MAX_RECOMMENDATIONS_PER_CALL} recommendations at once; add more with addRecommendation`, 'input.recommendations');
  const place = await supervisionPlace(input, env.lookups);
  const [row] = await scope.tx.insert(supervisions).values({
    id: env.newId('SV'), level: input.level, communeCode: place.communeCode, modelId: place.modelId, supervisedOn: input.date,
    subject: input.subject.trim(), findings: input.findings.trim(), synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Supervision', entityKey: row!.id, before: null, after: row });
  const recommendationRows: Recommendation[] = [];
  for (const [i, recommendation] of made.entries()) {
    recommendationRows.push(toRecommendation(await insertRecommendation(scope, row!, recommendation, env, `input.recommendations.${i}`), scope.today));
  }
  return { supervision: toSupervision(row!), recommendations: recommendationRows };
}

/** Adds a recommendation to a recorded supervision. */
export async function addRecommendation(scope: WriteScope, args: MutationAddRecommendationArgs, env: FrontWriteEnv): Promise<Recommendation> {
  const supervision = await lockRow(scope.tx, supervisions, supervisions.id, args.supervisionId, 'supervision', 'supervisionId');
  return toRecommendation(await insertRecommendation(scope, supervision, args.input, env, 'input'), scope.today);
}

async function insertRecommendation(scope: WriteScope, supervision: SupervisionRow, input: RecommendationInput, env: FrontWriteEnv, path: string): Promise<RecommendationRow> {
  checkText(input.text, `${path}.text`, { max: 2000 });
  checkText(input.addressedTo, `${path}.addressedTo`, { max: 300, required: false });
  const area = requireUnit(input.addressee.area, `${path}.addressee.area`);
  check(isIsoDate(input.dueDate) && input.dueDate >= supervision.supervisedOn, `dueDate must be on or after the supervision (${supervision.supervisedOn})`, `${path}.dueDate`);
  const [row] = await scope.tx.insert(recommendations).values({
    id: env.newId('RC'), supervisionId: supervision.id, communeCode: supervision.communeCode, text: input.text.trim(),
    addressedTo: input.addressedTo?.trim() || addresseeLabel(input.addressee.department, area.code),
    addresseeDepartment: input.addressee.department, addresseeArea: area.code, dueDate: input.dueDate, status: 'OPEN',
    synthetic: env.synthetic,
  }).returning();
  // Made at the supervision, whenever it is entered.
  await scope.tx.insert(recommendationEvents).values({ recommendationId: row!.id, fromStatus: null, toStatus: 'OPEN', effectiveOn: supervision.supervisedOn, recordedBy: scope.actor });
  await scope.audit({ entity: 'Recommendation', entityKey: row!.id, before: null, after: row });
  return row!;
}

/** The recommendation locked for a change, with the day of its supervision. */
// Locks the recommendation and its supervision row (Postgres cannot name a schema-qualified table in FOR UPDATE OF).
export async function lockRecommendation(tx: Db, id: string): Promise<RecommendationRow & { supervisedOn: string; supervisionLevel: FrontLevel }> {
  const [found] = await tx.select({ recommendation: recommendations, supervisedOn: supervisions.supervisedOn, level: supervisions.level })
    .from(recommendations).innerJoin(supervisions, eq(supervisions.id, recommendations.supervisionId))
    .where(eq(recommendations.id, id)).for('update');
  if (!found) throw notFound(`No recommendation with id "${id}"`, 'id');
  return { ...found.recommendation, supervisedOn: found.supervisedOn, supervisionLevel: found.level };
}

/** The addressee answers: OPEN (shown OVERDUE or not) becomes RESPONDED. */
export async function respondToRecommendation(scope: WriteScope, args: MutationRespondToRecommendationArgs): Promise<Recommendation> {
  checkText(args.response, 'response', { max: 4000 });
  checkDay(args.respondedOn, scope.today, 'respondedOn');
  const before = await lockRecommendation(scope.tx, args.id);
  if (before.status !== 'OPEN') {
    throw conflict(`Recommendation "${args.id}" is already ${before.status} (answered on ${before.respondedOn ?? before.resolvedOn}); the Front resolves or follows it up`, 'id');
  }
  check(args.respondedOn >= before.supervisedOn, `respondedOn is before the supervision that made it (${before.supervisedOn})`, 'respondedOn');
  const [updated] = await scope.tx.update(recommendations)
    .set({ status: 'RESPONDED', response: args.response.trim(), respondedOn: args.respondedOn })
    .where(eq(recommendations.id, args.id)).returning();
  await scope.tx.insert(recommendationEvents).values({
    recommendationId: args.id, fromStatus: 'OPEN', toStatus: 'RESPONDED', effectiveOn: args.respondedOn, note: args.response.trim(), recordedBy: scope.actor,
  });
  await scope.audit({ entity: 'Recommendation', entityKey: args.id, before: withoutJoin(before), after: updated });
  return toRecommendation(updated!, scope.today);
}

/** The Front confirms a recommendation settled, answered or not. */
export async function resolveRecommendation(scope: WriteScope, args: MutationResolveRecommendationArgs): Promise<Recommendation> {
  checkText(args.note, 'note', { max: 2000, required: false });
  checkDay(args.resolvedOn, scope.today, 'resolvedOn');
  const before = await lockRecommendation(scope.tx, args.id);
  if (before.status === 'RESOLVED') throw conflict(`Recommendation "${args.id}" was already resolved on ${before.resolvedOn}`, 'id');
  const earliest = before.respondedOn ?? before.supervisedOn;
  check(args.resolvedOn >= earliest, `resolvedOn is before ${before.respondedOn ? 'the answer' : 'the supervision'} (${earliest})`, 'resolvedOn');
  const note = args.note?.trim() || null;
  const [updated] = await scope.tx.update(recommendations)
    .set({ status: 'RESOLVED', resolvedOn: args.resolvedOn, resolutionNote: note })
    .where(eq(recommendations.id, args.id)).returning();
  await scope.tx.insert(recommendationEvents).values({
    recommendationId: args.id, fromStatus: before.status, toStatus: 'RESOLVED', effectiveOn: args.resolvedOn, note, recordedBy: scope.actor,
  });
  await scope.audit({ entity: 'Recommendation', entityKey: args.id, before: withoutJoin(before), after: updated });
  return toRecommendation(updated!, scope.today);
}

function withoutJoin<T extends { supervisedOn: string; supervisionLevel: FrontLevel }>({ supervisedOn: _d, supervisionLevel: _l, ...row }: T) {
  return row;
}
