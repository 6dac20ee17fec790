import { join } from 'node:path';
import { createVerifier, loadOrCreateDevKeys, mintToken, verifierFromEnv, type DevKeys, type TokenClaims, type TokenVerifier } from '@ntg/auth';
import { dataRootDir } from './workspace';

/** Where the demo's key pair lives: `<NTG_DATA_DIR or .data>/dev-keys/` from the workspace root, ignored by git. */
export function devKeysDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataRootDir(env), 'dev-keys');
}

/** The demo roles the launchers print a token for. */
export const DEMO_ROLES: readonly { label: string; claims: TokenClaims }[] = [
  { label: 'DOLISA officer, province-wide', claims: { department: 'DOLISA', role: 'officer', area: '58', subject: 'demo-dolisa-officer-58' } },
  { label: 'DOLISA officer of commune 22783 (Phước Bình)', claims: { department: 'DOLISA', role: 'officer', area: '22783', subject: 'demo-dolisa-officer-22783' } },
  { label: 'FRONT supervisor of district 584 (Bác Ái)', claims: { department: 'FRONT', role: 'supervisor', area: '584', subject: 'demo-front-supervisor-584' } },
  { label: 'FINANCE officer, province-wide', claims: { department: 'FINANCE', role: 'officer', area: '58', subject: 'demo-finance-officer-58' } },
  { label: 'PROVINCE analyst (leadership), province-wide', claims: { department: 'PROVINCE', role: 'analyst', area: '58', subject: 'demo-province-analyst' } },
  { label: 'viewer (PROVINCE), province-wide', claims: { department: 'PROVINCE', role: 'viewer', area: '58', subject: 'demo-viewer' } },
];

export interface DevAuth {
  keys: DevKeys;
  verifier: TokenVerifier;
  mint(claims: TokenClaims, expiresIn?: string | number): Promise<string>;
}

/** The demo's signing keys (created on first use) and a verifier for them (issuer "ntg-dev", audience "ninh-thuan-poverty-graph"). */
export async function devAuth(env: NodeJS.ProcessEnv = process.env): Promise<DevAuth> {
  const keys = await loadOrCreateDevKeys(devKeysDir(env));
  return {
    keys,
    verifier: createVerifier({ publicKey: keys.publicKey }),
    mint: (claims, expiresIn = '12h') => mintToken(claims, keys.privateKey, { expiresIn, kid: keys.kid }),
  };
}

export interface ServiceAuth {
  verifier: TokenVerifier;
  /** Set when no identity provider is configured and the demo keys sign and verify the tokens. */
  dev?: DevAuth;
  /** For the start-up log: where the keys come from. */
  source: string;
}

/** Token verification as every service of the graph configures it: AUTH_JWKS_URL / AUTH_PUBLIC_KEY, else the demo keys. */
export async function authFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ServiceAuth> {
  const configured = verifierFromEnv(env);
  if (configured) return { verifier: configured, source: env.AUTH_JWKS_URL?.trim() ? `AUTH_JWKS_URL ${env.AUTH_JWKS_URL.trim()}` : 'AUTH_PUBLIC_KEY' };
  const dev = await devAuth(env);
  return { verifier: dev.verifier, dev, source: `demo keys in ${dev.keys.dir}` };
}
