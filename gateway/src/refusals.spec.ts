import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, generateKeys, mintToken } from '@ntg/subgraph-kit';
import type { RunningServer } from '@ntg/http';
import { startGateway } from './gateway';

/**
 * A subgraph that refuses a request as a whole answers HTTP 400 with GraphQL errors written for the caller. The
 * gateway passes every one of them on, with its code and the service's name, and nothing that is not public.
 */
describe('a subgraph refusal (HTTP 400) through the gateway', () => {
  let refusal: unknown;
  let fakeDolisa: Server;
  let gateway: RunningServer;
  let headers: Record<string, string>;

  beforeAll(async () => {
    fakeDolisa = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(refusal)));
    });
    await new Promise<void>((resolve) => fakeDolisa.listen(0, '127.0.0.1', resolve));
    const keys = await generateKeys();
    gateway = await startGateway({
      port: 0, host: '127.0.0.1', introspection: false,
      auth: createVerifier({ publicKey: keys.publicKey }),
      subgraphUrls: { dolisa: `http://127.0.0.1:${(fakeDolisa.address() as AddressInfo).port}/graphql` },
    });
    const token = await mintToken({ department: 'PROVINCE', role: 'analyst', area: '58' }, keys.privateKey);
    headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  });
  afterAll(async () => {
    await gateway?.close();
    fakeDolisa?.close();
  });

  const ask = async () => (await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query: '{ commune(code: "22783") { name } }' }) })).json() as Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;

  it('passes on every error of the refusal, each with its code, its field and the service', async () => {
    refusal = { errors: [
      { message: 'Variable "$a" got an invalid value', extensions: { code: 'BAD_USER_INPUT', field: 'a', stacktrace: ['at secret (/srv/x.js:1:1)'] } },
      { message: 'Query is too costly', extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', max: 10000 } },
    ] };
    const answer = await ask();
    expect(answer.errors).toEqual([
      { message: 'Variable "$a" got an invalid value', extensions: { code: 'BAD_USER_INPUT', field: 'a', serviceName: 'dolisa' } },
      { message: 'Query is too costly', extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', max: 10000, serviceName: 'dolisa' } },
    ]);
    expect(answer.data).toEqual({ commune: null });
  });

  it('passes on no error without a public code, and never answers INTERNAL_SERVER_ERROR for a refusal', async () => {
    refusal = { errors: [
      { message: 'Fine for the caller', extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'connection to 10.0.0.5 refused', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ] };
    const mixed = await ask();
    expect(JSON.stringify(mixed)).not.toContain('10.0.0.5');
    expect(mixed.errors?.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');

    expect(mixed.errors).toEqual([{ message: 'Fine for the caller', extensions: { code: 'BAD_USER_INPUT', serviceName: 'dolisa' } }]);

    refusal = 'not a GraphQL answer';
    const garbled = await ask();
    expect(garbled.errors).toEqual([{ message: 'The dolisa subgraph refused the request (HTTP 400)', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'dolisa' } }]);
  });
});
