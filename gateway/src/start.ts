import { startGraph } from './graph';

/**
 * `pnpm start`: the whole graph in one process on the embedded database (.data/), seeded with synthetic
 * demo data on first start. Set DATABASE_URL to use a PostgreSQL server instead.
 */
const startedAt = Date.now();
const port = Number(process.env.PORT ?? 4000);
const scale = Number(process.env.SEED_SCALE ?? 1);
if (!Number.isFinite(scale) || scale <= 0 || scale > 2) {
  console.error('SEED_SCALE must be a number in (0, 2]; 1 is the whole province');
  process.exit(1);
}
console.log(process.env.DATABASE_URL ? 'Starting on PostgreSQL (DATABASE_URL)…' : `Starting on the embedded database in ${process.env.NTG_DATA_DIR ?? '.data'}/ (first start seeds synthetic demo data)…`);
const graph = await startGraph({
  port,
  host: process.env.HOST,
  dataDir: process.env.NTG_DATA_DIR ?? '.data',
  seed: { seed: Number(process.env.SEED ?? 2023), scale },
  log: (message) => console.log(`  ${message}`),
});
console.log(`
Unified graph ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${graph.url.replace('127.0.0.1', 'localhost')}
All demo data is SYNTHETIC (generated, calibrated to published province figures); no real person is in it.

Try:
  curl -s ${graph.url} -H 'content-type: application/json' \\
    -d '{"query":"{ province { name povertyStats(year: 2023) { households poor poorRate poorRateChangePp } } }"}'
`);

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
