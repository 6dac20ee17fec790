import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import { createScratchDatabase, openDatabase, type Database } from '@ntg/db';
import { testCaller } from './caller';
import { appendOnlyTriggerSql, auditDenials, auditLogTable, auditValuesFor, readAuditLog, recordAudit } from './audit';

const demo = pgSchema('audit_demo');
const auditLog = auditLogTable(demo);
const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '22783', subject: 'officer-1' });

/** The DDL drizzle-kit generates for auditLogTable (kept by hand here: this package has no migrations of its own). */
const CREATE = `
  create schema audit_demo;
  create table audit_demo.audit_log (
    id bigserial primary key, at timestamptz not null default now(), subject text not null, department text not null,
    role text not null, area text not null, operation text not null, entity text, entity_key text, outcome text not null,
    reason text, before jsonb, after jsonb, units text[], constraint audit_log_outcome check (outcome in ('OK', 'DENIED')));
  create index audit_log_entity on audit_demo.audit_log (entity, entity_key, id);
  create index audit_log_subject on audit_demo.audit_log (subject, id)`;

describe('audit trail', () => {
  let database: Database;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let migrations: string;
  beforeAll(async () => {
    migrations = mkdtempSync(join(tmpdir(), 'ntg-audit-'));
    mkdirSync(join(migrations, 'meta'));
    writeFileSync(join(migrations, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }));
    scratch = await createScratchDatabase();
    database = await openDatabase({ name: 'audit_demo', migrationsFolder: migrations, dataDir: 'memory', url: scratch?.url });
    for (const statement of CREATE.split(';')) await database.db.execute(sql.raw(statement));
    for (const statement of appendOnlyTriggerSql('audit_demo').split('--> statement-breakpoint')) await database.db.execute(sql.raw(statement));
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    rmSync(migrations, { recursive: true, force: true });
  });

  it('records who, what and the values before and after, inside the mutation\'s transaction', async () => {
    await database.db.transaction(async (tx) => {
      await recordAudit(tx, auditLog, {
        caller: officer, operation: 'updateHousehold', entity: 'Household', entityKey: 'H1',
        before: { memberCount: 4, headName: 'A (synthetic)', communeCode: '22783' },
        after: { memberCount: 5, headName: 'A (synthetic)', communeCode: '22783', income: 12n, on: new Date('2024-05-01T00:00:00Z') },
      });
    });
    const [row] = await readAuditLog(database.db, auditLog, { first: 10, entityKey: 'H1' });
    expect(row).toMatchObject({
      subject: 'officer-1', department: 'DOLISA', role: 'officer', area: '22783', operation: 'updateHousehold',
      entity: 'Household', entityKey: 'H1', outcome: 'OK', reason: null,
      before: { memberCount: 4 }, after: { memberCount: 5, income: 12, on: '2024-05-01T00:00:00.000Z' },
    });
    expect(row!.at).toBeInstanceOf(Date);
  });

  it('rolls the entry back with a failed transaction', async () => {
    await expect(database.db.transaction(async (tx) => {
      await recordAudit(tx, auditLog, { caller: officer, operation: 'registerHousehold', entity: 'Household', entityKey: 'H-rolled-back' });
      throw new Error('the write failed');
    })).rejects.toThrow('the write failed');
    expect(await readAuditLog(database.db, auditLog, { first: 10, entityKey: 'H-rolled-back' })).toEqual([]);
  });

  it('records denied attempts through the policy hook, outside any transaction', async () => {
    const hook = auditDenials(auditLog);
    await hook({
      kind: 'mutation', caller: testCaller({ department: 'FINANCE', role: 'officer', area: '58', subject: 'fin-1' }),
      coordinate: 'Mutation.registerHousehold', operation: 'registerHousehold', entity: 'Household', entityKey: null,
      reason: 'registerHousehold is DOLISA\'s to write', areas: ['22783'],
    }, { database });
    const [row] = await readAuditLog(database.db, auditLog, { first: 1, outcome: 'DENIED' });
    expect(row).toMatchObject({ subject: 'fin-1', department: 'FINANCE', outcome: 'DENIED', operation: 'registerHousehold', reason: expect.stringMatching(/DOLISA/), after: { areas: ['22783'] } });
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE fail', async () => {
    await expect(database.db.execute(sql`update audit_demo.audit_log set subject = 'someone-else'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_demo.audit_log`)).rejects.toThrow();
    await expect(database.db.execute(sql`truncate audit_demo.audit_log`)).rejects.toThrow();
    const rows = await database.rows<{ n: number; subjects: string[] }>(sql`select count(*)::int as n, array_agg(distinct subject) as subjects from audit_demo.audit_log`);
    expect(rows[0]).toEqual({ n: 2, subjects: ['fin-1', 'officer-1'] });
    await expect(database.db.execute(sql`insert into audit_demo.audit_log (subject, department, role, area, operation, outcome) values ('x', 'DOLISA', 'officer', '58', 'op', 'MAYBE')`)).rejects.toThrow();
  });

  it('pages newest first', async () => {
    for (let i = 0; i < 3; i++) await recordAudit(database.db, auditLog, { caller: officer, operation: 'enrollHousehold', entity: 'Participation', entityKey: `P${i}` });
    const page = await readAuditLog(database.db, auditLog, { first: 2, entity: 'Participation' });
    expect(page.map((r) => r.entityKey)).toEqual(['P2', 'P1', 'P0']); // first + 1 rows: a next page exists
    const next = await readAuditLog(database.db, auditLog, { first: 2, entity: 'Participation', beforeId: page[1]!.id });
    expect(next.map((r) => r.entityKey)).toEqual(['P0']);
  });

  it('redacts personal keys for everyone but the owner\'s officers covering the record', async () => {
    const [row] = await readAuditLog(database.db, auditLog, { first: 1, entityKey: 'H1' });
    const options = { personalKeys: ['headName', 'headIdNumber'] };
    expect(auditValuesFor(officer, row!, options).after).toMatchObject({ headName: 'A (synthetic)' });
    expect(auditValuesFor(testCaller({ department: 'DOLISA', role: 'officer', area: '584' }), row!, options).after).toMatchObject({ headName: 'A (synthetic)' });
    for (const other of [
      testCaller({ department: 'DOLISA', role: 'officer', area: '22786' }),
      testCaller({ department: 'FRONT', role: 'supervisor', area: '58' }),
      testCaller({ department: 'DOLISA', role: 'analyst', area: '58' }),
    ]) {
      const values = auditValuesFor(other, row!, options);
      expect(values).toMatchObject({ before: { headName: '[personal data]', memberCount: 4 }, after: { headName: '[personal data]', memberCount: 5 } });
      expect(JSON.stringify(values)).not.toContain('synthetic');
    }
  });
});
