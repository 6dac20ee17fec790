import { describe, expect, it } from 'vitest';
import { buildSchema, graphql, GraphQLError, type GraphQLSchema } from 'graphql';
import { DEPARTMENTS, ROLES, covers, testCaller, type Caller } from './caller';
import { PolicyError, applyPolicy, definePolicy, type DeniedEvent, type WriteRuntime } from './policy';

/** A tiny subgraph-like schema: households with personal fields, three mutations, an audit log. */
const SDL = /* GraphQL */ `
  type Query {
    household(id: ID!): Household
    households: [Household!]!
    auditLog: [String!]
  }
  type Household {
    id: ID!
    communeCode: String!
    memberCount: Int!
    headName: String
    headIdNumber: String
  }
  type Mutation {
    registerHousehold(communeCode: String!): Household!
    assessHousehold(householdId: ID!): Boolean!
    createSupervision(communeCode: String!): Boolean!
    answerLetter(letterId: ID!): Boolean!
  }
`;

/** Letters addressed to an office of some department and area: only that office's officers answer them. */
const LETTERS: Record<string, { department: Caller['department']; area: string }> = {
  L1: { department: 'DOLISA', area: '584' },
  L2: { department: 'FINANCE', area: '58' },
  L3: { department: 'AGRICULTURE', area: '22786' },
};

const HOUSEHOLDS = [
  { id: 'H1', communeCode: '22783', memberCount: 4, headName: 'Pinăng Thị A (synthetic)', idNumber: '058123456789' },
  { id: 'H2', communeCode: '22786', memberCount: 3, headName: 'Katơr Văn B (synthetic)', idNumber: '058987654321' },
  { id: 'H3', communeCode: '22837', memberCount: 5, headName: 'Nguyễn Văn C (synthetic)', idNumber: '058555555555' },
];

interface TestContext {
  caller?: Caller;
  loaders: { communeOf(id: string): Promise<string | undefined> };
  calls: string[];
}

/** What the addressee rule was handed as its transaction: the write runtime's, so it can lock the record it reads. */
const transactions: unknown[] = [];

function makeSchema(events: DeniedEvent[] = [], runtime?: WriteRuntime<TestContext>): GraphQLSchema {
  const schema = buildSchema(SDL);
  const resolvers: Record<string, Record<string, (parent: any, args: any, ctx: TestContext) => unknown>> = {
    Query: {
      household: (_p, args) => HOUSEHOLDS.find((h) => h.id === args.id) ?? null,
      households: () => HOUSEHOLDS,
      auditLog: () => ['entry 1'],
    },
    // headName has no resolver of its own: the default resolver reads it, and the policy still guards it.
    Household: { headIdNumber: (h) => h.idNumber },
    Mutation: {
      registerHousehold: (_p, args, ctx) => { ctx.calls.push('registerHousehold'); return { ...HOUSEHOLDS[0], communeCode: args.communeCode }; },
      assessHousehold: (_p, _args, ctx) => { ctx.calls.push('assessHousehold'); return true; },
      createSupervision: (_p, _args, ctx) => { ctx.calls.push('createSupervision'); return true; },
      answerLetter: (_p, _args, ctx) => { ctx.calls.push('answerLetter'); return true; },
    },
  };
  for (const [type, fields] of Object.entries(resolvers)) {
    const objectType = schema.getType(type) as import('graphql').GraphQLObjectType;
    for (const [name, resolve] of Object.entries(fields)) objectType.getFields()[name]!.resolve = resolve as never;
  }
  return applyPolicy(schema, definePolicy<TestContext>({
    mutations: {
      registerHousehold: { write: 'DOLISA', entity: 'Household', area: (args) => args.communeCode },
      assessHousehold: {
        write: 'DOLISA', entity: 'Household', entityKey: (args) => args.householdId,
        area: async (args, ctx) => {
          const commune = await ctx.loaders.communeOf(args.householdId);
          if (!commune) throw new GraphQLError(`No household ${args.householdId}`, { extensions: { code: 'NOT_FOUND' } });
          return commune;
        },
      },
    },
    supervision: { createSupervision: { area: (args) => args.communeCode } },
    addressed: {
      answerLetter: {
        entity: 'Letter', entityKey: (args) => args.letterId,
        addressee: async (args, _ctx, tx) => {
          transactions.push(tx);
          if (args.letterId === 'L-UNADDRESSED') return null;
          const letter = LETTERS[args.letterId];
          if (!letter) throw new GraphQLError(`No letter ${args.letterId}`, { extensions: { code: 'NOT_FOUND' } });
          return letter;
        },
      },
    },
    personal: {
      'Household.headName': { communeOf: (h) => h.communeCode },
      'Household.headIdNumber': { communeOf: async (h, ctx) => ctx.loaders.communeOf(h.id) },
    },
    restricted: { 'Query.auditLog': { anyOf: [{ departments: ['DOLISA'], roles: ['officer'] }, { roles: ['supervisor'] }] } },
    onDenied: (event) => { events.push(event); },
  }), 'test', runtime);
}

