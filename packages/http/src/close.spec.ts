import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { serveGraphQL } from './index';

/** A server whose `slow` field answers after `ms` milliseconds, to have a request in flight while closing. */
async function slowServer(shutdownGraceMs: number) {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { slow(ms: Int!): String }',
    resolvers: { Query: { slow: async (_: unknown, { ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve('done'), ms)) } },
    stopOnTerminationSignals: false,
  });
  return serveGraphQL(apollo, { port: 0, host: '127.0.0.1', context: async () => ({}), shutdownGraceMs });
}

function ask(url: string, ms: number): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ slow(ms: ${ms}) }` }) });
}

describe('closing the server', () => {
  it('lets a request in flight finish, and accepts no new connection meanwhile', async () => {
    const server = await slowServer(5000);
    await (await ask(server.url, 0)).json(); // leaves an idle keep-alive connection behind, which must not hold close() up
    const inFlight = ask(server.url, 400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(new URL('/health', server.url))).rejects.toThrow();
    const response = await inFlight;
    expect(await response.json()).toEqual({ data: { slow: 'done' } });
    await closed;
  });

  it('cuts a request that outlasts the grace period', async () => {
    const server = await slowServer(200);
    const inFlight = ask(server.url, 10_000).then((r) => r.json());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(inFlight).rejects.toThrow();
  });
});

describe('keep-alive', () => {
  it('keeps an idle connection longer than clients do (65 s), so a client never reuses one the server is closing', async () => {
    const server = await slowServer(1000);
    try {
      const response = await ask(server.url, 0);
      await response.json();
      expect(response.headers.get('keep-alive')).toBe('timeout=65');
    } finally {
      await server.close();
    }
  });
});
