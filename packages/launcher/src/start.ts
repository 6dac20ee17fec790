import { randomBytes } from 'node:crypto';
import { DEFAULT_GATEWAY_PORT } from '@ntg/gateway';
import { authFromEnv, ConfigError, dataRootDir, portFromEnv, seedFromEnv } from '@ntg/subgraph-kit';
import { printReadyBanner, keysLine, startingLine } from './banner';
import { startGraph } from './graph';

/**
 * `pnpm start`: the whole graph in one process on the embedded database (.data/), seeded with synthetic
 * demo data on first start. Set DATABASE_URL to use a PostgreSQL server instead.
 *
 * Tokens: with AUTH_JWKS_URL or AUTH_PUBLIC_KEY set, they come from that identity provider; otherwise the demo
 * key pair in .data/dev-keys/ signs them, and one token per demo role is printed below.
 */
const startedAt = Date.now();
const env = process.env;
// The monthly report route's credential for DOLISA's submitMonthlyReport: a fresh one per demo run, shared by the
// services this command starts. Deployments set their own (a secret).
env.REPORT_SERVICE_KEY ??= randomBytes(32).toString('hex');
env.REPORT_LINK_KEY ??= randomBytes(32).toString('hex');
let port: number;
let seed: ReturnType<typeof seedFromEnv>;
try {
  port = portFromEnv(env, DEFAULT_GATEWAY_PORT);
  seed = seedFromEnv(env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
console.log(startingLine(env));
const auth = await authFromEnv(env);
const keys = keysLine(auth);
if (keys) console.log(keys);
const graph = await startGraph({
  auth: auth.verifier,
  port,
  host: env.HOST,
  dataDir: dataRootDir(env),
  seed,
  log: (message) => console.log(`  ${message}`),
});
await printReadyBanner({ url: graph.url, startedAt, auth, env });

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
