import { randomBytes } from 'node:crypto';
import { ConfigError, portFromEnv, seedFromEnv } from '@ntg/subgraph-kit';
import { DEFAULT_GATEWAY_PORT } from '@ntg/gateway';
import { keysLine, printReadyBanner, startingLine } from './banner';
import { describeExit, GATEWAY, ServiceStartError, startSplitGraph, type SplitGraph } from './split';

/**
 * `pnpm start:split`: every subgraph and the gateway in its own process, as they would be deployed, with the
 * environment of `pnpm start` (DATABASE_URL or the PGlite folders in .data/, the demo keys, SEED_SCALE…). Each
 * service's output is shown prefixed with its name. Ctrl-C (or SIGTERM) stops them all.
 */
const startedAt = Date.now();
const env = process.env;
// The monthly report route's credential for DOLISA's submitMonthlyReport: a fresh one per demo run, shared by the
// services this command starts. Deployments set their own (a secret).
env.REPORT_SERVICE_KEY ??= randomBytes(32).toString('hex');
env.REPORT_LINK_KEY ??= randomBytes(32).toString('hex');
try {
  portFromEnv(env, DEFAULT_GATEWAY_PORT);
  seedFromEnv(env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
console.log(startingLine(env, 'each subgraph and the gateway in its own process'));

const width = 'agriculture'.length;
let graph: SplitGraph | undefined;
let stopping = false;
const startUp = new AbortController();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping every service (${signal})…`);
    // While starting, startSplitGraph owns the children: aborting makes it stop them before it rejects.
    if (graph) void graph.stop().then(() => process.exit(0));
    else startUp.abort();
  });
}

try {
  graph = await startSplitGraph({
    env,
    signal: startUp.signal,
    onOutput: (service, line) => console.log(`${service.padEnd(width)} │ ${line}`),
    onExit: (service, exit, expected) => {
      if (!graph || expected || stopping) return;
      if (service === GATEWAY) {
        console.error(`The gateway exited (${describeExit(exit)}); stopping the subgraphs.`);
        stopping = true;
        void graph.stop().then(() => process.exit(1));
      } else {
        console.error(`${service} exited (${describeExit(exit)}); the gateway answers without its data until it is back.`);
      }
    },
  });
} catch (error) {
  if (startUp.signal.aborted) process.exit(0);
  console.error(error instanceof ServiceStartError || error instanceof ConfigError ? `\nCould not start: ${error.message}` : error);
  process.exit(1);
}
const keys = keysLine(graph.auth);
if (keys) console.log(keys);
await printReadyBanner({ url: graph.url, startedAt, auth: graph.auth, env });