/** The schema under a write runtime that hands every write the transaction `tx`. */
function applyPolicyWithRuntime(events: DeniedEvent[], tx: unknown): GraphQLSchema {
  return makeSchema(events, { inTransaction: (_context, work) => work(tx), withinTransaction: (context) => context });
}

function context(caller: Caller | undefined): TestContext {
  return { caller, calls: [], loaders: { communeOf: async (id) => HOUSEHOLDS.find((h) => h.id === id)?.communeCode } };
}

async function run(schema: GraphQLSchema, caller: Caller | undefined, source: string) {
  const contextValue = context(caller);
  const result = await graphql({ schema, source, contextValue });
  return { ...result, calls: contextValue.calls };
}

const AREAS = ['58', '584', '588', '22783', '22786'];
const CALLERS = DEPARTMENTS.flatMap((department) => ROLES.flatMap((role) => AREAS.map((area) => testCaller({ department, role, area }))));
const label = (c: Caller) => `${c.department} ${c.role} of ${c.area}`;

describe('policy: writes', () => {
  const events: DeniedEvent[] = [];
  const schema = makeSchema(events);

  /** Runs a mutation as every caller; returns label → "allowed" or the error code, and checks the resolver ran only when allowed. */
  async function matrix(source: string, operation: string): Promise<Record<string, string>> {
    const outcomes: Record<string, string> = {};
    for (const caller of CALLERS) {
      const result = await run(schema, caller, source);
      const outcome = result.errors ? result.errors.map((e) => String(e.extensions.code)).join(',') : 'allowed';
      expect(result.calls).toEqual(outcome === 'allowed' ? [operation] : []);
      outcomes[label(caller)] = outcome;
    }
    return outcomes;
  }
  const expected = (allowed: (c: Caller) => boolean) => Object.fromEntries(CALLERS.map((c) => [label(c), allowed(c) ? 'allowed' : 'FORBIDDEN']));

  it('registerHousehold in 22783: only DOLISA officers whose area covers 22783, for all 120 department × role × area callers', async () => {
    expect(await matrix(`mutation { registerHousehold(communeCode: "22783") { id } }`, 'registerHousehold'))
      .toEqual(expected((c) => c.department === 'DOLISA' && c.role === 'officer' && ['58', '584', '22783'].includes(c.area)));
  });

  it('assessHousehold of H2 (commune 22786, looked up through a loader): DOLISA officers of 58, 584 or 22786', async () => {
    expect(await matrix(`mutation { assessHousehold(householdId: "H2") }`, 'assessHousehold'))
      .toEqual(expected((c) => c.department === 'DOLISA' && c.role === 'officer' && ['58', '584', '22786'].includes(c.area)));
  });

  it('createSupervision in 22837 (district 588): the Front\'s supervisors and officers of 58 or 588', async () => {
    expect(await matrix(`mutation { createSupervision(communeCode: "22837") }`, 'createSupervision'))
      .toEqual(expected((c) => c.department === 'FRONT' && ['supervisor', 'officer'].includes(c.role) && ['58', '588'].includes(c.area)));
  });

  it('answerLetter of L1 (addressed to DOLISA of 584): DOLISA officers of 58 or 584 only, the department read from the record', async () => {
    expect(await matrix(`mutation { answerLetter(letterId: "L1") }`, 'answerLetter'))
      .toEqual(expected((c) => c.department === 'DOLISA' && c.role === 'officer' && ['58', '584'].includes(c.area)));
  });

  it('answerLetter of L3 (addressed to AGRICULTURE of commune 22786): its officers of 58, 584 or 22786 only', async () => {
    expect(await matrix(`mutation { answerLetter(letterId: "L3") }`, 'answerLetter'))
      .toEqual(expected((c) => c.department === 'AGRICULTURE' && c.role === 'officer' && ['58', '584', '22786'].includes(c.area)));
  });

  it('runs the addressee rule inside the write transaction and audits refusals with the addressed area', async () => {
    events.length = 0;
    transactions.length = 0;
    const tx = { id: 'tx-1' };
    const inTx = applyPolicyWithRuntime(events, tx);
    const dolisa = testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'dolisa-58' });
    expect((await run(inTx, dolisa, `mutation { answerLetter(letterId: "L1") }`)).errors).toBeUndefined();
    expect(transactions).toEqual([tx]);

    const finance = testCaller({ department: 'FINANCE', role: 'officer', area: '58', subject: 'finance-58' });
    const wrongOffice = await run(schema, finance, `mutation { answerLetter(letterId: "L1") }`);
    expect(wrongOffice.errors?.map((e) => [e.extensions.code, e.message])).toEqual([['FORBIDDEN', expect.stringMatching(/DOLISA's to write; a FINANCE officer may not/)]]);
    const otherDistrict = await run(schema, testCaller({ department: 'DOLISA', role: 'officer', area: '585' }), `mutation { answerLetter(letterId: "L1") }`);
    expect(otherDistrict.errors?.[0]?.message).toMatch(/584 is outside your area \(district 585\)/);
    const supervisor = await run(schema, testCaller({ department: 'DOLISA', role: 'supervisor', area: '58' }), `mutation { answerLetter(letterId: "L1") }`);
    expect(supervisor.errors?.[0]?.message).toMatch(/written by officers of the addressed department; a supervisor may not/);
    expect(events.map((e) => [e.coordinate, e.entity, e.entityKey, e.areas])).toEqual([
      ['Mutation.answerLetter', 'Letter', 'L1', ['584']],
      ['Mutation.answerLetter', 'Letter', 'L1', ['584']],
      ['Mutation.answerLetter', 'Letter', 'L1', []],
    ]);
  });

  it('lets the addressee rule answer NOT_FOUND, and refuses a record without an addressee', async () => {
    const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '58' });
    const missing = await run(schema, officer, `mutation { answerLetter(letterId: "L9") }`);
    expect(missing.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    const unaddressed = await run(schema, officer, `mutation { answerLetter(letterId: "L-UNADDRESSED") }`);
    expect(unaddressed.errors?.[0]?.message).toMatch(/could not be determined/);
    expect(unaddressed.calls).toEqual([]);
  });

  it('says why a write was refused and reports it to the audit hook', async () => {
    events.length = 0;
    const commune = testCaller({ department: 'DOLISA', role: 'officer', area: '22783', subject: 'officer-22783' });
    const outside = await run(schema, commune, `mutation { assessHousehold(householdId: "H2") }`);
    expect(outside.errors![0]!.message).toMatch(/22786 is outside your area/);
    const finance = await run(schema, testCaller({ department: 'FINANCE', role: 'officer', area: '58' }), `mutation { registerHousehold(communeCode: "22783") { id } }`);
    expect(finance.errors![0]!.message).toMatch(/DOLISA's to write/);
    expect(events).toMatchObject([
      { kind: 'mutation', coordinate: 'Mutation.assessHousehold', operation: 'assessHousehold', entity: 'Household', entityKey: 'H2', areas: ['22786'], caller: { subject: 'officer-22783' } },
      { kind: 'mutation', coordinate: 'Mutation.registerHousehold', entity: 'Household', entityKey: null, caller: { department: 'FINANCE' } },
    ]);
  });

  it('lets the area resolver answer NOT_FOUND, and refuses what has no area', async () => {
    const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '58' });
    const missing = await run(schema, officer, `mutation { assessHousehold(householdId: "H9") }`);
    expect(missing.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    expect(missing.calls).toEqual([]);
    const unknownUnit = await run(schema, officer, `mutation { registerHousehold(communeCode: "99999") { id } }`);
    expect(unknownUnit.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const empty = await run(schema, officer, `mutation { registerHousehold(communeCode: "") { id } }`);
    expect(empty.errors?.[0]?.message).toMatch(/could not be determined/);
  });

  it('answers UNAUTHENTICATED without a caller', async () => {
    const result = await run(schema, undefined, `mutation { registerHousehold(communeCode: "22783") { id } }`);
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.calls).toEqual([]);
  });
});

describe('policy: personal data', () => {
  const QUERY = `{ household(id: "H1") { id memberCount headName headIdNumber } }`;

  it('H1 (commune 22783): the value for DOLISA officers covering 22783, null with FORBIDDEN for the other 117 callers', async () => {
    const schema = makeSchema();
    let allowedCount = 0;
    for (const caller of CALLERS) {
      const allowed = caller.department === 'DOLISA' && caller.role === 'officer' && covers(caller, '22783');
      const result = await run(schema, caller, QUERY);
      if (allowed) {
        allowedCount += 1;
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual({ household: { id: 'H1', memberCount: 4, headName: HOUSEHOLDS[0]!.headName, headIdNumber: HOUSEHOLDS[0]!.idNumber } });
      } else {
        expect(result.data, label(caller)).toEqual({ household: { id: 'H1', memberCount: 4, headName: null, headIdNumber: null } });
        expect(result.errors?.map((e) => [e.extensions.code, e.path?.join('.')])).toEqual([
          ['FORBIDDEN', 'household.headName'],
          ['FORBIDDEN', 'household.headIdNumber'],
        ]);
        expect(JSON.stringify(result)).not.toContain('synthetic');
        expect(JSON.stringify(result)).not.toContain('0581');
      }
    }
    expect(allowedCount).toBe(3); // DOLISA officers of 58, 584 and 22783
  });

  it('gives a district officer the households of the district only, and audits one refusal per field and request', async () => {
    const events: DeniedEvent[] = [];
    const schema = makeSchema(events);
    const district = testCaller({ department: 'DOLISA', role: 'officer', area: '584' });
    const result = await run(schema, district, `{ households { id headName } }`);
    expect((result.data as any).households).toEqual([
      { id: 'H1', headName: HOUSEHOLDS[0]!.headName },
      { id: 'H2', headName: HOUSEHOLDS[1]!.headName },
      { id: 'H3', headName: null },
    ]);
    expect(result.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/outside your area/)]);

    const analyst = await run(schema, testCaller({ department: 'PROVINCE', role: 'analyst', area: '58' }), `{ households { headName headIdNumber } }`);
    expect(analyst.errors).toHaveLength(6);
    expect(events.map((e) => [e.kind, e.coordinate, e.caller.role])).toEqual([
      ['personal', 'Household.headName', 'officer'],
      ['personal', 'Household.headName', 'analyst'],
      ['personal', 'Household.headIdNumber', 'analyst'],
    ]);
  });
});

