import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { households } from '../db/schema';
import { dolisa } from '../index';

/**
 * The area check reads the household inside the write's transaction and locks it. An officer of the household's
 * old commune who writes while a move is being committed waits for the move, then sees the new commune and is
 * refused. (Only PostgreSQL runs two transactions at once; the embedded database serialises them.)
 */
describe.runIf(process.env.DATABASE_URL)('the area check races a move (PostgreSQL)', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const oldCommuneOfficer = testCaller({ department: 'DOLISA', role: 'officer', area: '22783', subject: 'officer-22783' });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await subgraph.database.db.execute(sql`insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic)
      values ('MOVER', '22783', 3, '21', 'Mover (synthetic)', '2020-01-01', true)`);
  });
  afterAll(() => subgraph?.close());

  it('refuses the old commune\'s officer once the move commits, and writes nothing', async () => {
    let write: Promise<{ errors?: readonly { extensions: Record<string, unknown> }[] }> | undefined;
    await subgraph.database.db.transaction(async (tx) => {
      // The move holds the household's row lock while the officer's write starts.
      await tx.select().from(households).where(eq(households.id, 'MOVER')).for('update');
      await tx.update(households).set({ communeCode: '22786', version: 2 }).where(eq(households.id, 'MOVER'));
      write = subgraph.execute(`mutation { recordAssessment(input: { householdId: "MOVER", year: 2024, incomePerCapitaMonthly: 1000000,
        deprivations: [NUTRITION, HOUSING_AREA, DOMESTIC_WATER], assessedOn: "2024-10-01" }) { classification } }`, {}, { caller: oldCommuneOfficer });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const result = await write!;
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const [written] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from dolisa.poverty_assessments where household_id = 'MOVER'`);
    expect(written?.n).toBe(0);
  });
});
