import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding pnpm-workspace.yaml, found by walking up from `start`; undefined outside a workspace.
 * Services resolve their data folder against it, because `pnpm --filter` runs scripts in the package folder.
 */
export function findWorkspaceRoot(start: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let folder = resolve(start);
  for (;;) {
    if (existsSync(join(folder, 'pnpm-workspace.yaml'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

let cachedRoot: string | undefined;

/** This checkout's workspace root; the current directory when the code runs outside a workspace (a deployed copy). */
export function workspaceRoot(): string {
  cachedRoot ??= findWorkspaceRoot() ?? process.cwd();
  return cachedRoot;
}

/**
 * The folder of the embedded databases and the demo keys: NTG_DATA_DIR, default `.data`. A relative path is taken
 * from the workspace root, so every service finds the same folder whichever directory it was started in.
 */
export function dataRootDir(env: NodeJS.ProcessEnv = process.env, root: string = workspaceRoot()): string {
  return resolve(root, env.NTG_DATA_DIR?.trim() || '.data');
}
