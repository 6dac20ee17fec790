/**
 * The environment of this run only: nothing from the outer shell decides where data, keys or ports go. With
 * DATABASE_URL the five subgraphs share a scratch database; else PGlite folders in a temporary NTG_DATA_DIR.
 */
export function isolatedEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/(^|_)DATABASE_URL$|_URL$|^AUTH_|^PORT$|^HOST$|^SEED|^NTG_/.test(name)) continue;
    env[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined) env[name] = value;
  return env;
}

