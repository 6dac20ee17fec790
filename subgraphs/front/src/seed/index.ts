import { sql } from 'drizzle-orm';
import type { Database, Db } from '@ntg/db';
import type { SeedOptions } from '@ntg/subgraph-kit';
import { countsOf, programmeRows, writeProgrammeRows, type SeedCounts } from './bulk';
import { generateFrontProgramme } from './programme';

const TABLES = ['supervisions', 'consultations', 'social_criticisms', 'fund_receipts', 'commendations'] as const;

async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ n: number }>(sql.raw(`select (${TABLES.map((t) => `(select count(*) from front.${t})`).join(' + ')})::int as n`));
  return (row?.n ?? 0) === 0;
}

/**
 * Writes the Front's synthetic demo data when its tables are empty, in one transaction, through the bulk path:
 * the rows the services would write (seed.spec.ts writes the programme both ways and compares every table), in a
 * dozen statements instead of some 3,000. Every row is flagged synthetic and every name carries the marker. One
 * set of records per model and fund, so the scale option does not apply. The seed is not anyone's change, so it
 * adds nothing to the audit trail (as DOLISA's bulk seed).
 */
export async function seedFront(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  if (!(await isEmpty(database))) return {};
  const rows = programmeRows(generateFrontProgramme(options.seed), options.seed);
  await database.db.transaction((tx) => writeProgrammeRows(tx as unknown as Db, rows));
  return countsOf(rows);
}
