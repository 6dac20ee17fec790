import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGraphQL, type RunningServer } from './index';

describe('extra routes', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'xin chào' } } });
    server = await serveGraphQL(apollo, {
      port: 0,
      host: '127.0.0.1',
      context: async () => ({}),
      routes: async (request, response, url) => {
        if (url.pathname === '/hello' || (url.pathname === '/graphql' && request.method === 'GET' && url.searchParams.has('page'))) {
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(`route ${url.pathname}`);
          return true;
        }
        return false;
      },
    });
  });
  afterAll(() => server?.close());

  it('answer before the GraphQL path, and leave everything else to it', async () => {
    expect(await (await fetch(server.url.replace('/graphql', '/hello'))).text()).toBe('route /hello');
    expect(await (await fetch(`${server.url}?page=1`)).text()).toBe('route /graphql');
    const graphql = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ hello }"}' });
    expect(await graphql.json()).toEqual({ data: { hello: 'xin chào' } });
    expect((await fetch(server.url.replace('/graphql', '/elsewhere'))).status).toBe(404);
    expect(server.requests()).toBe(1);
  });
});
