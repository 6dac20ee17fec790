import { and, arrayOverlaps, desc, eq, lt, type SQL } from 'drizzle-orm';
import { bigserial, check, index, jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Db } from '@ntg/db';
import { covers, type Caller, type Department } from './caller';
import type { DeniedEvent } from './policy';

export type AuditOutcome = 'OK' | 'DENIED';

/**
 * The append-only audit trail of one department, in its own Postgres schema:
 * `export const auditLog = auditLogTable(dolisa)` in the subgraph's src/db/schema.ts, then
 * `pnpm --filter @ntg/subgraph-<dept> db:generate`, then a custom migration with `appendOnlyTriggerSql`.
 */
export function auditLogTable(schema: PgSchema, name = 'audit_log') {
  return schema.table(name, {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    subject: text('subject').notNull(),
    department: text('department').notNull(),
    role: text('role').notNull(),
    area: text('area').notNull(),
    /** The mutation ("registerHousehold") or the refused read ("read Household.headName"). */
    operation: text('operation').notNull(),
    entity: text('entity'),
    entityKey: text('entity_key'),
    outcome: text('outcome', { enum: ['OK', 'DENIED'] }).notNull(),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The units (commune, district or province codes) the write touched: who may read the entry follows from them. */
    units: text('units').array(),
  }, (t) => [
    index(`${name}_entity`).on(t.entity, t.entityKey, t.id),
    index(`${name}_subject`).on(t.subject, t.id),
    check(`${name}_outcome`, sql`${t.outcome} in ('OK', 'DENIED')`),
  ]);
}

export type AuditLogTable = ReturnType<typeof auditLogTable>;
export type AuditRow = AuditLogTable['$inferSelect'];

export interface AuditEntry {
  caller: Caller;
  /** The mutation's name ("registerHousehold"). */
  operation: string;
  /** "Household". */
  entity?: string | null;
  /** The record's key ("H-22783-000123"). */
  entityKey?: string | null;
  /** Default OK. */
  outcome?: AuditOutcome;
  reason?: string | null;
  /** The record before the change (null for a creation) and after it (null for a deletion). */
  before?: unknown;
  after?: unknown;
  /** The units the write touched (the policy's area decision). */
  units?: readonly string[];
}

/** bigint (Postgres bigint columns) and Date do not survive JSON.stringify as they are; make them plain JSON. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v)));
}

/**
 * Keys and reasons come from callers' input: a huge one (a fuzzed id of 100,000 characters) must not keep the entry
 * from being written (an index row is limited in size), so it is cut, and marked as cut.
 */
