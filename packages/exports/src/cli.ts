import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SavedOperationError, VariableError, coerceVariables, committedApiSchema, loadOperation, type SavedOperation } from '@ntg/operations';
import { describeErrors, exportStem, requestFor, tablesOf, type GraphQLAnswer } from './run';
import { EXPORT_FORMATS, csvFileNames, isExportFormat, toCsv, toTextTables, toXlsx } from './writers';

export const QUERY_USAGE = `Usage: pnpm run query <saved query | file.graphql> [--var name=value]… [--format ${EXPORT_FORMATS.join('|')}] [--out file] [--allow-partial]

Runs the operation through the gateway (GRAPH_URL, default http://localhost:4000/graphql) with the token in
GRAPH_TOKEN. Variables take the operation's types: --var code=22783 --var year=2024; lists take commas or JSON
(--var codes=22783,22786), input objects JSON. Tables have one row per element of the innermost list, columns
named by path; an operation with lists side by side gives one table each: one sheet in XLSX, one CSV file each
(d.csv becomes d.<list path>.csv). A GraphQL error exits 1 unless --allow-partial.`;

export interface QueryIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: typeof fetch;
}

class UsageError extends Error {}

function parseVars(values: readonly string[]): Record<string, string[]> {
  const given: Record<string, string[]> = {};
  for (const text of values) {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`--var takes name=value, got "${text}"`);
    (given[text.slice(0, at)] ??= []).push(text.slice(at + 1));
  }
  return given;
}

/** `pnpm run query …`: resolves to the exit code (0 done, 1 GraphQL or HTTP error, 2 usage). */
export async function runQueryCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: QueryIO): Promise<number> {
  let saved: SavedOperation;
  let variables: Record<string, unknown>;
  let format: string;
  let out: string | undefined;
  let allowPartial: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        var: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'table' },
        out: { type: 'string' },
        'allow-partial': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(`${QUERY_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('Name one saved query (queries/<name>.graphql) or a .graphql file');
    format = values.format;
    if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    out = values.out;
    allowPartial = values['allow-partial'];
    saved = loadOperation(positionals[0]!);
    variables = coerceVariables(committedApiSchema(), saved.operation, parseVars(values.var));
  } catch (error) {
    if (error instanceof UsageError || error instanceof VariableError || error instanceof SavedOperationError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}\n\n${QUERY_USAGE}\n`);
      return 2;
    }
    throw error;
  }

  const url = env.GRAPH_URL || 'http://localhost:4000/graphql';
  const token = env.GRAPH_TOKEN?.trim().replace(/^bearer\s+/i, '');
  if (!token) {
    io.stderr('Set GRAPH_TOKEN to your bearer token, e.g. GRAPH_TOKEN=$(pnpm -s run token --department PROVINCE --role analyst --area 58)\n');
    return 2;
  }
  let answer: GraphQLAnswer;
  try {
    const response = await (io.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(requestFor(saved, variables)),
    });
    const text = await response.text();
    try {
      answer = JSON.parse(text) as GraphQLAnswer;
    } catch {
      io.stderr(`${url} answered HTTP ${response.status} without a GraphQL answer: ${text.slice(0, 200)}\n`);
      return 1;
    }
  } catch (error) {
    io.stderr(`Could not reach the graph at ${url} (GRAPH_URL): ${(error as Error).message}\n`);
    return 1;
  }
  const errors = answer.errors ?? [];
  if (errors.length > 0) {
    io.stderr(`${saved.operationName}: ${errors.length} GraphQL error${errors.length === 1 ? '' : 's'}:\n${describeErrors(errors)}\n`);
    if (!allowPartial || !answer.data) return 1;
    io.stderr('Continuing with the partial answer (--allow-partial).\n');
  }

  if (format === 'json') {
    const json = `${JSON.stringify(answer, null, 2)}\n`;
    if (out) writeFileSync(out, json);
    else io.stdout(json);
    return 0;
  }
  const tables = tablesOf(committedApiSchema(), saved, answer);
  if (format === 'table') {
    if (out) writeFileSync(out, toTextTables(tables));
    else io.stdout(toTextTables(tables));
    return 0;
  }
  if (format === 'xlsx') {
    const file = out ?? `${exportStem(saved, variables)}.xlsx`;
    writeFileSync(file, await toXlsx(tables, { fallbackSheetName: saved.name }));
    io.stderr(`Wrote ${file} (${tables.map((t) => `${t.name || saved.name}: ${t.rows.length} rows`).join(', ')})\n`);
    return 0;
  }
  if (!out && tables.length === 1) {
    io.stdout(toCsv(tables[0]!));
    return 0;
  }
  const names = csvFileNames(tables, out ?? `${exportStem(saved, variables)}.csv`);
  tables.forEach((table, i) => writeFileSync(names[i]!, toCsv(table)));
  io.stderr(`Wrote ${names.map((n, i) => `${n} (${tables[i]!.rows.length} rows)`).join(', ')}\n`);
  return 0;
}