describe('policy: personal data with several reading departments', () => {
  it('readers: DOLISA and FINANCE officers covering the record read it, everyone else gets null with FORBIDDEN', async () => {
    const schema = applyPolicy(buildSchema(SDL), definePolicy<TestContext>({
      mutations: {
        registerHousehold: { write: 'DOLISA', area: () => '58' }, assessHousehold: { write: 'DOLISA', area: () => '58' },
      },
      supervision: { createSupervision: { area: () => '58' } },
      addressed: { answerLetter: { addressee: () => null } },
      personal: { 'Household.headName': { communeOf: (h) => h.communeCode, readers: ['DOLISA', 'FINANCE'] } },
    }), 'test');
    const household = schema.getQueryType()!.getFields().household!;
    household.resolve = (_p, args) => HOUSEHOLDS.find((h) => h.id === args.id) ?? null;
    let allowedCount = 0;
    for (const caller of CALLERS) {
      const allowed = ['DOLISA', 'FINANCE'].includes(caller.department) && caller.role === 'officer' && covers(caller, '22783');
      const result = await run(schema, caller, `{ household(id: "H1") { headName } }`);
      expect(result.data, label(caller)).toEqual({ household: { headName: allowed ? HOUSEHOLDS[0]!.headName : null } });
      if (allowed) allowedCount += 1;
      else expect(result.errors?.[0]?.message, label(caller)).toMatch(/DOLISA or FINANCE officers|outside your area/);
    }
    expect(allowedCount).toBe(6); // officers of 58, 584 and 22783 in each of the two departments
  });
});

