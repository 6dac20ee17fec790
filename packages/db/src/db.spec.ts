import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { bulkInsert, createScratchDatabase, databaseUrlFor, openDatabase, type Database } from './index';

// A throwaway migration folder in drizzle-kit's layout, so the test exercises the real migrator.
function writeMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ntg-mig-'));
  mkdirSync(join(dir, 'meta'));
  writeFileSync(join(dir, '0000_init.sql'), 'CREATE SCHEMA "probe";\n--> statement-breakpoint\nCREATE TABLE "probe"."items" ("id" integer PRIMARY KEY, "amount" bigint NOT NULL);\n');
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({
    version: '7', dialect: 'postgresql',
    entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true }],
  }));
  return dir;
}

describe('openDatabase', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;
  const migrationsFolder = writeMigrations();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ name: 'probe', migrationsFolder, url: scratch?.url, dataDir: 'memory' });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('uses PostgreSQL when DATABASE_URL is set, PGlite otherwise', () => {
    expect(database.backend).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('applies migrations into the subgraph schema and keeps money beyond 2^31 exact', async () => {
    await bulkInsert(database.db, '"probe"."items"', { id: 'integer', amount: 'bigint' }, [
      { id: 1, amount: 167_290_000_000 },
      { id: 2, amount: 5 },
    ], 1);
    const [row] = await database.rows<{ n: number; total: string }>(
      sql`select count(*)::int as n, sum(amount)::text as total from probe.items`,
    );
    expect(row).toEqual({ n: 2, total: '167290000005' });
  });

  it('counts the statements it runs', async () => {
    database.statements.reset();
    await database.rows(sql`select 1`);
    await database.rows(sql`select 2`);
    expect(database.statements.count).toBe(2);
  });

  it('prefers a per-subgraph URL over DATABASE_URL', () => {
    expect(databaseUrlFor('dolisa', { DATABASE_URL: 'postgres://a', DOLISA_DATABASE_URL: 'postgres://b' })).toBe('postgres://b');
    expect(databaseUrlFor('finance', { DATABASE_URL: 'postgres://a' })).toBe('postgres://a');
    expect(databaseUrlFor('finance', {})).toBeUndefined();
  });

  it('copies rows in with COPY inside a transaction: quotes, commas, newlines, Vietnamese, nulls, empty text and arrays intact', async () => {
    await database.db.execute(sql`create table probe.copied (id integer primary key, label text, tags text[], amount bigint, flag boolean)`);
    const rows = [
      [1, 'Phước Bình, "Bác Ái"\nline two', ['NUTRITION', 'HOUSING_AREA'], 404_470_000_000, true],
      [2, '', [], null, false],
      [3, null, ['a "quoted", tag', 'back\\slash'], 0, null],
    ] as const;
    await database.db.transaction(async (tx) => database.copyRows(tx as never, 'probe.copied', ['id', 'label', 'tags', 'amount', 'flag'], rows));
    const read = await database.rows<{ id: number; label: string | null; tags: string[]; amount: string | null; flag: boolean | null }>(
      sql`select id, label, tags, amount::text as amount, flag from probe.copied order by id`);
    expect(read).toEqual([
      { id: 1, label: 'Phước Bình, "Bác Ái"\nline two', tags: ['NUTRITION', 'HOUSING_AREA'], amount: '404470000000', flag: true },
      { id: 2, label: '', tags: [], amount: null, flag: false },
      { id: 3, label: null, tags: ['a "quoted", tag', 'back\\slash'], amount: '0', flag: null },
    ]);
    // A failure later in the transaction takes the copied rows with it.
    await expect(database.db.transaction(async (tx) => {
      await database.copyRows(tx as never, 'probe.copied', ['id', 'label'], [[10, 'gone']]);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect((await database.rows<{ n: number }>(sql`select count(*)::int as n from probe.copied`))[0]?.n).toBe(3);
  });
});
