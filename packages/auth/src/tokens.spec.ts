import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { SignJWT, exportSPKI } from 'jose';
import {
  DEFAULT_AUDIENCE, DEFAULT_ISSUER, createVerifier, generateKeys, loadOrCreateDevKeys, mintToken, verifierFromEnv,
  type KeyPair, type TokenVerifier,
} from './tokens';

const officer = { department: 'DOLISA', role: 'officer', area: '22783', subject: 'u-123' } as const;

async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphQLError);
  expect((error as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
  expect((error as GraphQLError).extensions.http).toMatchObject({ status: 401 });
  return error as GraphQLError;
}

describe('tokens', () => {
  let keys: KeyPair;
  let other: KeyPair;
  let verifier: TokenVerifier;
  beforeAll(async () => {
    keys = await generateKeys();
    other = await generateKeys();
    verifier = createVerifier({ publicKey: keys.publicKey });
  });

  it('round-trips the claims of a minted token into a caller', async () => {
    const token = await mintToken(officer, keys.privateKey, { expiresIn: '1h' });
    expect(await verifier.verify(token)).toEqual({ subject: 'u-123', department: 'DOLISA', role: 'officer', area: '22783', areaLevel: 'COMMUNE' });
    expect(await verifier.authenticate(`bearer ${token}`)).toMatchObject({ subject: 'u-123' });
    expect(verifier).toMatchObject({ issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
  });

  it('rejects expired tokens', async () => {
    const token = await mintToken(officer, keys.privateKey, { expiresIn: -120 });
    expect((await rejection(verifier.verify(token))).message).toMatch(/expired/);
  });

  it('rejects tokens signed with another key', async () => {
    const token = await mintToken(officer, other.privateKey);
    expect((await rejection(verifier.verify(token))).message).toMatch(/signature/);
  });

  it('rejects forged tokens: a payload changed after signing', async () => {
    const token = await mintToken({ ...officer, role: 'viewer' }, keys.privateKey);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'officer', area: '58' })).toString('base64url');
    expect((await rejection(verifier.verify(`${header}.${forged}.${signature}`))).message).toMatch(/signature/);
  });

  it('rejects unsigned and HMAC tokens (algorithm confusion)', async () => {
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', department: 'DOLISA', role: 'officer', area: '58', iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, exp: 9999999999 })).toString('base64url')}.`;
    await rejection(verifier.authenticate(`Bearer ${unsigned}`));
    await rejection(verifier.verify(unsigned));
    const hmac = await new SignJWT({ department: 'DOLISA', role: 'officer', area: '58' })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(DEFAULT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-of-sufficient-length!'));
    expect((await rejection(verifier.verify(hmac))).message).toMatch(/ES256/);
  });

  it('rejects a wrong audience or issuer', async () => {
    const audience = await mintToken(officer, keys.privateKey, { audience: 'another-app' });
    expect((await rejection(verifier.verify(audience))).message).toMatch(/audience/);
    const issuer = await mintToken(officer, keys.privateKey, { issuer: 'someone-else' });
    expect((await rejection(verifier.verify(issuer))).message).toMatch(/issuer/);
    const strict = createVerifier({ publicKey: keys.publicKey, issuer: 'https://id.ninhthuan.gov.vn', audience: 'graph' });
    await rejection(strict.verify(await mintToken(officer, keys.privateKey)));
    expect(await strict.verify(await mintToken(officer, keys.privateKey, { issuer: 'https://id.ninhthuan.gov.vn', audience: 'graph' }))).toMatchObject({ area: '22783' });
  });

  it('rejects well-signed tokens whose claims are not the graph\'s', async () => {
    const sign = (claims: Record<string, unknown>, build?: (jwt: SignJWT) => SignJWT) =>
      (build ?? ((jwt) => jwt.setSubject('u-1')))(new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }))
        .setIssuer(DEFAULT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('1h').sign(keys.privateKey);
    expect((await rejection(verifier.verify(await sign({ department: 'POLICE', role: 'officer', area: '58' })))).message).toMatch(/department/);
    expect((await rejection(verifier.verify(await sign({ department: 'DOLISA', role: 'admin', area: '58' })))).message).toMatch(/role/);
    expect((await rejection(verifier.verify(await sign({ department: 'DOLISA', role: 'officer', area: '22999' })))).message).toMatch(/area/);
    expect((await rejection(verifier.verify(await sign({ department: 'DOLISA', role: 'officer', area: 58 })))).message).toMatch(/area/);
    await rejection(verifier.verify(await sign({ department: 'DOLISA', role: 'officer', area: '58' }, (jwt) => jwt)));
    // No exp: a token must expire.
    const eternal = await new SignJWT({ department: 'DOLISA', role: 'officer', area: '58' }).setProtectedHeader({ alg: 'ES256' })
      .setSubject('u-1').setIssuer(DEFAULT_ISSUER).setAudience(DEFAULT_AUDIENCE).sign(keys.privateKey);
    await rejection(verifier.verify(eternal));
  });

  it('requires a well-formed bearer header', async () => {
    expect((await rejection(verifier.authenticate(undefined))).message).toMatch(/Missing bearer token/);
    expect((await rejection(verifier.authenticate(''))).message).toMatch(/Missing bearer token/);
    await rejection(verifier.authenticate('Basic dXNlcjpwYXNz'));
    await rejection(verifier.authenticate('Bearer not-a-jwt'));
  });

  it('refuses to mint tokens with unknown claims', async () => {
    await expect(mintToken({ department: 'DOLISA', role: 'officer', area: '999' }, keys.privateKey)).rejects.toThrow(/Area/);
  });
});

