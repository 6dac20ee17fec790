import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { DEFAULT_LIMITS, type QueryLimits } from '@ntg/subgraph-kit';
import { cachedQueryLimitsPlugin, deduplicatingFetcher, keepAliveFetcher } from './fast-path';

describe('keepAliveFetcher', () => {
  const connections: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/fail') {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'refused' }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-seen-authorization': req.headers.authorization ?? '' })
        .end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
    });
  });
  server.on('connection', () => connections.push(Date.now()));
  const fetcher = keepAliveFetcher();
  afterAll(() => {
    fetcher.close();
    server.close();
  });

  it('sends the body and headers, hands the answer back as a Response, and reuses one connection for sequential calls', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    for (let i = 0; i < 20; i++) {
      const headers = new Headers({ 'content-type': 'application/json', authorization: `Bearer t${i}` });
      const response = await fetcher(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ a }', n: i }) });
      expect(response.status).toBe(200);
      expect(response.ok).toBe(true);
      expect(response.headers.get('x-seen-authorization')).toBe(`Bearer t${i}`);
      expect(await response.json()).toEqual({ data: { echo: { query: '{ a }', n: i } } });
    }
    expect(connections).toHaveLength(1);
    const refused = await fetcher(url.replace('/graphql', '/fail'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ errors: [{ message: 'refused' }] });
    expect(connections).toHaveLength(1);
  });
});

describe('cachedQueryLimitsPlugin', () => {
  const schema = buildSchema(`type Query { items(first: Int = 10): [Item!]! } type Item { id: ID! children(first: Int = 10): [Item!]! }`);
  const limits: QueryLimits = { ...DEFAULT_LIMITS, maxDepth: 3, maxCost: 500 };
  const server = new ApolloServer({ schema, plugins: [cachedQueryLimitsPlugin(limits)], rootValue: { items: () => [] } });
  const code = async (query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    return result?.errors?.[0]?.extensions?.code ?? 'OK';
  };

  it('refuses the same documents as the limits do, every time, and measures again for other variables', async () => {
    await server.start();
    const deep = '{ items { children { children { children { id } } } } }';
    expect(await code(deep)).toBe('QUERY_LIMIT_EXCEEDED');
    expect(await code(deep)).toBe('QUERY_LIMIT_EXCEEDED');
    const sized = 'query ($n: Int!) { items(first: $n) { children(first: $n) { id } } }';
    expect(await code(sized, { n: 5 })).toBe('OK');
    expect(await code(sized, { n: 100 })).toBe('QUERY_LIMIT_EXCEEDED');
    expect(await code(sized, { n: 5 })).toBe('OK');
    expect(await code(sized, { n: 100 })).toBe('QUERY_LIMIT_EXCEEDED');
    await server.stop();
  });
});

describe('deduplicatingFetcher', () => {
  const received: string[] = [];
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push(`${req.headers.authorization} ${body}`);
      await gate;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { n: received.length, seen: req.headers.authorization } }));
    });
  });
  const inner = keepAliveFetcher();
  const fetcher = deduplicatingFetcher(inner);
  afterAll(() => {
    inner.close();
    server.close();
  });
  const send = (url: string, body: string, authorization: string) =>
    fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body }).then(async (r) => ({ status: r.status, json: (await r.json()) as { data: { n: number; seen: string } } }));

  it('sends identical queries in flight together once and hands each caller the whole answer', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const query = JSON.stringify({ query: 'query Q__dolisa__0{commune(code:"22783"){name}}', variables: {} });
    gate = new Promise((resolve) => { release = resolve; });
    const together = Array.from({ length: 10 }, () => send(url, query, 'Bearer a'));
    const otherCaller = send(url, query, 'Bearer b');
    const mutation = JSON.stringify({ query: 'mutation M{recordX{id}}', variables: {} });
    const writes = [send(url, mutation, 'Bearer a'), send(url, mutation, 'Bearer a')];
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const answers = await Promise.all(together);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    expect((await otherCaller).json.data.seen).toBe('Bearer b');
    await Promise.all(writes);
    // One request for the ten, one for the other caller's token, and both mutations.
    expect(received.filter((r) => r.startsWith('Bearer a {"query":"query'))).toHaveLength(1);
    expect(received.filter((r) => r.startsWith('Bearer b'))).toHaveLength(1);
    expect(received.filter((r) => r.includes('mutation'))).toHaveLength(2);
  });

  it('keeps nothing once the answer is in: the same query afterwards is sent again', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const query = JSON.stringify({ query: '{ a }' });
    const before = received.length;
    const first = await send(url, query, 'Bearer a');
    const second = await send(url, query, 'Bearer a');
    expect(received.length - before).toBe(2);
    expect(second.json.data.n).toBe(first.json.data.n + 1);
  });
});
