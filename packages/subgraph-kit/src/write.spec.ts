import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import type { Database, Db } from '@ntg/db';
import { appendOnlyTriggerSql, auditLogTable, definePolicy, testCaller } from './auth';
import { badUserInput } from '@ntg/errors';
import { buildSchema, type SubgraphContext, type SubgraphDefinition } from './subgraph';
import { openTestSubgraph } from './testing';
import { lockRow, writeScope } from './write';

/** A one-table department: notes in communes, written through the kit's write path. */
const demo = pgSchema('write_demo');
const notes = demo.table('notes', { id: text('id').primaryKey(), communeCode: text('commune_code').notNull(), body: text('body').notNull() });
const auditLog = auditLogTable(demo);

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
  type Query { note(id: ID!): Note }
  type Note @key(fields: "id") { id: ID! communeCode: ID! body: String! }
  type Mutation { editNote(id: ID!, body: String!): Note! addNote(id: ID!, communeCode: ID!, body: String!): Note! }
`);

function definition(migrationsFolder: string, resolvers: SubgraphDefinition['resolvers'] = {}): SubgraphDefinition {
  return {
    name: 'write_demo',
    defaultPort: 0,
    typeDefs,
    migrationsFolder,
    auditLog,
    createContext: (database: Database) => ({ database }),
    resolvers: {
      Query: { note: async (_: unknown, { id }: { id: string }, ctx: SubgraphContext) => (await ctx.database.db.select().from(notes).where(sql`id = ${id}`))[0] ?? null },
      Mutation: {
        editNote: async (_: unknown, { id, body }: { id: string; body: string }, ctx: SubgraphContext) => {
          const scope = writeScope(ctx);
          const before = await lockRow(scope.tx, notes, notes.id, id, 'note');
          if (body.trim() === '') throw badUserInput('body must not be blank', 'body');
          const [after] = await scope.tx.update(notes).set({ body }).where(sql`id = ${id}`).returning();
          await scope.audit({ entity: 'Note', entityKey: id, before, after });
          return after;
        },
        addNote: async (_: unknown, args: { id: string; communeCode: string; body: string }, ctx: SubgraphContext) => {
          const scope = writeScope(ctx);
          const [row] = await scope.tx.insert(notes).values(args).returning();
          await scope.audit({ entity: 'Note', entityKey: args.id, before: null, after: row });
          return row;
        },
      },
      ...resolvers,
    },
    policy: definePolicy<SubgraphContext>({
      mutations: {
        // The area is read inside the write's transaction, locking the note until the write ends.
        editNote: { write: 'DOLISA', entity: 'Note', entityKey: (args) => args.id, area: async (args, _ctx, tx) => (await lockRow(tx as Db, notes, notes.id, args.id, 'note')).communeCode },
        addNote: { write: 'DOLISA', entity: 'Note', area: (args) => args.communeCode },
      },
    }),
  };
}

describe('the kit builds schemas only from resolvers the SDL has', () => {
  it('refuses a resolver for a field the SDL lacks, such as a misspelled Commune.fundingSumary', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ntg-kit-'));
    try {
      expect(() => buildSchema(definition(folder, { Commune: { fundingSumary: () => null } }))).toThrow(/Commune\.fundingSumary, which the schema does not have/);
      expect(() => buildSchema(definition(folder, { Comune: { name: () => 'x' } }))).toThrow(/type Comune, which the schema does not have/);
      expect(() => buildSchema(definition(folder))).not.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the kit write path', () => {
  let migrations: string;
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const officerOf = (area: string) => testCaller({ department: 'DOLISA', role: 'officer', area, subject: `officer-${area}` });
  const audit = () => subgraph.database.rows<{ operation: string; outcome: string; entity_key: string; units: string[] | null }>(
    sql`select operation, outcome, entity_key, units from write_demo.audit_log order by id`);

  beforeAll(async () => {
    migrations = mkdtempSync(join(tmpdir(), 'ntg-kit-'));
    mkdirSync(join(migrations, 'meta'));
    writeFileSync(join(migrations, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }));
    subgraph = await openTestSubgraph(definition(migrations));
    for (const statement of [
      'create schema write_demo',
      'create table write_demo.notes (id text primary key, commune_code text not null, body text not null)',
      `create table write_demo.audit_log (id bigserial primary key, at timestamptz not null default now(), subject text not null,
        department text not null, role text not null, area text not null, operation text not null, entity text, entity_key text,
        outcome text not null, reason text, before jsonb, after jsonb, units text[])`,
      "insert into write_demo.notes values ('N1', '22783', 'first')",
    ]) await subgraph.database.db.execute(sql.raw(statement));
    for (const statement of appendOnlyTriggerSql('write_demo').split('--> statement-breakpoint')) await subgraph.database.db.execute(sql.raw(statement));
  });
  afterAll(async () => {
    await subgraph?.close();
    rmSync(migrations, { recursive: true, force: true });
  });

  it('writes, and audits the change with the units the policy decided on, in one transaction', async () => {
    const result = await subgraph.execute(`mutation { editNote(id: "N1", body: "second") { body } }`, {}, { caller: officerOf('584') });
    expect(result).toEqual({ data: { editNote: { body: 'second' } } });
    expect(await audit()).toEqual([{ operation: 'editNote', outcome: 'OK', entity_key: 'N1', units: ['22783'] }]);
  });

  it('refuses outside the area after reading the record, and audits the refusal after rolling back', async () => {
    const result = await subgraph.execute(`mutation { editNote(id: "N1", body: "third") { body } }`, {}, { caller: officerOf('22786') });
    expect(result.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN' }]);
    expect((await audit()).at(-1)).toEqual({ operation: 'editNote', outcome: 'DENIED', entity_key: 'N1', units: ['22783'] });
    expect((await subgraph.database.rows<{ body: string }>(sql`select body from write_demo.notes where id = 'N1'`))[0]?.body).toBe('second');
  });

  it('rolls the whole write back when the resolver fails after writing, and keeps the domain error', async () => {
    const before = (await audit()).length;
    const blank = await subgraph.execute(`mutation { editNote(id: "N1", body: " ") { body } }`, {}, { caller: officerOf('58') });
    expect(blank.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'body' }]);
    const duplicate = await subgraph.execute(`mutation { addNote(id: "N1", communeCode: "22783", body: "dup") { id } }`, {}, { caller: officerOf('58') });
    expect(duplicate.errors?.map((e) => e.extensions.code)).toEqual(['CONFLICT']);
    expect((await audit()).length).toBe(before);
    const missing = await subgraph.execute(`mutation { editNote(id: "NOPE", body: "x") { body } }`, {}, { caller: officerOf('58') });
    expect(missing.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND', field: 'id' }]);
  });
});