function bounded(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  value = value.replaceAll('\u0000', '\uFFFD');
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

/**
 * Writes one audit entry. Call it inside the mutation's transaction with the transaction (`tx`), so the entry
 * and the change are committed, or rolled back, together.
 */
export async function recordAudit(tx: Pick<Db, 'insert'>, table: AuditLogTable, entry: AuditEntry): Promise<void> {
  await tx.insert(table).values({
    subject: entry.caller.subject,
    department: entry.caller.department,
    role: entry.caller.role,
    area: entry.caller.area,
    operation: entry.operation,
    entity: bounded(entry.entity, 100),
    entityKey: bounded(entry.entityKey, 200),
    outcome: entry.outcome ?? 'OK',
    reason: bounded(entry.reason, 2000),
    before: toJsonValue(entry.before),
    after: toJsonValue(entry.after),
    units: entry.units && entry.units.length > 0 ? [...entry.units] : null,
  });
}

/**
 * The policy's onDenied hook for a subgraph with an audit table: every refused write or restricted read, and
 * the first refused personal read of each field per request, becomes a DENIED entry. It writes on the
 * subgraph's database outside any transaction (the refused mutation never opened one).
 */
export function auditDenials(table: AuditLogTable) {
  return async (event: DeniedEvent, context: { database: { db: Db } }): Promise<void> => {
    await recordAudit(context.database.db, table, {
      caller: event.caller,
      operation: event.operation,
      entity: event.entity,
      entityKey: event.entityKey,
      outcome: 'DENIED',
      reason: event.reason,
      after: event.areas.length > 0 ? { areas: event.areas } : null,
      units: event.areas,
    });
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

/**
 * SQL for a custom drizzle migration (`drizzle-kit generate --custom --name audit_log_append_only`) that makes the
 * audit table append-only: UPDATE, DELETE and TRUNCATE raise an error, for every database role that uses the
 * table through the graph. Statements are separated by drizzle's `--> statement-breakpoint`.
 */
export function appendOnlyTriggerSql(schemaName: string, tableName = 'audit_log'): string {
  const schema = quoteIdent(schemaName);
  const table = `${schema}.${quoteIdent(tableName)}`;
  const fn = `${schema}.${quoteIdent(`${tableName}_append_only`)}`;
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail %.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;`,
    `CREATE TRIGGER ${quoteIdent(`${tableName}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
    `CREATE TRIGGER ${quoteIdent(`${tableName}_no_truncate`)} BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`,
  ].join('\n--> statement-breakpoint\n');
}

export interface AuditQuery {
  first: number;
  /** Entries older than this id (the cursor of the previous page). */
  beforeId?: number | null;
  entity?: string | null;
  entityKey?: string | null;
  outcome?: AuditOutcome | null;
  subject?: string | null;
  /** Only entries touching one of these units (the reader's area); undefined: every entry. */
  units?: readonly string[];
}

/** Newest first, `first + 1` rows (the extra row tells whether another page exists), in one statement. */
export async function readAuditLog(db: Db, table: AuditLogTable, query: AuditQuery): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (query.beforeId != null) conditions.push(lt(table.id, query.beforeId));
  if (query.entity) conditions.push(eq(table.entity, query.entity));
  if (query.entityKey) conditions.push(eq(table.entityKey, query.entityKey));
  if (query.outcome) conditions.push(eq(table.outcome, query.outcome));
  if (query.subject) conditions.push(eq(table.subject, query.subject));
  if (query.units) conditions.push(arrayOverlaps(table.units, [...query.units]));
  return db.select().from(table).where(conditions.length > 0 ? and(...conditions) : undefined).orderBy(desc(table.id)).limit(query.first + 1);
}

export interface RedactionOptions {
  /** Keys of before/after that hold personal data ("headName", "headIdNumber"). */
  personalKeys: readonly string[];
  /** Department whose officers may see them; default DOLISA. */
  owner?: Department;
  /** The record's commune, from the entry; default `after.communeCode ?? before.communeCode`. */
  communeOf?: (row: AuditRow) => string | null | undefined;
}

const REDACTED = '[personal data]';

function defaultCommuneOf(row: AuditRow): string | null {
  for (const value of [row.after, row.before]) {
    const code = (value as { communeCode?: unknown } | null)?.communeCode;
    if (typeof code === 'string') return code;
  }
  return null;
}

function redactValue(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, keys));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.has(k) && v !== null ? REDACTED : redactValue(v, keys)]));
  }
  return value;
}

/**
 * The before/after values of an audit row as this caller may see them: personal keys are replaced by
 * "[personal data]" unless the caller is an officer of the owner whose area covers the record's commune.
 */
export function auditValuesFor(caller: Caller, row: AuditRow, options: RedactionOptions): { before: unknown; after: unknown } {
  const owner = options.owner ?? 'DOLISA';
  const commune = (options.communeOf ?? defaultCommuneOf)(row);
  const mayRead = caller.department === owner && caller.role === 'officer' && typeof commune === 'string' && covers(caller, commune);
  if (mayRead) return { before: row.before, after: row.after };
  const keys = new Set(options.personalKeys);
  return { before: redactValue(row.before, keys), after: redactValue(row.after, keys) };
}
