import { describe, expect, it } from 'vitest';
import { createGraphClient, lookupHouseholds, lookupModel } from './graph-client';

const answering = (body: unknown, status = 200): typeof fetch => (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;

describe('the graph client for write-time lookups', () => {
  it('forwards the caller\'s token and returns the data', async () => {
    let seen: Headers | undefined;
    const client = createGraphClient({
      url: () => 'http://graph.test/graphql',
      authorization: 'Bearer abc',
      fetch: (async (_url: string, init: RequestInit) => {
        seen = new Headers(init.headers);
        return new Response(JSON.stringify({ data: { livelihoodModel: { id: 'LM-1', status: 'ACTIVE', commune: { code: '22783' } } } }));
      }) as unknown as typeof fetch,
    });
    expect(await lookupModel(client, 'LM-1')).toEqual({ id: 'LM-1', status: 'ACTIVE', communeCode: '22783' });
    expect(seen?.get('authorization')).toBe('Bearer abc');
  });

  it('reads NOT_FOUND as "there is none"', async () => {
    const client = createGraphClient({ url: () => 'http://graph.test/graphql', authorization: undefined, fetch: answering({ data: { livelihoodModel: null }, errors: [{ message: 'No model', extensions: { code: 'NOT_FOUND' } }] }) });
    expect(await lookupModel(client, 'LM-X')).toBeNull();
  });

  it('refuses with SERVICE_UNAVAILABLE, never a guess, when the graph cannot answer', async () => {
    const unreachable = createGraphClient({ url: () => 'http://graph.test/graphql', authorization: undefined, fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
    await expect(lookupModel(unreachable, 'LM-1')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const downstream = createGraphClient({ url: () => 'http://graph.test/graphql', authorization: undefined, fetch: answering({ data: { livelihoodModel: null }, errors: [{ message: 'The dolisa subgraph did not answer', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'dolisa' } }] }) });
    await expect(lookupModel(downstream, 'LM-1')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', extensions: { serviceName: 'dolisa' } });
    const unconfigured = createGraphClient({ url: () => undefined, authorization: undefined });
    await expect(lookupModel(unconfigured, 'LM-1')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('looks many households up in chunks under the gateway\'s alias limit', async () => {
    const requests: string[] = [];
    const client = createGraphClient({
      url: () => 'http://graph.test/graphql',
      authorization: undefined,
      fetch: (async (_url: string, init: RequestInit) => {
        const { query, variables } = JSON.parse(String(init.body)) as { query: string; variables: Record<string, string> };
        requests.push(query);
        const data = Object.fromEntries(Object.entries(variables).map(([name, id], i) => [`h${name.slice(2)}`, id.endsWith('7') ? null : { id, commune: { code: '22783' } }]).map(([k, v], _i) => [k, v]));
        return new Response(JSON.stringify({ data }));
      }) as unknown as typeof fetch,
    });
    const ids = Array.from({ length: 45 }, (_, i) => `H${i}`);
    const found = await lookupHouseholds(client, [...ids, 'H1']);
    expect(requests).toHaveLength(3);
    expect(found.size).toBe(45 - ids.filter((id) => id.endsWith('7')).length);
    expect(found.get('H3')).toEqual({ id: 'H3', communeCode: '22783' });
  });
});
