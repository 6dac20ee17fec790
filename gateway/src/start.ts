import { verifierFromEnv } from '@ntg/subgraph-kit';
import { startGraph } from './graph';
import { DEMO_ROLES, devAuth, devKeysDir } from './dev-tokens';

/**
 * `pnpm start`: the whole graph in one process on the embedded database (.data/), seeded with synthetic
 * demo data on first start. Set DATABASE_URL to use a PostgreSQL server instead.
 *
 * Tokens: with AUTH_JWKS_URL or AUTH_PUBLIC_KEY set, they come from that identity provider; otherwise the demo
 * key pair in .data/dev-keys/ signs them, and one token per demo role is printed below.
 */
const startedAt = Date.now();
const port = Number(process.env.PORT ?? 4000);
const scale = Number(process.env.SEED_SCALE ?? 1);
if (!Number.isFinite(scale) || scale <= 0 || scale > 2) {
  console.error('SEED_SCALE must be a number in (0, 2]; 1 is the whole province');
  process.exit(1);
}
console.log(process.env.DATABASE_URL ? 'Starting on PostgreSQL (DATABASE_URL)…' : `Starting on the embedded database in ${process.env.NTG_DATA_DIR ?? '.data'}/ (first start seeds synthetic demo data)…`);
const configured = verifierFromEnv();
const dev = configured ? undefined : await devAuth();
if (dev) console.log(`${dev.keys.created ? 'Created' : 'Using'} the demo signing keys in ${devKeysDir()}/ (never use them outside a demo)`);
const graph = await startGraph({
  auth: configured ?? dev!.verifier,
  port,
  host: process.env.HOST,
  dataDir: process.env.NTG_DATA_DIR ?? '.data',
  seed: { seed: Number(process.env.SEED ?? 2023), scale },
  log: (message) => console.log(`  ${message}`),
});
const url = graph.url.replace('127.0.0.1', 'localhost');
console.log(`
Unified graph ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${url}
All demo data is SYNTHETIC (generated, calibrated to published province figures); no real person is in it.
Every request needs a bearer token (only /health answers without one).
`);
if (dev) {
  const tokens: { label: string; token: string }[] = [];
  for (const { label, claims } of DEMO_ROLES) tokens.push({ label, token: await dev.mint(claims) });
  console.log('Demo tokens (valid 12 h; `pnpm run token --department DOLISA --role officer --area 22783` mints more):\n');
  for (const { label, token } of tokens) console.log(`  ${label}:\n    ${token}\n`);
  const analyst = tokens.find((t) => t.label.startsWith('PROVINCE analyst'))!.token;
  console.log(`Try (as the PROVINCE analyst):
  curl -s ${url} -H 'content-type: application/json' \\
    -H "authorization: Bearer ${analyst}" \\
    -d '{"query":"{ province { name povertyStats(year: 2023) { households poor poorRate poorRateChangePp } } }"}'
`);
} else {
  console.log(`Tokens are verified against ${process.env.AUTH_JWKS_URL ? `the key set at ${process.env.AUTH_JWKS_URL}` : 'AUTH_PUBLIC_KEY'}; send them as "authorization: Bearer <token>".
`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    await graph.stop();
    process.exit(0);
  });
}
