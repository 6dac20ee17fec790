import type { Db } from '@ntg/db';
import { badUserInput, conflict, recordAudit, requireCaller, todayInVietnam } from '@ntg/subgraph-kit';
import type { DolisaContext } from './context';
import { auditLog } from './db/schema';

/** Who is writing: recorded beside every change. */
export function actor(ctx: DolisaContext): string | null {
  return ctx.caller?.subject ?? null;
}

/**
 * Records a successful change in the audit trail, inside the mutation's transaction: the entry commits with
 * the change or not at all.
 */
export async function audit(tx: Db, ctx: DolisaContext, entry: { operation: string; entity: string; entityKey: string; before: unknown; after: unknown }): Promise<void> {
  await recordAudit(tx, auditLog, { caller: requireCaller(ctx), ...entry });
}

/** Postgres unique violation, raised when a concurrent write won the race the pre-check could not see. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Runs one mutation in one transaction: any error rolls everything back, so a failed write leaves the
 * database exactly as before. A unique violation becomes CONFLICT.
 */
export async function inTransaction<T>(ctx: DolisaContext, work: (tx: Db) => Promise<T>, conflictMessage = 'A concurrent change made this one conflict; reload and retry'): Promise<T> {
  try {
    return await ctx.database.db.transaction((tx) => work(tx as unknown as Db));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(conflictMessage);
    throw error;
  }
}

/** Collects input checks so a caller sees the first offending field by its path. */
export function check(condition: boolean, message: string, field: string): void {
  if (!condition) throw badUserInput(message, field);
}

export function checkText(value: string | null | undefined, field: string, { max = 200, required = true } = {}): void {
  if (value == null) {
    check(!required, `${field} is required`, field);
    return;
  }
  check(value.trim().length > 0, `${field} must not be blank`, field);
  check(value.length <= max, `${field} is longer than ${max} characters`, field);
}

export function checkYear(year: number, field: string): void {
  check(year >= 2000 && year <= 2100, `${field} must be a calendar year between 2000 and 2100`, field);
}

/** Dates are checked against the province's calendar (UTC+7), not the server's. */
export function today(): string {
  return todayInVietnam();
}
