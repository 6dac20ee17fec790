import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type CopyValue, type Database, type Db } from '@ntg/db';
import type { SQL } from 'drizzle-orm';
import { conflict, notFound } from '@ntg/errors';
import { recordAudit, type AuditLogTable, type Caller, type WriteRuntime } from './auth';
import { todayInVietnam } from './clock';

/**
 * What a write service is given: the transaction, who writes, the day it is in the province, and the audit
 * trail. The kit builds one for every mutation (inside the transaction the policy's area check ran in); a batch
 * import or the seed builds its own with `systemWriteScope`, so the same service serves all three.
 */
export interface WriteScope {
  readonly tx: Db;
  readonly caller: Caller;
  /** The token's subject, recorded beside every change. */
  readonly actor: string;
  /** Today's date in Việt Nam (YYYY-MM-DD): the day "in the future" is judged against. */
  readonly today: string;
  /** The mutation (or batch operation) on whose behalf the service runs: the audit entry's operation. */
  readonly operation: string;
  /** The units the policy decided on; recorded in the audit entry so readers see entries of their area only. */
  readonly units: readonly string[];
  /** Records the change in the department's append-only audit trail, in the same transaction. */
  audit(entry: AuditedChange): Promise<void>;
  /** Runs a raw statement in the transaction and returns its rows (set-based writes). */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Loads rows with COPY in the transaction (staging a batch). */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void>;
}

export interface AuditedChange {
  entity: string;
  entityKey: string;
  before: unknown;
  after: unknown;
  /** Default: the scope's operation. */
  operation?: string;
  /** Default: the scope's units. */
  units?: readonly string[];
}

export interface WriteScopeOptions {
  /** The subgraph's database: its driver does COPY (copyRows); writes that stage no batch may leave it out. */
  database?: Database;
  tx: Db;
  caller: Caller;
  /** The department's audit trail; a subgraph without one cannot record changes (its writes fail loudly). */
  auditLog: AuditLogTable | undefined;
  operation: string;
  units?: readonly string[];
  today?: string;
}

export function createWriteScope(options: WriteScopeOptions): WriteScope {
  const units = options.units ?? [];
  return {
    tx: options.tx,
    caller: options.caller,
    actor: options.caller.subject,
    today: options.today ?? todayInVietnam(),
    operation: options.operation,
    units,
    rows: (query) => queryRows(options.tx, query),
    copyRows: (table, columns, rows) => {
      if (!options.database) throw new Error(`${options.operation}: copyRows needs the database in createWriteScope`);
      return options.database.copyRows(options.tx, table, columns, rows);
    },
    audit: (entry) => {
      if (!options.auditLog) throw new Error(`${options.operation}: this subgraph declares no auditLog, so it cannot record a change`);
      return recordAudit(options.tx, options.auditLog, {
      caller: options.caller, operation: entry.operation ?? options.operation, entity: entry.entity, entityKey: entry.entityKey,
        before: entry.before, after: entry.after, units: entry.units ?? units,
      });
    },
  };
}

/** Postgres unique violation: a concurrent write won a race that the service's own check could not see. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Runs `work` in one transaction: any error rolls everything back, so a failed write leaves the database
 * exactly as before. A unique violation becomes CONFLICT.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>, conflictMessage = 'A concurrent change made this one conflict; reload and retry'): Promise<T> {
  try {
    return await db.transaction((tx) => work(tx as unknown as Db));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(conflictMessage);
    throw error;
  }
}

/** The request context of a mutation's resolver: the kit adds the write scope once the policy has allowed it. */
export interface WriteContext {
  readonly write?: WriteScope;
}

/** The write scope of the running mutation; a resolver outside a mutation has none (a bug, not a user error). */
export function writeScope(context: WriteContext): WriteScope {
  if (!context.write) throw new Error('writeScope: called outside a mutation that the policy has allowed');
  return context.write;
}

/** The kit's write runtime for the policy: one database transaction per mutation, the scope in the context. */
export function databaseWriteRuntime<TContext extends { readonly database: Database; readonly caller?: Caller }>(
  auditLog: AuditLogTable | undefined,
): WriteRuntime<TContext, Db> {
  return {
    inTransaction: (context, work) => inTransaction(context.database.db, work),
    withinTransaction: (context, tx, operation, units) => {
      if (!context.caller) throw new Error('withinTransaction: no caller');
      const write = createWriteScope({ database: context.database, tx, caller: context.caller, auditLog, operation, units });
      // The resolver sees the request's context (loaders, caller) plus the scope of this one write.
      return Object.assign(Object.create(context) as TContext, { write });
    },
  };
}

/**
 * Reads one row for a change and locks it until the transaction ends (`SELECT … FOR UPDATE`), so two writers
 * of the same record take turns. NOT_FOUND names `field` when there is no such row.
 */
export async function lockRow<TTable extends PgTable>(tx: Db, table: TTable, idColumn: PgColumn, id: string, what: string, field = 'id'): Promise<TTable['$inferSelect']> {
  const [row] = await tx.select().from(table as PgTable).where(eq(idColumn, id)).for('update');
  if (!row) throw notFound(`No ${what} with id "${id}"`, field);
  return row as TTable['$inferSelect'];
}

/** Optimistic concurrency: CONFLICT when someone changed the record since the caller read it. */
export function checkVersion(row: { version: number }, expectedVersion: number, what: string): void {
  if (row.version !== expectedVersion) {
    throw conflict(`${what} is at version ${row.version}, not ${expectedVersion}: reload it and apply the change again`, 'expectedVersion');
  }
}
