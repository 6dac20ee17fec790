import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ethnicGroups, MINORITY_GROUP_CODES } from '@ntg/ethnic-groups';
import { queryRows, type Db } from '@ntg/db';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { ethnic } from '../index';
import { ethnicGroupsMigrationSql } from './reference';

type GroupRow = { code: string; name: string; isMinority: boolean };
const TABLE = sql`select code, name, is_minority as "isMinority" from ethnic.ethnic_groups order by code`;

/**
 * One list of minorities: the Ethnic Committee's reference package, which DOLISA counts by, the table this subgraph's
 * migrations load, and what it serves must agree exactly. When the package changes, this fails until
 * `pnpm --filter @ntg/subgraph-ethnic run db:groups` has generated the migration that brings the table to it.
 */
describe('the ethnic groups agree with @ntg/ethnic-groups', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(ethnic);
  });
  afterAll(() => subgraph?.close());

  it('holds exactly the package\'s groups in ethnic.ethnic_groups, after all migrations', async () => {
    expect(await subgraph.database.rows<GroupRow>(TABLE)).toEqual(ethnicGroups.map((g) => ({ ...g })));
  });

  it('serves exactly the package\'s groups, minorities by the package\'s list', async () => {
    const result = await subgraph.execute<{ ethnicGroups: GroupRow[] }>(`{ ethnicGroups { code name isMinority } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.ethnicGroups).toEqual(ethnicGroups.map((g) => ({ ...g })));
    expect(result.data!.ethnicGroups.filter((g) => g.isMinority).map((g) => g.code)).toEqual([...MINORITY_GROUP_CODES]);
  });

  it('generates a migration from the package that brings a diverging table back to it', async () => {
    // Run inside a transaction that is rolled back: the rows it saw leave on the rollback's error.
    class Rollback extends Error {
      constructor(readonly rows: GroupRow[]) {
        super('rollback');
      }
    }
    const seen = await subgraph.database.db.transaction(async (tx) => {
      await tx.execute(sql`update ethnic.ethnic_groups set name = 'Renamed', is_minority = false where code = '21'`);
      await tx.execute(sql`delete from ethnic.ethnic_groups where code = '54'`);
      await tx.execute(sql`insert into ethnic.ethnic_groups (code, name, is_minority) values ('99', 'Not a group', true)`);
      for (const statement of ethnicGroupsMigrationSql().split('--> statement-breakpoint')) await tx.execute(sql.raw(statement));
      throw new Rollback(await queryRows<GroupRow>(tx as unknown as Db, TABLE));
    }).catch((error: unknown) => {
      if (error instanceof Rollback) return error.rows;
      throw error;
    });
    expect(seen).toEqual(ethnicGroups.map((g) => ({ ...g })));
    expect(ethnicGroupsMigrationSql()).toContain(`('21', 'Ra-glai', true)`);
    // The table itself is untouched.
    expect(await subgraph.database.rows<GroupRow>(TABLE)).toEqual(ethnicGroups.map((g) => ({ ...g })));
  });
});