describe('policy: restricted fields', () => {
  it('auditLog: DOLISA officers and supervisors of any department; null with FORBIDDEN for the others', async () => {
    const schema = makeSchema();
    for (const caller of CALLERS) {
      const allowed = (caller.department === 'DOLISA' && caller.role === 'officer') || caller.role === 'supervisor';
      const result = await run(schema, caller, `{ auditLog }`);
      expect(result.data, label(caller)).toEqual({ auditLog: allowed ? ['entry 1'] : null });
      expect(result.errors?.map((e) => e.extensions.code)).toEqual(allowed ? undefined : ['FORBIDDEN']);
    }
  });
});

describe('policy: declaration checks', () => {
  const bare = () => buildSchema(SDL);
  const complete = {
    mutations: { registerHousehold: { write: 'DOLISA', area: () => '58' }, assessHousehold: { write: 'DOLISA', area: () => '58' } },
    supervision: { createSupervision: { area: () => '58' } },
    addressed: { answerLetter: { addressee: () => ({ department: 'DOLISA' as const, area: '58' }) } },
  } as const;

  it('throws when a mutation is not declared: nothing is writable by accident', () => {
    expect(() => applyPolicy(bare(), {}, 'test')).toThrow(PolicyError);
    expect(() => applyPolicy(bare(), { mutations: { registerHousehold: complete.mutations.registerHousehold } }, 'test'))
      .toThrow(/Mutation.assessHousehold has no policy entry.*Mutation.createSupervision has no policy entry.*Mutation.answerLetter has no policy entry/);
    expect(() => applyPolicy(bare(), complete, 'test')).not.toThrow();
  });

  it('throws on entries naming fields the schema lacks, on non-null guarded fields and on duplicates', () => {
    expect(() => applyPolicy(bare(), { ...complete, mutations: { ...complete.mutations, registerHouse: { write: 'DOLISA', area: () => '58' } } }, 'test'))
      .toThrow(/Mutation.registerHouse, but the schema has no such mutation/);
    expect(() => applyPolicy(bare(), { ...complete, personal: { 'Household.headname': { communeOf: () => '58' } } }, 'test')).toThrow(/no such field/);
    expect(() => applyPolicy(bare(), { ...complete, personal: { 'Person.name': { communeOf: () => '58' } } }, 'test')).toThrow(/not an object type/);
    expect(() => applyPolicy(bare(), { ...complete, personal: { 'Household.memberCount': { communeOf: () => '58' } } }, 'test')).toThrow(/must be nullable/);
    expect(() => applyPolicy(bare(), { ...complete, supervision: { createSupervision: { area: () => '58' }, registerHousehold: { area: () => '58' } } }, 'test'))
      .toThrow(/both/);
    expect(() => applyPolicy(bare(), { ...complete, addressed: { ...complete.addressed, createSupervision: { addressee: () => null } } }, 'test'))
      .toThrow(/Mutation.createSupervision is declared in both policy.supervision and policy.addressed/);
    expect(() => applyPolicy(bare(), { ...complete, addressed: { ...complete.addressed, answerLetters: { addressee: () => null } } }, 'test'))
      .toThrow(/Mutation.answerLetters, but the schema has no such mutation/);
    expect(() => applyPolicy(bare(), { ...complete, personal: { 'Household.headName': { communeOf: () => '58' } }, restricted: { 'Household.headName': { roles: ['officer'] } } }, 'test'))
      .toThrow(/twice/);
  });

  it('accepts a schema without mutations and no policy', () => {
    expect(() => applyPolicy(buildSchema('type Query { a: Int }'))).not.toThrow();
  });
});
