import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DIR, generateClient } from './generate';

/** `pnpm codegen:client`: regenerates packages/graph-client/src/generated/ (stale files removed). */
const files = await generateClient();
mkdirSync(GENERATED_DIR, { recursive: true });
const keep = new Set(files.map((f) => f.name));
for (const existing of readdirSync(GENERATED_DIR)) if (!keep.has(existing)) rmSync(join(GENERATED_DIR, existing));
for (const file of files) writeFileSync(join(GENERATED_DIR, file.name), file.content);
console.log(`wrote ${files.map((f) => f.name).join(', ')} in ${GENERATED_DIR}`);
