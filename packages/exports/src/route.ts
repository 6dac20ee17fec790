import type { ServerResponse, IncomingMessage } from 'node:http';
import { strToU8, zipSync } from 'fflate';
import type { GraphQLSchema } from 'graphql';
import type { Routes } from '@ntg/http';
import { VariableError, coerceVariables, findSavedOperation, type SavedOperation } from '@ntg/operations';
import { exportStem, requestFor, tablesOf, type GraphQLAnswer, type OperationRequest } from './run';
import { csvFileNames, toCsv, toXlsx } from './writers';

const FORMATS = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', json: 'application/json; charset=utf-8' } as const;
type DownloadFormat = keyof typeof FORMATS;
const ZIP = 'application/zip';
/** Query parameters that steer the export rather than fill a variable. */
const ALLOW_PARTIAL = 'allowPartial';

export interface ExportRouteOptions<TAuth> {
  /** URL prefix of the downloads; default /export/. */
  prefix?: string;
  /** The API schema the answers are shaped by (the gateway's own). */
  schema: () => GraphQLSchema;
  /** The same verification as a GraphQL request; throws (UNAUTHENTICATED) without a valid token. */
  authenticate: (request: IncomingMessage) => Promise<TAuth>;
  /** Runs the operation as the authenticated caller. */
  execute: (request: OperationRequest, auth: TAuth) => Promise<GraphQLAnswer>;
  /** Looks a saved operation up by name; default the queries/ folder. */
  find?: (name: string) => SavedOperation | undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

function sendFile(response: ServerResponse, contentType: string, fileName: string, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    // Answers depend on the caller's token: never cached by a shared proxy.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

/** The status and headers an authentication failure carries (UNAUTHENTICATED: 401 with WWW-Authenticate). */
function authFailure(error: unknown): { status: number; headers: Record<string, string>; message: string } | undefined {
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: number; headers?: Map<string, string> } } }).extensions;
  if (extensions?.code !== 'UNAUTHENTICATED') return undefined;
  return {
    status: extensions.http?.status ?? 401,
    headers: Object.fromEntries(extensions.http?.headers ?? []),
    message: (error as Error).message,
  };
}

/**
 * `GET /export/<name>.<csv|xlsx|json>?<variable>=<value>…[&allowPartial=true]`: runs a saved operation of
 * queries/ as the caller and answers with a download. A CSV export of an operation with several list paths is
 * a ZIP of one CSV per list path (`<name>….<list path>.csv`), as `pnpm run query --format csv` writes them.
 * 401 without a valid token, 404 for an unknown operation or format, 400 for a variable the operation cannot
 * take, 502 with the errors as JSON when the answer has GraphQL errors (unless allowPartial=true).
 */
export function exportRoute<TAuth>(options: ExportRouteOptions<TAuth>): Routes {
  const prefix = options.prefix ?? '/export/';
  const find = options.find ?? ((name: string) => findSavedOperation(name));
  return async (request, response, url) => {
    if (!url.pathname.startsWith(prefix)) return false;
    if (request.method !== 'GET') {
      sendJson(response, 405, { error: 'Exports are downloaded with GET' }, { allow: 'GET' });
      return true;
    }
    let auth: TAuth;
    try {
      auth = await options.authenticate(request);
    } catch (error) {
      const failure = authFailure(error);
      if (!failure) throw error;
      sendJson(response, failure.status, { errors: [{ message: failure.message, extensions: { code: 'UNAUTHENTICATED' } }] }, failure.headers);
      return true;
    }
    const match = /^([a-z0-9-]+)\.(csv|xlsx|json)$/.exec(url.pathname.slice(prefix.length));
    const saved = match ? find(match[1]!) : undefined;
    if (!match || !saved) {
      sendJson(response, 404, { error: `No export ${url.pathname}: use ${prefix}<saved query>.<csv|xlsx|json>, the saved queries being the files of queries/` });
      return true;
    }
    const format = match[2] as DownloadFormat;
    const allowPartial = url.searchParams.get(ALLOW_PARTIAL) === 'true';
    const given: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) if (name !== ALLOW_PARTIAL) (given[name] ??= []).push(value);
    const schema = options.schema();
    let variables: Record<string, unknown>;
    try {
      variables = coerceVariables(schema, saved.operation, given);
    } catch (error) {
      if (!(error instanceof VariableError)) throw error;
      sendJson(response, 400, { errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] });
      return true;
    }

    const answer = await options.execute(requestFor(saved, variables), auth);
    const errors = answer.errors ?? [];
    if ((errors.length > 0 && !allowPartial) || !answer.data) {
      sendJson(response, 502, { errors: errors.length > 0 ? errors : [{ message: 'The graph answered without data' }] });
      return true;
    }
    // A partial answer says so in a header, so a script fetching it can tell.
    const partial: Record<string, string> = errors.length > 0 ? { 'x-graphql-errors': String(errors.length) } : {};
    const stem = exportStem(saved, variables);
    if (format === 'json') {
      sendFile(response, FORMATS.json, `${stem}.json`, `${JSON.stringify(answer, null, 2)}\n`, partial);
      return true;
    }
    const tables = tablesOf(schema, saved, answer);
    if (format === 'xlsx') {
      sendFile(response, FORMATS.xlsx, `${stem}.xlsx`, await toXlsx(tables, { fallbackSheetName: saved.name }), partial);
    } else if (tables.length === 1) {
      sendFile(response, FORMATS.csv, `${stem}.csv`, toCsv(tables[0]!), partial);
    } else {
      const names = csvFileNames(tables, `${stem}.csv`);
      const files = Object.fromEntries(tables.map((table, i) => [names[i]!, strToU8(toCsv(table))]));
      sendFile(response, ZIP, `${stem}.csv.zip`, zipSync(files, { level: 6 }), partial);
    }
    return true;
  };
}
