import { eq } from 'drizzle-orm';
import { badUserInput, check, checkNotFuture, checkText, conflict, type WriteScope } from '@ntg/subgraph-kit';
import { guidanceDocuments } from '../db/schema';
import type { FundingGuidanceInput, FundingGuidanceStatus } from '../generated/types';

export type GuidanceRow = typeof guidanceDocuments.$inferSelect;

/** The coordination plan the guidance serves (DOMAIN.md), the schema's default. */
export const PLAN_CODE = '249/KHPH-UBND-MTTQ';

/** Where a document stands on `today`: from its dates alone, so it is computed when read and never stored. */
export function guidanceStatus(row: Pick<GuidanceRow, 'dueDate' | 'issuedOn'>, today: string): FundingGuidanceStatus {
  if (row.issuedOn) return row.issuedOn <= row.dueDate ? 'ISSUED_ON_TIME' : 'ISSUED_LATE';
  return today > row.dueDate ? 'OVERDUE' : 'DUE';
}

/**
 * Lists a guidance document the plan asks for, or records the issue of one already listed (once: a second issue
 * is a CONFLICT, and the title and due date, being the plan's, do not change).
 */
export async function recordFundingGuidance(scope: WriteScope, input: FundingGuidanceInput, options: { synthetic?: boolean } = {}): Promise<GuidanceRow> {
  const planCode = input.planCode ?? PLAN_CODE;
  checkText(input.id, 'input.id', { max: 60 });
  checkText(planCode, 'input.planCode', { max: 60 });
  checkText(input.title, 'input.title', { max: 500, required: false });
  checkText(input.documentNumber, 'input.documentNumber', { max: 100, required: false });
  checkText(input.note, 'input.note', { max: 1000, required: false });
  if (input.issuedOn) checkNotFuture(input.issuedOn, scope.today, 'input.issuedOn');
  check(!input.documentNumber || Boolean(input.issuedOn), 'a document number comes with the issue date (issuedOn)', 'input.issuedOn');
  const [before] = await scope.tx.select().from(guidanceDocuments).where(eq(guidanceDocuments.id, input.id)).for('update');
  if (!before) {
    if (!input.title) throw badUserInput('A new guidance document needs a title', 'input.title');
    if (!input.dueDate) throw badUserInput('A new guidance document needs the due date the plan sets', 'input.dueDate');
    const [row] = await scope.tx.insert(guidanceDocuments).values({
      id: input.id, planCode, title: input.title.trim(), dueDate: input.dueDate, issuedOn: input.issuedOn ?? null,
      documentNumber: input.documentNumber?.trim() ?? null, note: input.note?.trim() ?? null, synthetic: options.synthetic ?? false, recordedBy: scope.actor,
    }).returning();
    await scope.audit({ entity: 'FundingGuidance', entityKey: input.id, before: null, after: row });
    return row!;
  }
  check(planCode === before.planCode, `Guidance "${input.id}" belongs to plan ${before.planCode}`, 'input.planCode');
  check(!input.title || input.title.trim() === before.title, 'The title of a listed guidance document does not change', 'input.title');
  check(!input.dueDate || input.dueDate === before.dueDate, `The due date is the plan's (${before.dueDate}) and does not change`, 'input.dueDate');
  if (before.issuedOn) throw conflict(`Guidance "${input.id}" was already issued on ${before.issuedOn}`, 'input.id');
  if (!input.issuedOn) throw badUserInput(`Guidance "${input.id}" is listed already: give issuedOn to record its issue`, 'input.issuedOn');
  const [after] = await scope.tx.update(guidanceDocuments).set({
    issuedOn: input.issuedOn, documentNumber: input.documentNumber?.trim() ?? null, note: input.note?.trim() ?? before.note,
    ...(options.synthetic ? { synthetic: true } : {}), updatedAt: new Date(),
  }).where(eq(guidanceDocuments.id, before.id)).returning();
  await scope.audit({ entity: 'FundingGuidance', entityKey: input.id, before, after });
  return after!;
}
