import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { QUERIES_DIR } from './files';

/** One file of `queries/`: a single named operation (fragments allowed beside it). */
export interface SavedOperation {
  /** The file name without `.graphql`: what `pnpm run query`, `/export/<name>.csv` and the explorer call it. */
  readonly name: string;
  readonly file: string;
  readonly source: string;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly operationName: string;
  /** From a `# Example variables: {...}` comment line: what the explorer fills in when the operation is picked. */
  readonly exampleVariables?: Record<string, unknown>;
}

export class SavedOperationError extends Error {
  override readonly name = 'SavedOperationError';
}

/** Lower-case words joined by dashes: also keeps a name from the URL out of other folders. */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EXAMPLE_VARIABLES = /^#\s*example variables:\s*(\{.*\})\s*$/im;

export function isSavedOperationName(name: string): boolean {
  return NAME.test(name);
}

/** Parses one saved operation; the file must hold exactly one operation, and it must be named. */
export function parseSavedOperation(name: string, source: string, file = `${name}.graphql`): SavedOperation {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    throw new SavedOperationError(`${file}: ${(error as Error).message}`);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new SavedOperationError(`${file}: holds ${operations.length} operations; a saved query holds exactly one`);
  const operation = operations[0]!;
  if (!operation.name) throw new SavedOperationError(`${file}: the operation needs a name (query ${pascalCase(name)}(...) { ... })`);
  let exampleVariables: Record<string, unknown> | undefined;
  const example = EXAMPLE_VARIABLES.exec(source);
  if (example) {
    try {
      exampleVariables = JSON.parse(example[1]!) as Record<string, unknown>;
    } catch {
      throw new SavedOperationError(`${file}: the "# Example variables:" line is not a JSON object`);
    }
  }
  return { name, file, source, document, operation, operationName: operation.name.value, ...(exampleVariables ? { exampleVariables } : {}) };
}

function pascalCase(name: string): string {
  return name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Every `*.graphql` file of the folder, by name; read on each call, so a dropped-in file is picked up at once. */
export function listSavedOperations(dir: string = QUERIES_DIR): SavedOperation[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const name = basename(f, '.graphql');
      if (!isSavedOperationName(name)) throw new SavedOperationError(`${f}: name saved queries in lower-case words joined by dashes (commune-dashboard.graphql)`);
      const file = join(dir, f);
      return parseSavedOperation(name, readFileSync(file, 'utf8'), file);
    });
}

/** The saved operation of that name, or undefined; names that are not plain dashed words are never looked up. */
export function findSavedOperation(name: string, dir: string = QUERIES_DIR): SavedOperation | undefined {
  if (!isSavedOperationName(name)) return undefined;
  const file = join(dir, `${name}.graphql`);
  if (!existsSync(file)) return undefined;
  return parseSavedOperation(name, readFileSync(file, 'utf8'), file);
}

/** A saved operation by name (`commune-dashboard`) or by the path of any `.graphql` file with one named operation. */
export function loadOperation(nameOrPath: string, dir: string = QUERIES_DIR): SavedOperation {
  const saved = findSavedOperation(nameOrPath, dir);
  if (saved) return saved;
  if (nameOrPath.endsWith('.graphql') || nameOrPath.includes('/')) {
    const file = resolve(nameOrPath);
    if (!existsSync(file)) throw new SavedOperationError(`No such file: ${nameOrPath}`);
    return parseSavedOperation(basename(file, '.graphql'), readFileSync(file, 'utf8'), file);
  }
  const known = listSavedOperations(dir).map((s) => s.name);
  throw new SavedOperationError(`No saved query "${nameOrPath}"; queries/ has ${known.join(', ') || 'none'}`);
}
