import { count } from 'drizzle-orm';
import { bulkInsert, type Database } from '@ntg/db';
import type { SeedOptions } from '@ntg/subgraph-kit';
import { allocations } from '../db/schema';
import { generateAllocations } from './generate';

/**
 * Writes Finance's part of the demo programme when there is no allocation yet; every row is flagged synthetic.
 * The funding sources are reference data from a migration. Row counts are per planned model, so `scale` does
 * not apply.
 */
export async function seedFinance(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  const { db } = database;
  const [existing] = await db.select({ n: count() }).from(allocations);
  if ((existing?.n ?? 0) > 0) return {};

  const rows = generateAllocations(options.seed);
  await bulkInsert(db, 'finance.allocations', {
    id: 'text', source_code: 'text', model_id: 'text', commune_code: 'text', year: 'int',
    approved: 'bigint', disbursed: 'bigint', settled: 'bigint', synthetic: 'boolean',
  }, rows.map((a) => ({
    id: a.id, source_code: a.sourceCode, model_id: a.modelId, commune_code: a.communeCode, year: a.year,
    approved: a.approved, disbursed: a.disbursed, settled: a.settled, synthetic: true,
  })));
  return { allocations: rows.length };
}
