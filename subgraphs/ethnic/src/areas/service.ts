import { sql } from 'drizzle-orm';
import { findCommune } from '@ntg/admin-units';
import { check, checkText, checkYear, conflict, type WriteScope } from '@ntg/subgraph-kit';
import { ethnicAreaHistory } from '../db/schema';
import type { MutationReclassifyEthnicAreaArgs } from '../generated/types';
import { latestDecision, type EthnicAreaClassificationRow } from './loaders';

/** What the audit trail keeps of a decision. */
function snapshotOf(row: EthnicAreaClassificationRow) {
  return { communeCode: row.communeCode, area: row.area, decision: row.decision, effectiveOn: row.effectiveOn };
}

/**
 * Records a decision classifying a commune from `effectiveOn`. Append-only: the decision in force until then is
 * not touched (its validity ends where this one's begins, derived when read), so every past date answers as it did.
 * A new decision must take effect after the commune's latest one: the history only grows at its end.
 */
export async function reclassifyEthnicArea(scope: WriteScope, args: MutationReclassifyEthnicAreaArgs): Promise<EthnicAreaClassificationRow> {
  check(findCommune(args.communeCode) !== undefined, `"${args.communeCode}" is not a commune of Ninh Thuận`, 'communeCode');
  checkText(args.decision, 'decision', { max: 120 });
  checkYear(Number(args.effectiveOn.slice(0, 4)), 'effectiveOn');
  const decision = args.decision.trim();
  // Two officers classifying the same commune take turns: the second sees the first one's decision.
  await scope.tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ethnic.ethnic_area_history:${args.communeCode}`}))`);
  const previous = await latestDecision(scope.tx, args.communeCode);
  if (previous && args.effectiveOn <= previous.effectiveOn) {
    throw conflict(
      `Commune ${args.communeCode}'s latest decision (${previous.decision}) takes effect on ${previous.effectiveOn}; a new decision must take effect after it`,
      'effectiveOn',
    );
  }
  await scope.tx.insert(ethnicAreaHistory).values({
    communeCode: args.communeCode, area: args.area, decision, effectiveOn: args.effectiveOn, recordedBy: scope.actor,
  });
  const recorded = (await latestDecision(scope.tx, args.communeCode))!;
  await scope.audit({
    entity: 'EthnicAreaClassification', entityKey: `${args.communeCode}/${args.effectiveOn}`,
    before: previous ? snapshotOf(previous) : null, after: snapshotOf(recorded),
  });
  return recorded;
}
