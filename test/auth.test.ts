import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startGateway } from '@ntg/gateway';
import { createVerifier, generateKeys, mintToken, type TokenClaims } from '@ntg/subgraph-kit';
import { ANALYST, startTestGraph, type GraphQLResponse, type TestGraph } from './support/graph';

/** Authentication, personal data and query limits, through the gateway over HTTP and directly at the subgraphs. */
describe('who may see what, over HTTP', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
  });
  afterAll(() => graph?.stop());

  const subgraphRequests = () => graph.subgraphs.reduce((sum, s) => sum + s.requests(), 0);

  async function post(url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse<any> };
  }

  /** Tokens the graph must reject, each with what is wrong with it. */
  async function badTokens(): Promise<[string, string][]> {
    const claims: TokenClaims = { department: 'DOLISA', role: 'viewer', area: '22783', subject: 'someone' };
    const valid = await graph.tokenFor(claims);
    const [header, payload, signature] = valid.split('.');
    const raised = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), role: 'officer', area: '58' };
    const stranger = await generateKeys();
    return [
      ['forged (payload changed after signing)', `${header}.${Buffer.from(JSON.stringify(raised)).toString('base64url')}.${signature}`],
      ['expired', await graph.tokenFor(claims, { expiresIn: -3600 })],
      ['signed with another key', await mintToken(claims, stranger.privateKey, { expiresIn: '1h' })],
      ['for another audience', await graph.tokenFor(claims, { audience: 'some-other-app' })],
      ['from another issuer', await graph.tokenFor(claims, { issuer: 'https://evil.example' })],
      ['not a JWT', 'abc.def'],
    ];
  }

  describe('authentication', () => {
    it('answers UNAUTHENTICATED (401) without a token, before any subgraph is called; /health still answers', async () => {
      const before = subgraphRequests();
      const missing = await post(graph.url, `{ province { name } }`);
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ errors: [{ message: expect.stringMatching(/Missing bearer token/), extensions: { code: 'UNAUTHENTICATED' } }] });
      expect(subgraphRequests()).toBe(before);
      for (const url of [graph.url, ...graph.subgraphs.map((s) => s.url)]) {
        const health = await fetch(url.replace('/graphql', '/health'));
        expect(health.status).toBe(200);
      }
    });

    it('rejects forged, expired, wrongly-signed, wrong-audience and wrong-issuer tokens at the gateway', async () => {
      const before = subgraphRequests();
      for (const [what, token] of await badTokens()) {
        const answer = await post(graph.url, `{ province { name } }`, { authorization: `Bearer ${token}` });
        expect(answer.status, what).toBe(401);
        expect(answer.body.errors?.map((e) => e.extensions?.code), what).toEqual(['UNAUTHENTICATED']);
        expect(answer.body.data, what).toBeUndefined();
      }
      expect(subgraphRequests()).toBe(before);
    });

    it('rejects the same tokens, and no token, directly at every subgraph', async () => {
      const tokens = await badTokens();
      for (const subgraph of graph.subgraphs) {
        const missing = await post(subgraph.url, `{ _service { sdl } }`);
        expect(missing.status, subgraph.name).toBe(401);
        for (const [what, token] of tokens) {
          const answer = await post(subgraph.url, `{ _service { sdl } }`, { authorization: `Bearer ${token}` });
          expect(answer.status, `${subgraph.name}: ${what}`).toBe(401);
          expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        }
        const ok = await post(subgraph.url, `{ __typename }`, analyst);
        expect(ok.body, subgraph.name).toEqual({ data: { __typename: 'Query' } });
      }
    });
  });

  describe('personal data', () => {
    const HEADS = `{ commune(code: "22783") { households(first: 5) { edges { node { id commune { code } headName headIdNumber } } } } }`;

    it('reach a DOLISA officer whose area covers the household, through the gateway that forwards the token', async () => {
      for (const area of ['22783', '584', '58']) {
        const result = await graph.query(HEADS, {}, await graph.headersFor({ department: 'DOLISA', role: 'officer', area }));
        expect(result.errors, area).toBeUndefined();
        const nodes = result.data.commune.households.edges.map((e: any) => e.node);
        expect(nodes.length).toBeGreaterThan(0);
        const names = await graph.database('dolisa').rows<{ id: string; head_name: string }>(
          sql`select id, head_name from dolisa.households where id in ${nodes.map((n: any) => n.id)}`,
        );
        for (const node of nodes) expect(node.headName).toBe(names.find((n) => n.id === node.id)!.head_name);
      }
    });

    it('are null with FORBIDDEN for an analyst, a supervisor, another department and a DOLISA officer of another commune', async () => {
      const callers: TokenClaims[] = [
        ANALYST,
        { department: 'FRONT', role: 'supervisor', area: '58' },
        { department: 'FINANCE', role: 'officer', area: '58' },
        { department: 'DOLISA', role: 'analyst', area: '58' },
        { department: 'DOLISA', role: 'officer', area: '22786' },
        { department: 'DOLISA', role: 'officer', area: '585' },
      ];
      for (const claims of callers) {
        const result = await graph.query(HEADS, {}, await graph.headersFor(claims));
        const nodes = result.data.commune.households.edges.map((e: any) => e.node);
        expect(nodes.length).toBeGreaterThan(0);
        for (const node of nodes) expect(node, JSON.stringify(claims)).toMatchObject({ headName: null, headIdNumber: null, commune: { code: '22783' } });
        expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
      }
    });

    it('never reach an analyst: every household of the seeded province, through the gateway and directly at DOLISA', async () => {
      const rows = await graph.database('dolisa').rows<{ id: string; head_name: string; head_id_number: string | null }>(
        sql`select id, head_name, head_id_number from dolisa.households`,
      );
      expect(rows.length).toBeGreaterThan(1000);
      const secrets = rows.flatMap((r) => [r.head_name, r.head_id_number]).filter((v): v is string => !!v && v.length >= 6);
      const page = `query($after: String) { province { households(first: 500, after: $after) { totalCount
        pageInfo { hasNextPage endCursor } edges { node { id headName headIdNumber } } } } }`;
      const dolisa = graph.subgraphs.find((s) => s.name === 'dolisa')!;
      let seen = 0;
      let listed = 0;
      for (const url of [graph.url, dolisa.url]) {
        let after: string | null = null;
        do {
          const { body } = await post(url, page, analyst, { after });
          const text = JSON.stringify(body);
          for (const secret of secrets) if (text.includes(secret)) throw new Error(`personal data reached an analyst via ${url}`);
          const connection = body.data.province.households;
          for (const { node } of connection.edges) expect(node).toMatchObject({ headName: null, headIdNumber: null });
          seen += connection.edges.length;
          if (!after) listed += connection.totalCount;
          after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        } while (after);
      }
      expect(seen).toBe(listed);
      expect(listed).toBeGreaterThan(1.8 * rows.length); // the registry lists all but dissolved households

      // Entity resolution, the way the gateway asks DOLISA for households, is guarded the same way.
      const representations = rows.slice(0, 50).map((r) => ({ __typename: 'Household', id: r.id }));
      const entities = await post(dolisa.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id headName headIdNumber } } }`, analyst, { r: representations });
      expect(entities.body.data._entities).toHaveLength(50);
      for (const entity of entities.body.data._entities) expect(entity).toMatchObject({ headName: null, headIdNumber: null });
      for (const secret of secrets) expect(JSON.stringify(entities.body)).not.toContain(secret);
    });
  });

  describe('query limits at the gateway', () => {
    async function refused(query: string, variables?: Record<string, unknown>) {
      const before = subgraphRequests();
      const answer = await post(graph.url, query, analyst, variables);
      expect(subgraphRequests()).toBe(before); // refused before any subgraph was called
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toHaveLength(1);
      expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
      return answer.body.errors![0]!;
    }

    it('refuse a query too deep', async () => {
      let nested = 'id';
      for (let i = 0; i < 4; i++) nested = `livelihoodModels { model { participants { household { ${nested} } } } }`;
      const error = await refused(`{ household(id: "x") { ${nested} } }`);
      expect(error.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth', max: 12 });
      expect(error.message).toMatch(/^Query depth (at least )?\d+ exceeds the maximum depth 12$/);
    });

    it('refuse too many aliases', async () => {
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: province { name }`).join(' ');
      const error = await refused(`{ ${aliases} }`);
      expect(error.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases', max: 30 });
      expect(error.message).toMatch(/aliases; at most 30 are allowed/);
    });

    it('refuse a query over the cost budget and pages over 500', async () => {
      const error = await refused(`query($n: Int) { communes { households(first: $n) { edges { node { id assessments { year classification } } } } } }`, { n: 400 });
      expect(error.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', max: 100_000 });
      expect(error.message).toMatch(/^Query cost estimate \d+ exceeds the budget 100000/);
      const page = await refused(`{ province { households(first: 1000) { totalCount } } }`);
      expect(page.message).toBe('A page of 1000 exceeds the largest page size 500 (first)');
    });

    it('refuse a query of too many tokens, in the parser', async () => {
      const fields = Array.from({ length: 3500 }, () => 'name').join(' ');
      const error = await refused(`{ province { ${fields} } }`);
      expect(error.extensions).toEqual({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'tokens', max: 3000 });
      expect(error.message).toBe('Query has more than 3000 tokens; at most 3000 are allowed');
    });

    it('let the README\'s first query through', async () => {
      const before = subgraphRequests();
      const result = await graph.query(`{
        province {
          name
          povertyStats(year: 2023) { households poor poorRate poorRateChangePp minorityPoor }
          districts { name povertyTrend(from: 2022, to: 2024) { year poorRate poorRateChangePp } }
        }
        commune(code: "22783") {
          name kind district { name }
          povertyStats(year: 2024) { households poor poorRate }
          ethnicArea
          fundingSummary(year: 2024) { approved disbursed }
          agricultureSupport(year: 2024) { supportEvents householdsReached }
          supervisions { date subject recommendations { status dueDate } }
        }
      }`, {}, analyst);
      expect(result.errors).toBeUndefined();
      expect(result.data.province.districts).toHaveLength(7);
      expect(subgraphRequests()).toBeGreaterThan(before);
    });
  });

  describe('introspection and the landing page', () => {
    let closed: Awaited<ReturnType<typeof startGateway>> | undefined;
    afterAll(() => closed?.close());

    it('are on in development (the landing page needs no token; queries do) and can be switched off', async () => {
      const introspect = `{ __schema { queryType { name } } }`;
      expect((await post(graph.url, introspect, analyst)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      const landing = await fetch(graph.url, { headers: { accept: 'text/html' } });
      expect(landing.headers.get('content-type')).toMatch(/text\/html/);

      closed = await startGateway({
        port: 0, host: '127.0.0.1', introspection: false,
        subgraphUrls: Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])),
        auth: createVerifier({ publicKey: graph.keys.publicKey }),
      });
      const refused = await post(closed.url, introspect, analyst);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
      const noLanding = await fetch(closed.url, { headers: { accept: 'text/html' } });
      expect(noLanding.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect((await post(closed.url, `{ province { name } }`, analyst)).body).toEqual({ data: { province: { name: 'Ninh Thuận' } } });
    });
  });
});
