import { committedApiSchema } from '@ntg/operations';
import { ANALYST, startTestGraph } from '../support/graph';
import { knownIds, runFuzz } from './fuzz';

/**
 * `pnpm fuzz [cases] [--seed N]`: 10,000 generated requests by default, through the gateway of a freshly seeded test
 * graph (embedded databases, or scratch databases on DATABASE_URL's server), then the tally. Exits 1 on any internal
 * error, 5xx, malformed answer or partial write.
 */
const args = process.argv.slice(2);
const cases = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : Date.now() % 1_000_000;

const graph = await startTestGraph({ seed: 2023, scale: 0.005 });
try {
  const started = Date.now();
  console.log(`Fuzzing ${cases} cases through ${graph.url} (seed ${seed}; replay with pnpm fuzz ${cases} --seed ${seed})`);
  const tally = await runFuzz(
    { url: graph.url, headersFor: (claims) => graph.headersFor(claims), databases: graph.subgraphs.map((s) => s.database) },
    committedApiSchema(), await knownIds(graph.url, await graph.headersFor(ANALYST)),
    { cases, seed, onCase: (done) => { if (done % 500 === 0) process.stderr.write(`\r${done}/${cases}`); } },
  );
  process.stderr.write('\n');
  console.log(`\n${tally.cases} cases in ${((Date.now() - started) / 1000).toFixed(0)} s. Answers:`);
  for (const [outcome, n] of Object.entries(tally.outcomes).sort((a, b) => b[1] - a[1])) console.log(`  ${outcome.padEnd(32)} ${n}`);
  console.log(`\ninternal errors: ${tally.internalErrors.length}\n5xx answers:     ${tally.serverErrors.length}\nmalformed:       ${tally.malformed.length}\npartial writes:  ${tally.partialWrites.length}`);
  for (const failure of [...tally.internalErrors, ...tally.serverErrors, ...tally.malformed, ...tally.partialWrites].slice(0, 10)) console.log(JSON.stringify(failure).slice(0, 600));
  process.exitCode = tally.internalErrors.length + tally.serverErrors.length + tally.malformed.length + tally.partialWrites.length > 0 ? 1 : 0;
} finally {
  await graph.stop();
}
