import { relative } from 'node:path';
import { DEMO_ROLES, dataRootDir, type ServiceAuth } from '@ntg/subgraph-kit';

/** A path as short as it reads well: relative to the current directory when inside it. */
export function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') ? inside : path;
}

/** The line a launcher prints before it starts: which database the subgraphs will use. */
export function startingLine(env: NodeJS.ProcessEnv, what?: string): string {
  const starting = what ? `Starting ${what}` : 'Starting';
  return env.DATABASE_URL
    ? `${starting} on PostgreSQL (DATABASE_URL)…`
    : `${starting} on the embedded database in ${displayPath(dataRootDir(env))}/ (first start seeds synthetic demo data)…`;
}

export function keysLine(auth: ServiceAuth): string | undefined {
  if (!auth.dev) return undefined;
  return `${auth.dev.keys.created ? 'Created' : 'Using'} the demo signing keys in ${displayPath(auth.dev.keys.dir)}/ (never use them outside a demo)`;
}

/** What `pnpm start` and `pnpm start:split` print once the gateway answers: the URL, and a token per demo role. */
export async function printReadyBanner(options: { url: string; startedAt: number; auth: ServiceAuth; env: NodeJS.ProcessEnv }): Promise<void> {
  const { auth, env } = options;
  const url = options.url.replace('127.0.0.1', 'localhost');
  console.log(`
Unified graph ready in ${((Date.now() - options.startedAt) / 1000).toFixed(1)} s: ${url}
All demo data is SYNTHETIC (generated, calibrated to published province figures); no real person is in it.
Every request needs a bearer token (only /health answers without one).
`);
  if (auth.dev) {
    const tokens: { label: string; token: string }[] = [];
    for (const { label, claims } of DEMO_ROLES) tokens.push({ label, token: await auth.dev.mint(claims) });
    console.log('Demo tokens (valid 12 h; `pnpm run token --department DOLISA --role officer --area 22783` mints more):\n');
    for (const { label, token } of tokens) console.log(`  ${label}:\n    ${token}\n`);
    const analyst = tokens.find((t) => t.label.startsWith('PROVINCE analyst'))!.token;
    console.log(`Try (as the PROVINCE analyst):
  curl -s ${url} -H 'content-type: application/json' \\
    -H "authorization: Bearer ${analyst}" \\
    -d '{"query":"{ province { name povertyStats(year: 2023) { households poor poorRate poorRateChangePp } } }"}'
`);
  } else {
    console.log(`Tokens are verified against ${env.AUTH_JWKS_URL ? `the key set at ${env.AUTH_JWKS_URL}` : 'AUTH_PUBLIC_KEY'}; send them as "authorization: Bearer <token>".
`);
  }
}
