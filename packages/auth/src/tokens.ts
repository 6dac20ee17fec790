import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SignJWT, calculateJwkThumbprint, createRemoteJWKSet, errors, exportJWK, exportSPKI, generateKeyPair, importJWK, importSPKI, jwtVerify,
  type CryptoKey, type JWK, type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
import { areaLevelOf, isDepartment, isRole, makeCaller, type Caller, type Department, type Role } from './caller';
import { unauthenticated } from '@ntg/errors';

/** The only signature algorithm accepted: ECDSA P-256 with SHA-256. */
export const TOKEN_ALGORITHM = 'ES256';
export const DEFAULT_ISSUER = 'ntg-dev';
export const DEFAULT_AUDIENCE = 'ninh-thuan-poverty-graph';
export const DEFAULT_TOKEN_LIFETIME = '8h';

/** What a token says about its holder (besides iss, aud, iat, exp). */
export interface TokenClaims {
  /** `sub`; a readable default is derived from the other claims when omitted. */
  subject?: string;
  department: Department;
  role: Role;
  /** GSO code: "58", a district (3 digits) or a commune (5 digits). */
  area: string;
}

/** A public key object (jose, WebCrypto) or a public JWK. */
export type VerificationKey = CryptoKey | JWK;

export interface VerifierConfig {
  /** A public key: a key object, a JWK, or SPKI PEM text. */
  publicKey?: VerificationKey | string;
  /** A JWKS endpoint (the identity provider's); keys are fetched and cached by `kid`. */
  jwksUrl?: string | URL;
  issuer?: string;
  audience?: string;
  /** Allowed clock skew for exp/nbf, in seconds (default 30). */
  clockToleranceSeconds?: number;
}

export interface TokenVerifier {
  readonly issuer: string;
  readonly audience: string;
  /** Verifies a compact JWT; resolves to the caller or rejects with an UNAUTHENTICATED GraphQLError. */
  verify(token: string): Promise<Caller>;
  /** Reads `Authorization: Bearer <token>` (any case); a missing or malformed header is UNAUTHENTICATED. */
  authenticate(authorization: string | readonly string[] | undefined | null): Promise<Caller>;
}

function isPem(text: string): boolean {
  return text.trimStart().startsWith('-----BEGIN');
}

async function resolveKey(publicKey: VerificationKey | string): Promise<CryptoKey> {
  if (typeof publicKey === 'string') {
    const pem = isPem(publicKey) ? publicKey : readFileSync(publicKey, 'utf8');
    return importSPKI(pem, TOKEN_ALGORITHM);
  }
  if (typeof (publicKey as JWK).kty === 'string') return (await importJWK(publicKey as JWK, TOKEN_ALGORITHM)) as CryptoKey;
  return publicKey as CryptoKey;
}

