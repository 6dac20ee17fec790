import { checkNotFuture, checkText, type WriteScope } from '@ntg/subgraph-kit';
import { visits } from '../db/schema';
import type { __Dept__VisitInput } from '../generated/types';
import type { VisitRow } from './loaders';

/** Records a visit; the policy has checked the officer's area. */
export async function recordVisit(scope: WriteScope, input: __Dept__VisitInput): Promise<VisitRow> {
  checkNotFuture(input.date, scope.today, 'input.date');
  checkText(input.purpose, 'input.purpose', { max: 500 });
  const [row] = await scope.tx.insert(visits).values({
    id: `VIS-${input.communeCode}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`,
    communeCode: input.communeCode, visitedOn: input.date, purpose: input.purpose.trim(), recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: '__Dept__Visit', entityKey: row!.id, before: null, after: row });
  return row!;
}