describe('verifier configuration', () => {
  let keys: KeyPair;
  let dir: string;
  beforeAll(async () => {
    keys = await generateKeys();
    dir = mkdtempSync(join(tmpdir(), 'ntg-auth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads AUTH_PUBLIC_KEY as PEM text or as the path of a PEM file, with AUTH_ISSUER and AUTH_AUDIENCE', async () => {
    expect(verifierFromEnv({})).toBeUndefined();
    const pem = await exportSPKI(keys.publicKey);
    const token = await mintToken(officer, keys.privateKey, { issuer: 'idp', audience: 'aud' });
    const fromText = verifierFromEnv({ AUTH_PUBLIC_KEY: pem, AUTH_ISSUER: 'idp', AUTH_AUDIENCE: 'aud' })!;
    expect(await fromText.verify(token)).toMatchObject({ subject: 'u-123' });
    writeFileSync(join(dir, 'public.pem'), pem);
    const fromFile = verifierFromEnv({ AUTH_PUBLIC_KEY: join(dir, 'public.pem'), AUTH_ISSUER: 'idp', AUTH_AUDIENCE: 'aud' })!;
    expect(await fromFile.verify(token)).toMatchObject({ subject: 'u-123' });
    await rejection(verifierFromEnv({ AUTH_PUBLIC_KEY: pem })!.verify(token)); // default issuer and audience
  });

  it('fetches keys from AUTH_JWKS_URL and picks them by kid', async () => {
    const second = await generateKeys();
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [second.publicJwk, keys.publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
      const verifier = verifierFromEnv({ AUTH_JWKS_URL: url })!;
      expect(await verifier.verify(await mintToken(officer, keys.privateKey, { kid: keys.kid }))).toMatchObject({ area: '22783' });
      expect(await verifier.verify(await mintToken({ ...officer, area: '58' }, second.privateKey, { kid: second.kid }))).toMatchObject({ area: '58' });
      const stranger = await generateKeys();
      await rejection(verifier.verify(await mintToken(officer, stranger.privateKey, { kid: stranger.kid })));
      await rejection(verifier.verify(await mintToken(officer, stranger.privateKey, { kid: keys.kid })));
    } finally {
      server.close();
    }
  });

  it('creates the dev key pair once and reads it back afterwards', async () => {
    const keyDir = join(dir, 'dev-keys');
    const first = await loadOrCreateDevKeys(keyDir);
    expect(first.created).toBe(true);
    expect(statSync(join(keyDir, 'private.jwk.json')).mode & 0o077).toBe(0);
    const again = await loadOrCreateDevKeys(keyDir);
    expect(again.created).toBe(false);
    expect(again.kid).toBe(first.kid);
    const token = await mintToken(officer, first.privateKey, { kid: first.kid });
    expect(await createVerifier({ publicKey: again.publicKey }).verify(token)).toMatchObject({ subject: 'u-123' });
    expect(await createVerifier({ publicKey: again.publicPemPath }).verify(await mintToken(officer, again.privateKey))).toMatchObject({ subject: 'u-123' });
    expect(await createVerifier({ publicKey: again.publicJwk }).verify(token)).toMatchObject({ subject: 'u-123' });
  });
});
