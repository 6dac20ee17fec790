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
});
