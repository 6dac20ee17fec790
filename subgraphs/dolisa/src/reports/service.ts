import { createHash } from 'node:crypto';
import { asc, between, desc, eq } from 'drizzle-orm';
import { check, type WriteScope } from '@ntg/subgraph-kit';
import type { Database } from '@ntg/db';
import { monthlyReports } from '../db/schema';

export type MonthlyReportRow = typeof monthlyReports.$inferSelect;

/** Largest snapshot accepted (the province's answer is a few hundred kB at most). */
export const MAX_SNAPSHOT_BYTES = 5_000_000;

/**
 * Stores a month's report as the graph answered it: the snapshot text unchanged, its SHA-256, who and when. A month
 * already submitted gets the next version (the month's rows are locked so two submissions cannot take the same one).
 */
export async function submitMonthlyReport(scope: WriteScope, args: { month: string; snapshot: string }): Promise<MonthlyReportRow> {
  check(Buffer.byteLength(args.snapshot) <= MAX_SNAPSHOT_BYTES, `snapshot must be at most ${MAX_SNAPSHOT_BYTES} bytes`, 'snapshot');
  let parsed: unknown;
  try {
    parsed = JSON.parse(args.snapshot);
  } catch {
    parsed = undefined;
  }
  check(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), 'snapshot must be the JSON object the report operation answered', 'snapshot');
  const { tx } = scope;
  const [last] = await tx.select().from(monthlyReports).where(eq(monthlyReports.month, args.month)).orderBy(desc(monthlyReports.version)).limit(1).for('update');
  const [row] = await tx.insert(monthlyReports).values({
    month: args.month, version: (last?.version ?? 0) + 1, snapshot: args.snapshot,
    contentHash: createHash('sha256').update(args.snapshot).digest('hex'), submittedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'MonthlyReport', entityKey: `${row!.month}/v${row!.version}`, before: null, after: { ...row!, snapshot: `${row!.contentHash} (sha256)` } });
  return row!;
}

/** Every submitted version of the year's months. */
export function monthlyReportsOf(db: Database['db'], year: number): Promise<MonthlyReportRow[]> {
  return db.select().from(monthlyReports).where(between(monthlyReports.month, `${year}-01`, `${year}-12`))
    .orderBy(asc(monthlyReports.month), asc(monthlyReports.version));
}
