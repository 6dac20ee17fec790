import type { SeedOptions } from './subgraph';

/** A malformed environment variable: reported as its one-line message, without a stack trace. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** PORT as a TCP port (0 picks a free one); the fallback when unset. */
export function portFromEnv(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.PORT?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`PORT must be a port number (0-65535), got "${raw}"`);
  return port;
}

export const DEFAULT_SEED: SeedOptions = Object.freeze({ seed: 2023, scale: 1 });

/** The largest SEED_SCALE on embedded PGlite (WASM, in one process's memory) and on PostgreSQL (`pnpm bench --full` seeds 10). */
export const MAX_SEED_SCALE = { pglite: 2, postgres: 10 } as const;

/**
 * The synthetic demo data to write into empty tables: SEED (PRNG seed, default 2023) and SEED_SCALE (1 is the whole
 * province, tests use 0.02; at most 2 on PGlite, 10 when PostgreSQL is configured by DATABASE_URL or a
 * <DEPT>_DATABASE_URL). NTG_SEED=false writes nothing.
 */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): SeedOptions | false {
  if (/^(false|0|no|off)$/i.test(env.NTG_SEED?.trim() ?? '')) return false;
  const rawScale = env.SEED_SCALE?.trim();
  const scale = rawScale ? Number(rawScale) : DEFAULT_SEED.scale;
  const postgres = Object.entries(env).some(([name, value]) => /(^|_)DATABASE_URL$/.test(name) && !!value?.trim());
  const max = postgres ? MAX_SEED_SCALE.postgres : MAX_SEED_SCALE.pglite;
  if (!Number.isFinite(scale) || scale <= 0 || scale > max) {
    throw new ConfigError(`SEED_SCALE must be a number in (0, ${max}]${postgres ? '' : ` (up to ${MAX_SEED_SCALE.postgres} on PostgreSQL)`}; 1 is the whole province (got "${rawScale}")`);
  }
  const rawSeed = env.SEED?.trim();
  const seed = rawSeed ? Number(rawSeed) : DEFAULT_SEED.seed;
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`SEED must be an integer, got "${rawSeed}"`);
  return { seed, scale };
}