/** Maps jose's failures to a caller-facing reason; anything else (a JWKS endpoint down) stays an internal error. */
function toUnauthenticated(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return unauthenticated('Token expired: sign in again');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return unauthenticated('Token is not meant for this graph (audience)');
    if (error.claim === 'iss') return unauthenticated('Token is from an untrusted issuer');
    return unauthenticated(`Token claim "${error.claim}" is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return unauthenticated('Token signature is not valid');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return unauthenticated(`Token must be signed with ${TOKEN_ALGORITHM}`);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return unauthenticated('Token is malformed');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new Error(`Could not fetch the signing keys: ${(error as Error).message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Checks the graph's own claims and turns the payload into a caller. */
export function callerFromPayload(payload: JWTPayload): Caller {
  const { sub, department, role, area } = payload as JWTPayload & Record<string, unknown>;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw unauthenticated('Token has no subject (sub)');
  if (!isDepartment(department)) throw unauthenticated('Token claim "department" is not a department of the programme');
  if (!isRole(role)) throw unauthenticated('Token claim "role" is not one of officer, supervisor, analyst, viewer');
  if (!areaLevelOf(area)) throw unauthenticated('Token claim "area" is not a Ninh Thuận unit code');
  return makeCaller({ subject: sub, department, role, area: area as string });
}

/** A verifier from explicit configuration: a JWKS URL or a public key, plus the expected issuer and audience. */
export function createVerifier(config: VerifierConfig): TokenVerifier {
  const issuer = config.issuer ?? DEFAULT_ISSUER;
  const audience = config.audience ?? DEFAULT_AUDIENCE;
  const clockTolerance = config.clockToleranceSeconds ?? 30;
  let getKey: Promise<CryptoKey> | JWTVerifyGetKey;
  if (config.jwksUrl) {
    getKey = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  } else if (config.publicKey) {
    getKey = resolveKey(config.publicKey);
    getKey.catch(() => {}); // reported on first use
  } else {
    throw new Error('Token verification needs AUTH_JWKS_URL or AUTH_PUBLIC_KEY (or a key in the configuration)');
  }

  async function verify(token: string): Promise<Caller> {
    let payload: JWTPayload;
    try {
      const options = { issuer, audience, algorithms: [TOKEN_ALGORITHM], clockTolerance, requiredClaims: ['exp', 'sub'] };
      const result = typeof getKey === 'function'
        ? await jwtVerify(token, getKey, options)
        : await jwtVerify(token, await getKey, options);
      payload = result.payload;
    } catch (error) {
      throw toUnauthenticated(error);
    }
    return callerFromPayload(payload);
  }

  return {
    issuer,
    audience,
    verify,
    async authenticate(authorization) {
      const header = Array.isArray(authorization) ? authorization[0] : authorization;
      if (typeof header !== 'string' || header.trim() === '') {
        throw unauthenticated('Missing bearer token: send "Authorization: Bearer <token>"');
      }
      const match = /^Bearer\s+([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)\s*$/i.exec(header);
      if (!match) throw unauthenticated('Authorization header must be "Bearer <JWT>"');
      return verify(match[1]!);
    },
  };
}

/**
 * The verifier the environment configures: AUTH_JWKS_URL (an identity provider's key set) or AUTH_PUBLIC_KEY
 * (SPKI PEM text, or the path of a PEM file), with AUTH_ISSUER and AUTH_AUDIENCE (defaults "ntg-dev" and
 * "ninh-thuan-poverty-graph"). Undefined when neither key source is set.
 */
export function verifierFromEnv(env: NodeJS.ProcessEnv = process.env): TokenVerifier | undefined {
  const jwksUrl = env.AUTH_JWKS_URL?.trim();
  const publicKey = env.AUTH_PUBLIC_KEY?.trim();
  if (!jwksUrl && !publicKey) return undefined;
  return createVerifier({
    ...(jwksUrl ? { jwksUrl } : { publicKey: publicKey! }),
    issuer: env.AUTH_ISSUER?.trim() || undefined,
    audience: env.AUTH_AUDIENCE?.trim() || undefined,
  });
}

export interface MintOptions {
  /** A jose time span ("8h", "15m", "7d") or seconds; default 8h. */
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
  /** Key id for the header, so a JWKS with several keys finds the right one. */
  kid?: string;
}

/** Signs a token for the given claims; the claims are checked first (unknown department, role or area throw). */
export async function mintToken(claims: TokenClaims, privateKey: CryptoKey | JWK, options: MintOptions = {}): Promise<string> {
  const caller = makeCaller(claims);
  const key = typeof (privateKey as JWK).kty === 'string' ? await importJWK(privateKey as JWK, TOKEN_ALGORITHM) : privateKey;
  const expiresIn = options.expiresIn ?? DEFAULT_TOKEN_LIFETIME;
  return new SignJWT({ department: caller.department, role: caller.role, area: caller.area })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject(caller.subject)
    .setIssuer(options.issuer ?? DEFAULT_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
    .sign(key as CryptoKey);
}

export interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  readonly publicJwk: JWK;
}

/** A fresh ES256 key pair in memory (tests). */
export async function generateKeys(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, publicKey, kid, publicJwk: { ...publicJwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' } };
}

export interface DevKeys extends KeyPair {
  readonly dir: string;
  /** True when this call generated the pair. */
  readonly created: boolean;
  /** SPKI PEM file of the public key, for AUTH_PUBLIC_KEY of a separately started subgraph. */
  readonly publicPemPath: string;
}

/**
 * The demo's key pair, kept as JWK files in `dir` (normally .data/dev-keys/, which git ignores): created on
 * first use, read afterwards, so tokens printed by `pnpm start` and minted by `pnpm token` stay valid across
 * restarts. Never use these keys outside a demo.
 */
export async function loadOrCreateDevKeys(dir: string): Promise<DevKeys> {
  const privatePath = join(dir, 'private.jwk.json');
  const publicPath = join(dir, 'public.jwk.json');
  const publicPemPath = join(dir, 'public.pem');
  if (existsSync(privatePath) && existsSync(publicPath)) {
    const privateJwk = JSON.parse(readFileSync(privatePath, 'utf8')) as JWK;
    const publicJwk = JSON.parse(readFileSync(publicPath, 'utf8')) as JWK;
    const privateKey = (await importJWK(privateJwk, TOKEN_ALGORITHM, { extractable: true })) as CryptoKey;
    const publicKey = (await importJWK(publicJwk, TOKEN_ALGORITHM, { extractable: true })) as CryptoKey;
    const kid = publicJwk.kid ?? (await calculateJwkThumbprint(publicJwk));
    if (!existsSync(publicPemPath)) writeFileSync(publicPemPath, await exportSPKI(publicKey));
    return { privateKey, publicKey, kid, publicJwk, dir, created: false, publicPemPath };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = await generateKeys();
  const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: keys.kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  writeFileSync(privatePath, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(publicPath, `${JSON.stringify(keys.publicJwk, null, 2)}\n`);
  writeFileSync(publicPemPath, await exportSPKI(keys.publicKey));
  return { ...keys, dir, created: true, publicPemPath };
}
