import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '@ntg/db';
import { GATEWAY, startSplitGraph, type SplitGraph } from '@ntg/launcher';
import { workspaceRoot, type TokenClaims } from '@ntg/subgraph-kit';
import { ANALYST, TEST_SEED, type GraphQLResponse } from './support/graph';
import { startHiveGateway, type RunningHiveGateway } from './support/hive-gateway';
import { isolatedEnv } from './support/split';

const READY_WITHIN_MS = 240_000;
const DOLISA_OFFICER_OF_COMMUNE: TokenClaims = { department: 'DOLISA', role: 'officer', area: '22783', subject: 'hive-test-officer' };

const savedQuery = (name: string) => readFileSync(join(workspaceRoot(), 'queries', `${name}.graphql`), 'utf8');

/**
 * Hive Gateway as a drop-in for ours: the committed supergraph and the running subgraphs (each a process of its
 * own, as deployed) served unchanged by `hive-gateway`. It runs none of our gateway's code: the token is only
 * forwarded, and the subgraphs check it and apply their own policy and limits.
 */
describe('Hive Gateway in front of the split subgraphs', () => {
  let graph: SplitGraph | undefined;
  let hive: RunningHiveGateway | undefined;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataDir: string;
  const headers: Record<string, Record<string, string>> = {};

  async function post<T = any>(url: string, query: string, variables?: Record<string, unknown>, extra: Record<string, string> = {}) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...extra },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'ntg-hive-'));
    graph = await startSplitGraph({
      env: isolatedEnv({ NTG_DATA_DIR: dataDir, DATABASE_URL: scratch?.url, SEED: String(TEST_SEED.seed), SEED_SCALE: String(TEST_SEED.scale) }),
      ports: 'free',
      readyTimeoutMs: READY_WITHIN_MS,
    });
    const subgraphUrls = Object.fromEntries(graph.services.filter((s) => s !== GATEWAY).map((s) => [s, graph!.urls[s]!]));
    hive = await startHiveGateway(subgraphUrls);
    headers.analyst = { authorization: `Bearer ${await graph.auth.dev!.mint(ANALYST)}` };
    headers.officer = { authorization: `Bearer ${await graph.auth.dev!.mint(DOLISA_OFFICER_OF_COMMUNE)}` };
  }, READY_WITHIN_MS + 150_000);

  afterAll(async () => {
    await hive?.stop();
    await graph?.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the saved dashboards exactly as our gateway does, with data from all five departments', async () => {
    for (const [name, variables] of [['commune-dashboard', { code: '22783', year: 2024 }], ['province-overview', { year: 2024 }]] as const) {
      const ours = await post(graph!.url, savedQuery(name), variables, headers.analyst);
      const theirs = await post(hive!.url, savedQuery(name), variables, headers.analyst);
      expect(ours.body.errors, name).toBeUndefined();
      expect(theirs.body.errors, `${name} through Hive Gateway:\n${hive!.output()}`).toBeUndefined();
      expect(theirs.body.data).toEqual(ours.body.data);
    }
    const { body } = await post(hive!.url, savedQuery('commune-dashboard'), { code: '22783', year: 2024 }, headers.analyst);
    const commune = body.data.commune;
    expect(commune).toMatchObject({ name: 'Phước Bình', district: { name: expect.any(String) }, fundingSummary: { approved: expect.any(Number) } });
    expect(commune.povertyStats.households).toBeGreaterThan(0);
    expect(commune.livelihoodModels.length).toBeGreaterThan(0);
  });

  it('carries a mutation with the caller\'s token: a DOLISA officer of the commune registers a household, read back through our gateway', async () => {
    const name = 'Hive Gateway Test Household (synthetic)';
    const written = await post(hive!.url, `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id headName commune { code } } }`, {
      input: { communeCode: '22783', memberCount: 4, headEthnicGroupCode: '21', headName: name, registeredOn: '2024-03-01' },
    }, headers.officer);
    expect(written.body.errors).toBeUndefined();
    const household = written.body.data.registerHousehold;
    // headName is personal data: the officer of the commune reads it back, which proves the subgraph saw the token.
    expect(household).toMatchObject({ id: expect.any(String), headName: name, commune: { code: '22783' } });
    const read = await post(graph!.url, `query($id: ID!) { household(id: $id) { id headName memberCount } }`, { id: household.id }, headers.officer);
    expect(read.body.data.household).toEqual({ id: household.id, headName: name, memberCount: 4 });
  });

  it('refuses a caller without a token at the subgraph (UNAUTHENTICATED), and an analyst\'s mutation (FORBIDDEN), writing nothing', async () => {
    const anonymous = await post(hive!.url, `{ province { name povertyStats(year: 2024) { households } } }`);
    expect(anonymous.body.data?.province ?? null).toBeNull();
    expect(anonymous.body.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');

    const before = await post(graph!.url, `{ commune(code: "22783") { households(first: 1) { totalCount } } }`, {}, headers.officer);
    const refused = await post(hive!.url, `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }`, {
      input: { communeCode: '22783', memberCount: 2, headEthnicGroupCode: '21', headName: 'Refused (synthetic)', registeredOn: '2024-03-01' },
    }, headers.analyst);
    expect(refused.body.data?.registerHousehold ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await post(graph!.url, `{ commune(code: "22783") { households(first: 1) { totalCount } } }`, {}, headers.officer);
    expect(after.body.data).toEqual(before.body.data);
  });

  it('passes on a limit refusal answered by the subgraph, since Hive Gateway runs none of our limits', async () => {
    // 40 aliases of distinct communes: one DOLISA operation, refused there (at most 30 aliases).
    const codes = ['22783', '22786', '22789', '22792', '22795', '22798', '22801', '22804'];
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: commune(code: "${codes[i % codes.length]}") { name }`).join(' ');
    const answer = await post(hive!.url, `{ ${aliases} }`, {}, headers.analyst);
    // Hive Gateway nulls each (nullable) root field and passes DOLISA's refusal on for each, with its code.
    expect(Object.values(answer.body.data ?? {}).every((value) => value === null), JSON.stringify(answer.body).slice(0, 500)).toBe(true);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    for (const error of answer.body.errors!) {
      expect(error.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases', max: 30, serviceName: 'dolisa' });
    }

    // A page above 500, likewise: DOLISA refuses it, through a gateway that checks nothing.
    const page = await post(hive!.url, `{ province { households(first: 1000) { totalCount } } }`, {}, headers.analyst);
    expect(page.body.data?.province ?? null).toBeNull();
    expect(page.body.errors?.[0]?.message).toBe('A page of 1000 exceeds the largest page size 500 (first)');
  });
});
