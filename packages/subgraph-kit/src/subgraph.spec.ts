import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { createScratchDatabase, type Database } from '@ntg/db';
import { createVerifier, definePolicy, generateKeys, mintToken, requireCaller, testCaller, type Caller, type KeyPair, type TokenClaims } from './auth';
import { buildSchema, startSubgraph, type StartedSubgraph, type SubgraphContext, type SubgraphDefinition } from './subgraph';
import { openTestSubgraph } from './testing';

interface TinyContext extends SubgraphContext {
  readonly createdWith?: Caller;
}

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
  type Query { whoami: String! createdWith: String household(id: ID!): Household }
  type Household @key(fields: "id") { id: ID! communeCode: ID! headName: String }
  type Mutation { registerHousehold(communeCode: ID!): Household! }
`);

function tinyDefinition(migrationsFolder: string, withPolicy = true): SubgraphDefinition<TinyContext> {
  return {
    name: 'tiny',
    defaultPort: 0,
    typeDefs,
    migrationsFolder,
    resolvers: {
      Query: {
        whoami: (_: unknown, __: unknown, ctx: TinyContext) => `${requireCaller(ctx).subject}`,
        createdWith: (_: unknown, __: unknown, ctx: TinyContext) => ctx.createdWith?.subject ?? 'none',
        household: (_: unknown, args: { id: string }) => ({ id: args.id, communeCode: '22783', headName: 'A (synthetic)' }),
      },
      Mutation: { registerHousehold: (_: unknown, args: { communeCode: string }) => ({ id: 'H-new', communeCode: args.communeCode, headName: 'B (synthetic)' }) },
    },
    createContext: (database: Database, _request, caller) => ({ database, createdWith: caller }),
    ...(withPolicy
      ? {
          policy: definePolicy<TinyContext>({
            mutations: { registerHousehold: { write: 'DOLISA', area: (args) => args.communeCode } },
            personal: { 'Household.headName': { communeOf: (h) => h.communeCode } },
          }),
        }
      : {}),
  };
}

describe('subgraph kit with authentication', () => {
  let migrations: string;
  beforeAll(() => {
    migrations = mkdtempSync(join(tmpdir(), 'ntg-kit-'));
    mkdirSync(join(migrations, 'meta'));
    writeFileSync(join(migrations, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }));
  });
  afterAll(() => rmSync(migrations, { recursive: true, force: true }));

  it('refuses to build a schema whose mutation has no policy entry', () => {
    expect(() => buildSchema(tinyDefinition(migrations, false))).toThrow(/tiny: Mutation.registerHousehold has no policy entry/);
    expect(() => buildSchema(tinyDefinition(migrations))).not.toThrow();
  });

  it('refuses to start without token verification configured', async () => {
    const saved = { jwks: process.env.AUTH_JWKS_URL, key: process.env.AUTH_PUBLIC_KEY };
    delete process.env.AUTH_JWKS_URL;
    delete process.env.AUTH_PUBLIC_KEY;
    try {
      await expect(startSubgraph(tinyDefinition(migrations), { port: 0 })).rejects.toThrow(/no token verification configured/);
    } finally {
      if (saved.jwks !== undefined) process.env.AUTH_JWKS_URL = saved.jwks;
      if (saved.key !== undefined) process.env.AUTH_PUBLIC_KEY = saved.key;
    }
  });

  describe('the test harness', () => {
    let harness: Awaited<ReturnType<typeof openTestSubgraph<TinyContext>>>;
    beforeAll(async () => {
      harness = await openTestSubgraph(tinyDefinition(migrations));
    });
    afterAll(() => harness?.close());

    it('runs as a province-wide analyst by default: reads, no personal data, no writes', async () => {
      expect((await harness.execute(`{ whoami createdWith }`)).data).toEqual({ whoami: 'test-province-analyst', createdWith: 'test-province-analyst' });
      const read = await harness.execute(`{ household(id: "H1") { id headName } }`);
      expect(read.data).toEqual({ household: { id: 'H1', headName: null } });
      expect(read.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
      const write = await harness.execute(`mutation { registerHousehold(communeCode: "22783") { id } }`);
      expect(write.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    });

    it('runs as the caller given', async () => {
      const caller = testCaller({ department: 'DOLISA', role: 'officer', area: '22783' });
      const result = await harness.execute(`mutation { registerHousehold(communeCode: "22783") { id headName } }`, {}, { caller });
      expect(result).toEqual({ data: { registerHousehold: { id: 'H-new', headName: 'B (synthetic)' } } });
      const anonymous = await harness.execute(`{ whoami }`, {}, { caller: null });
      expect(anonymous.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('over HTTP, reached directly', () => {
    let keys: KeyPair;
    let subgraph: StartedSubgraph;
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
    const token = (claims: TokenClaims, options = {}) => mintToken(claims, keys.privateKey, options);
    const post = async (query: string, authorization?: string) => {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as any };
    };
    beforeAll(async () => {
      keys = await generateKeys();
      scratch = await createScratchDatabase();
      subgraph = await startSubgraph(tinyDefinition(migrations), { port: 0, host: '127.0.0.1', dataDir: 'memory', url: scratch?.url, auth: createVerifier({ publicKey: keys.publicKey }) });
    });
    afterAll(async () => {
      await subgraph?.stop();
      await scratch?.drop();
    });

    it('answers /health without a token and nothing else', async () => {
      const health = await fetch(subgraph.url.replace('/graphql', '/health'));
      expect(health.status).toBe(200);
      const missing = await post(`{ whoami }`);
      expect(missing).toMatchObject({ status: 401, challenge: expect.stringMatching(/^Bearer/) });
      expect(missing.body).toEqual({ errors: [{ message: expect.stringMatching(/Missing bearer token/), extensions: { code: 'UNAUTHENTICATED' } }] });
      const get = await fetch(`${subgraph.url}?query=${encodeURIComponent('{ whoami }')}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(get.status).toBe(401);
    });

    it('rejects forged, expired, wrongly-signed and wrong-audience tokens', async () => {
      const claims: TokenClaims = { department: 'DOLISA', role: 'viewer', area: '22783' };
      const valid = await token(claims);
      const [h, p, sig] = valid.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'officer' })).toString('base64url');
      const other = await generateKeys();
      for (const bad of [
        `${h}.${forgedPayload}.${sig}`,
        await token(claims, { expiresIn: -3600 }),
        await mintToken(claims, other.privateKey),
        await token(claims, { audience: 'another-graph' }),
        await token(claims, { issuer: 'someone' }),
      ]) {
        const answer = await post(`{ whoami }`, `Bearer ${bad}`);
        expect(answer.status).toBe(401);
        expect(answer.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
        expect(answer.body.data).toBeUndefined();
      }
      expect((await post(`{ whoami }`, `Bearer ${valid}`)).body).toEqual({ data: { whoami: 'dolisa-viewer-22783' } });
    });

    it('applies the policy to the caller of the token', async () => {
      const officer = `Bearer ${await token({ department: 'DOLISA', role: 'officer', area: '584', subject: 'u-584' })}`;
      const other = `Bearer ${await token({ department: 'DOLISA', role: 'officer', area: '585' })}`;
      expect((await post(`{ whoami household(id: "H1") { headName } }`, officer)).body).toEqual({ data: { whoami: 'u-584', household: { headName: 'A (synthetic)' } } });
      const refused = await post(`{ household(id: "H1") { headName } }`, other);
      expect(refused.body.data).toEqual({ household: { headName: null } });
      expect(refused.body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
      expect((await post(`mutation { registerHousehold(communeCode: "22783") { id } }`, officer)).body.data).toEqual({ registerHousehold: { id: 'H-new' } });
      expect((await post(`mutation { registerHousehold(communeCode: "22783") { id } }`, other)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
