import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Routes } from '@ntg/http';
import { findSavedOperation } from '@ntg/operations';
import { monthlyReportHtml } from './html';
import { buildMonthlyReport, type MonthlyReport, type MonthlyReportAnswer } from './report';
import { LinkSigner } from './signing';
import { monthlyReportXlsx } from './xlsx';

/** The saved operation the report runs (queries/monthly-report.graphql). */
export const MONTHLY_REPORT_OPERATION = 'monthly-report';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReportAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface MonthlyReportRouteOptions<TAuth> {
  /** The gateway's own verification of a request's bearer token (UNAUTHENTICATED error without a valid one). */
  authenticate: (request: Pick<IncomingMessage, 'headers'>) => Promise<TAuth>;
  /** Runs an operation through the gateway as the authenticated caller (its token forwarded to the subgraphs). */
  execute: (request: { query: string; operationName: string; variables: Record<string, unknown> }, auth: TAuth) => Promise<ReportAnswer>;
  /** HMAC key of the signed download links (REPORT_LINK_KEY); default a random key of this process. */
  linkKey?: string;
  /** How long a signed link works; default 300 s. */
  linkTtlSeconds?: number;
  prefix?: string;
  /**
   * The caller's context with the report route's service credential added (REPORT_SERVICE_KEY, sent to DOLISA as
   * x-report-credential): used only for submitMonthlyReport, so the stored snapshot is always what the graph answered.
   */
  withServiceCredential?: (auth: TAuth) => TAuth;
}

const SUBMIT = /* GraphQL */ `mutation SubmitMonthlyReport($month: YearMonth!, $snapshot: String!) {
  submitMonthlyReport(month: $month, snapshot: $snapshot) { month version contentHash submittedBy submittedAt }
}`;

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

function unauthenticated(error: unknown): { status: number; headers: Record<string, string>; message: string } | undefined {
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: number; headers?: Map<string, string> } } }).extensions;
  if (extensions?.code !== 'UNAUTHENTICATED') return undefined;
  return { status: extensions.http?.status ?? 401, headers: Object.fromEntries(extensions.http?.headers ?? []), message: (error as Error).message };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * `GET /reports/monthly/<YYYY-MM>.xlsx` and `.html`: the monthly report to the Chairman, one saved operation run
 * through the gateway with the caller's token (bearer header for scripts; the HTML page hands out short-lived
 * signed links for browsers). `POST /reports/monthly/<YYYY-MM>/submit` (bearer header; a provincial DOLISA
 * officer) runs it and stores the answer through DOLISA's submitMonthlyReport. 401 without a valid token or link, 404 for another path, 502 when the graph
 * answered with errors (a report is not printed from partial figures).
 */
export function monthlyReportRoute<TAuth>(options: MonthlyReportRouteOptions<TAuth>): Routes {
  const prefix = options.prefix ?? '/reports/monthly/';
  const signer = new LinkSigner(options.linkKey, options.linkTtlSeconds);

  async function answer(month: string, auth: TAuth): Promise<ReportAnswer> {
    const saved = findSavedOperation(MONTHLY_REPORT_OPERATION);
    if (!saved) throw new Error(`queries/${MONTHLY_REPORT_OPERATION}.graphql is missing`);
    return options.execute({ query: saved.source, operationName: saved.operationName, variables: { month, year: Number(month.slice(0, 4)) } }, auth);
  }

  async function run(month: string, auth: TAuth): Promise<MonthlyReport | ReportAnswer['errors']> {
    const result = await answer(month, auth);
    if (result.errors?.length || !result.data) return result.errors?.length ? result.errors : [{ message: 'The graph answered without data' }];
    return buildMonthlyReport(result.data as unknown as MonthlyReportAnswer);
  }

  /** POST <prefix><YYYY-MM>/submit: runs the report as the officer and stores the answer through DOLISA. */
  async function submit(month: string, auth: TAuth, response: ServerResponse): Promise<void> {
    const result = await answer(month, auth);
    if (result.errors?.length || !result.data) {
      sendJson(response, 502, { errors: result.errors?.length ? result.errors : [{ message: 'The graph answered without data' }] });
      return;
    }
    const withCredential = options.withServiceCredential ?? ((a: TAuth) => a);
    const stored = await options.execute({ query: SUBMIT, operationName: 'SubmitMonthlyReport', variables: { month, snapshot: JSON.stringify(result.data) } }, withCredential(auth));
    const error = stored.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      sendJson(response, code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : code === 'BAD_USER_INPUT' ? 400 : 502, { errors: stored.errors });
      return;
    }
    sendJson(response, 201, stored.data?.submitMonthlyReport);
  }

  return async (request, response, url) => {
    if (!url.pathname.startsWith(prefix)) return false;
    const submitMatch = /^([0-9-]+)\/submit$/.exec(url.pathname.slice(prefix.length));
    if (submitMatch && MONTH.test(submitMatch[1]!)) {
      if (request.method !== 'POST') {
        sendJson(response, 405, { error: 'A report is submitted with POST' }, { allow: 'POST' });
        return true;
      }
      let auth: TAuth;
      try {
        // Submission needs the bearer header itself: a signed download link does not submit.
        auth = await options.authenticate({ headers: { authorization: request.headers.authorization } });
      } catch (error) {
        const failure = unauthenticated(error);
        if (!failure) throw error;
        sendJson(response, failure.status, { errors: [{ message: failure.message, extensions: { code: 'UNAUTHENTICATED' } }] }, failure.headers);
        return true;
      }
      await submit(submitMatch[1]!, auth, response);
      return true;
    }
    const match = /^([0-9-]+)\.(xlsx|html)$/.exec(url.pathname.slice(prefix.length));
    if (!match || !MONTH.test(match[1]!)) {
      sendJson(response, 404, { error: `No report ${url.pathname}: use ${prefix}<YYYY-MM>.xlsx or .html` });
      return true;
    }
    if (request.method !== 'GET') {
      sendJson(response, 405, { error: 'Reports are fetched with GET' }, { allow: 'GET' });
      return true;
    }
    const [, month, format] = match as unknown as [string, string, 'xlsx' | 'html'];
    const signed = signer.verify(url.pathname, url.searchParams);
    if (signed instanceof Error) {
      sendJson(response, 401, { errors: [{ message: signed.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      return true;
    }
    const authorization = signed ?? request.headers.authorization;
    let auth: TAuth;
    try {
      auth = await options.authenticate({ headers: { authorization } });
    } catch (error) {
      const failure = unauthenticated(error);
      if (!failure) throw error;
      sendJson(response, failure.status, { errors: [{ message: failure.message, extensions: { code: 'UNAUTHENTICATED' } }] }, failure.headers);
      return true;
    }
    const report = await run(month, auth);
    if (Array.isArray(report)) {
      sendJson(response, 502, { errors: report });
      return true;
    }
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (format === 'xlsx') {
      response.writeHead(200, { ...headers, 'content-type': XLSX_TYPE, 'content-disposition': `attachment; filename="bao-cao-thang-${month}.xlsx"` });
      response.end(await monthlyReportXlsx(report as MonthlyReport));
      return true;
    }
    const links = {
      xlsx: signer.sign(`${prefix}${month}.xlsx`, authorization!),
      html: signer.sign(`${prefix}${month}.html`, authorization!),
    };
    response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" });
    response.end(monthlyReportHtml(report as MonthlyReport, links));
    return true;
  };
}
