import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST, DOLISA_OFFICER, startTestGraph, type TestGraph } from './support/graph';

/** `province { districts { province { districts … } } }` nested `levels` times: 7^levels units if nothing stops it. */
function unitSelection(levels: number): string {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `districts { province { ${selection} } }`;
  return selection;
}
const unitBomb = (levels: number) => `{ province { ${unitSelection(levels)} } }`;
/** The same bomb for a subgraph without a root `province` field: every subgraph resolves Province entities. */
const entityBomb = (levels: number) => `{ _entities(representations: [{ __typename: "Province", code: "58" }]) { ... on Province { ${unitSelection(levels)} } } }`;

/**
 * The same limits at every door: the gateway, and each subgraph reached directly with a valid token, refuse what
 * could take a process down (the depth-21 bomb that once exhausted the heap, thousands of entity representations),
 * hide the schema's details when introspection is off, hand `_service` only to composition tooling, and show audit
 * entries only of the reader's area.
 */
describe('the same limits at every door', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  const post = async (url: string, query: string, headers: Record<string, string>, variables?: Record<string, unknown>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };

  // Set before the graph starts, so services of their own (GRAPH_LAYOUT=split) inherit it too.
  const savedCompositionKey = process.env.GRAPH_COMPOSITION_KEY;
  beforeAll(async () => {
    process.env.GRAPH_COMPOSITION_KEY = 'composition-secret-for-this-test';
    graph = await startTestGraph(undefined, { introspection: false });
    analyst = await graph.headersFor(ANALYST);
  });
  afterAll(async () => {
    await graph?.stop();
    if (savedCompositionKey === undefined) delete process.env.GRAPH_COMPOSITION_KEY;
    else process.env.GRAPH_COMPOSITION_KEY = savedCompositionKey;
  });

  it('refuses the depth-21 bomb at the gateway and straight at every subgraph, and every process stays up', async () => {
    const bomb = unitBomb(10);
    const atGateway = await post(graph.url, bomb, analyst);
    expect(atGateway.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth' });
    for (const subgraph of graph.subgraphs) {
      const direct = await post(subgraph.url, entityBomb(10), analyst);
      expect(direct.body.errors?.[0]?.extensions, subgraph.name).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth' });
    }
    expect((await post(graph.url, '{ province { name } }', analyst)).body).toEqual({ data: { province: { name: expect.any(String) } } });
  });

  it('refuses thousands of entity representations, nested, at every subgraph', async () => {
    // 20,001 short representations fit the 1 MB body limit; the representation cap refuses them.
    const representations = Array.from({ length: 20_001 }, () => ({ __typename: 'Commune', code: '1' }));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { district { communes { district { communes { code } } } } } } }`;
    for (const subgraph of graph.subgraphs) {
      const answer = await post(subgraph.url, query, analyst, { r: representations });
      expect(answer.body.errors?.[0]?.extensions, subgraph.name).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'representations', max: 20_000 });
    }
    // Within the cap, the nested selection's cost (each representation times 16 communes twice) is refused.
    const nested = await post(graph.subgraphs[0]!.url, query, analyst, { r: representations.slice(0, 5000) });
    expect(nested.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost' });
    // A body over 1 MB is refused before it is parsed.
    const huge = Array.from({ length: 30_000 }, () => ({ __typename: 'Commune', code: '22783' }));
    const tooLarge = await post(graph.subgraphs[0]!.url, query, analyst, { r: huge });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    // A few hundred, as the gateway sends, pass (within the cost budget).
    const fine = await post(graph.subgraphs[0]!.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code } } }`, analyst, { r: representations.slice(0, 300) });
    expect(fine.body.errors).toBeUndefined();
  });

  it('gives no field suggestions where introspection is off, at the gateway and at the subgraphs', async () => {
    for (const url of [graph.url, ...graph.subgraphs.map((s) => s.url)]) {
      const answer = await post(url, '{ province { povertyStat } }', analyst);
      expect(answer.body.errors?.[0]?.message, url).not.toMatch(/Did you mean/);
      expect(answer.body.errors?.[0]?.extensions?.code, url).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('hands _service { sdl } only to composition tooling holding the credential', async () => {
    const refused = await post(graph.subgraphs[0]!.url, '{ _service { sdl } }', analyst);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wrong = await post(graph.subgraphs[0]!.url, '{ _service { sdl } }', { ...analyst, 'x-composition-key': 'guess' });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = await post(graph.subgraphs[0]!.url, '{ _service { sdl } }', { ...analyst, 'x-composition-key': 'composition-secret-for-this-test' });
    expect(allowed.body).toEqual({ data: { _service: { sdl: expect.stringContaining('type Household') } } });
  });

  it('refuses text holding a NUL character and caps directives', async () => {
    const nul = await post(graph.url, 'query($c: ID!) { commune(code: $c) { name } }', analyst, { c: '227\u000083' });
    expect(nul.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'c' });
    // The cap is a validation rule, so Apollo Server answers it as GRAPHQL_VALIDATION_FAILED (with limit: directives).
    const directives = await post(graph.url, `{ province { name ${'@include(if: true) '.repeat(60)} } }`, analyst);
    expect(directives.body.errors?.find((e) => e.extensions?.limit === 'directives')?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', actual: 60, max: 50 });
    expect(directives.body.errors?.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    for (const subgraph of graph.subgraphs) {
      const direct = await post(subgraph.url, `{ _entities(representations: []) { __typename ${'@include(if: true) '.repeat(60)} } }`, analyst);
      // Repeating @include on one field also breaks "unique directives per location"; the cap is among the errors.
      expect(direct.body.errors?.map((e) => e.extensions?.limit), subgraph.name).toContain('directives');
    }
  });

  it('shows audit entries only about units of the reader\'s area', async () => {
    const officer = await graph.headersFor(DOLISA_OFFICER);
    const register = (commune: string) => post(graph.url, `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id } }`, officer,
      { i: { communeCode: commune, memberCount: 2, headEthnicGroupCode: '01', headName: `Audit ${commune} (synthetic)`, registeredOn: '2024-01-01' } });
    const inBacAi = (await register('22783')).body.data as { registerHousehold: { id: string } };
    const inPhanRang = (await register('22738')).body.data as { registerHousehold: { id: string } };
    const read = async (area: string) => {
      const answer = await post(graph.url, '{ dolisaAuditLog(first: 500, entity: "Household") { edges { node { entityKey } } } }',
        await graph.headersFor({ department: 'DOLISA', role: 'supervisor', area }));
      return (answer.body.data as { dolisaAuditLog: { edges: { node: { entityKey: string } }[] } }).dolisaAuditLog.edges.map((e) => e.node.entityKey);
    };
    const bacAi = await read('584');
    expect(bacAi).toContain(inBacAi.registerHousehold.id);
    expect(bacAi).not.toContain(inPhanRang.registerHousehold.id);
    expect(await read('58')).toEqual(expect.arrayContaining([inBacAi.registerHousehold.id, inPhanRang.registerHousehold.id]));
  });
});
