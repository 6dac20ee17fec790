import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';

/** The drizzle database both backends share: code written against it runs on PGlite and PostgreSQL alike. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type Backend = 'pglite' | 'postgres';

/** Counts the SQL statements a database runs, so tests can show that a query's cost does not grow with a list. */
export class StatementCounter {
  count = 0;
  readonly recent: string[] = [];
  record(query: string): void {
    this.count += 1;
    this.recent.push(query);
    if (this.recent.length > 200) this.recent.shift();
  }
  reset(): void {
    this.count = 0;
    this.recent.length = 0;
  }
}

export interface Database {
  readonly db: Db;
  readonly backend: Backend;
  /** The Postgres schema this subgraph owns. */
  readonly schema: string;
  readonly statements: StatementCounter;
  /** Runs a raw statement and returns its rows, whatever the driver's result shape. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * Loads rows into a table with COPY (the fastest way in on both backends), inside the given transaction.
   * Values are strings, numbers, booleans, null, or arrays of those (written as Postgres array literals).
   */
  copyRows(tx: Db, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void>;
  close(): Promise<void>;
}

export type CopyValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface OpenDatabaseOptions {
  /** Subgraph name: also its Postgres schema and the prefix of its URL override (DOLISA_DATABASE_URL). */
  name: string;
  /** drizzle-kit output folder, applied on open. */
  migrationsFolder: string;
  /** PostgreSQL URL; default from NAME_DATABASE_URL, then DATABASE_URL. Without one, embedded PGlite is used. */
  url?: string;
  /** PGlite data folder, or 'memory'. Default: NTG_DATA_DIR (or .data) / name. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export function databaseUrlFor(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`${name.toUpperCase()}_DATABASE_URL`] || env.DATABASE_URL || undefined;
}

function migrationConfig(name: string, migrationsFolder: string) {
  // One migrations table per subgraph, in a shared bookkeeping schema, so subgraphs sharing a server never
  // see each other's history and the subgraph's own schema is created by its first migration.
  return { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `${name}_migrations` };
}

/** Runs a raw statement on a database or transaction and returns its rows, whatever the driver's result shape. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const env = options.env ?? process.env;
  const url = options.url ?? databaseUrlFor(options.name, env);
  const statements = new StatementCounter();
  const logger = { logQuery: (query: string) => statements.record(query) };
  const migrations = migrationConfig(options.name, options.migrationsFolder);

  if (url) {
    // Serialise migrations across processes that share the server; 5 subgraphs may start at once.
    const lockClient = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await lockClient`select pg_advisory_lock(hashtext('ntg-migrations'))`;
      await migratePostgres(drizzlePostgres(lockClient), migrations);
      await lockClient`select pg_advisory_unlock(hashtext('ntg-migrations'))`;
    } finally {
      await lockClient.end();
    }
    const client = postgres(url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { logger }) as unknown as Db;
    return {
      db,
      backend: 'postgres',
      schema: options.name,
      statements,
      rows: (query) => queryRows(db, query),
      async copyRows(tx, table, columns, rows) {
        statements.record(`copy ${table}`);
        const copy = await driverClientOf<postgres.Sql>(tx).unsafe(`copy ${table} (${quoteColumns(columns)}) from stdin with (format csv)`).writable();
        await new Promise<void>((resolve, reject) => {
          copy.on('error', reject);
          copy.on('finish', resolve);
          for (const chunk of csvChunks(rows)) copy.write(chunk);
          copy.end();
        });
      },
      // Bounded: a connection still reconnecting after a server restart must not hold a shutdown up.
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dataDir = options.dataDir ?? `${env.NTG_DATA_DIR ?? '.data'}/${options.name}`;
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const client = dataDir === 'memory' ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const migrator = drizzlePglite(client);
  await migratePglite(migrator, migrations);
  const db = drizzlePglite(client, { logger }) as unknown as Db;
  return {
    db,
    backend: 'pglite',
    schema: options.name,
    statements,
    rows: (query) => queryRows(db, query),
    async copyRows(tx, table, columns, rows) {
      statements.record(`copy ${table}`);
      const blob = new Blob([...csvChunks(rows)], { type: 'text/csv' });
      await driverClientOf<PGlite>(tx).query(`copy ${table} (${quoteColumns(columns)}) from '/dev/blob' with (format csv)`, [], { blob });
    },
    close: () => client.close(),
  };
}

/** The driver's own client behind a drizzle database or transaction (COPY is not part of drizzle's API). */
function driverClientOf<T>(db: Db): T {
  const client = (db as unknown as { session?: { client?: T } }).session?.client;
  if (!client) throw new Error('copyRows: not a drizzle database or transaction of this package');
  return client;
}

function quoteColumns(columns: readonly string[]): string {
  return columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
}

function csvField(value: CopyValue): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value)
    ? `{${value.map((v) => `"${String(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`
    : String(value);
  // Quoted, so an empty string stays an empty string (an unquoted empty field is NULL in COPY's CSV format).
  return `"${text.replaceAll('"', '""')}"`;
}

/** CSV text in chunks of about a thousand rows, so a large load never builds one giant string. */
function* csvChunks(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(`${row.map(csvField).join(',')}\n`);
    if (chunk.length === 1000) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('');
}

/**
 * A fresh, uniquely named database on the server at baseUrl, for one test run: runs never see each other's
 * data, and drop() removes it. Returns undefined when no server is configured (tests then use PGlite).
 */
export async function createScratchDatabase(
  baseUrl: string | undefined = process.env.DATABASE_URL,
): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (!baseUrl) return undefined;
  const name = `ntg_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * Inserts many rows in one statement per chunk: the rows travel as one JSON parameter and Postgres unpacks
 * them with json_to_recordset, which is fast on both backends and needs no driver-specific COPY.
 */
export async function bulkInsert(
  db: Db,
  table: string,
  columns: Record<string, string>,
  rows: readonly Record<string, unknown>[],
  chunkSize = 5000,
): Promise<void> {
  const names = Object.keys(columns);
  const quoted = names.map((n) => `"${n}"`).join(', ');
  const recordType = names.map((n) => `"${n}" ${columns[n]}`).join(', ');
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = JSON.stringify(rows.slice(i, i + chunkSize));
    await db.execute(
      sql.raw(`insert into ${table} (${quoted}) select ${quoted} from json_to_recordset(`).append(
        sql`${chunk}::json) as r(${sql.raw(recordType)})`,
      ),
    );
  }
}

/**
 * Bulk-load helper: drops the secondary indexes and foreign keys of the given tables (`schema.table`), runs
 * the load, then recreates them from their own saved definitions, which is several times faster than
 * maintaining them row by row. Run it inside a transaction so a failed load leaves everything as it was.
 */
export async function withConstraintsDeferred<T>(db: Db, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const names = sql.join(tables.map((t) => sql`${t}`), sql`, `);
  const foreignKeys = await queryRows<{ tbl: string; name: string; def: string }>(db, sql`
    select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where contype = 'f' and conrelid::regclass::text in (${names})`);
  const indexes = await queryRows<{ name: string; def: string }>(db, sql`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i where i.indrelid::regclass::text in (${names}) and not i.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`);
  for (const fk of foreignKeys) await db.execute(sql.raw(`alter table ${fk.tbl} drop constraint "${fk.name}"`));
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.name}`));
  const result = await load();
  for (const index of indexes) await db.execute(sql.raw(index.def));
  for (const fk of foreignKeys) await db.execute(sql.raw(`alter table ${fk.tbl} add constraint "${fk.name}" ${fk.def}`));
  return result;
}
