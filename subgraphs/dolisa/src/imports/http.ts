import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { communes } from '@ntg/admin-units';
import { BodyTooLarge, readBodyBytes, sendJson, type Routes } from '@ntg/http';
import {
  areaDecision, createWriteScope, inTransaction, recordAudit, writerDecision, type Caller, type SubgraphRuntime,
} from '@ntg/subgraph-kit';
import type { Db } from '@ntg/db';
import { auditLog } from '../db/schema';
import { reviewImportPolicy } from '../../policy';
import { importReviews, type ImportReport } from './service';

export const REVIEW_IMPORT_PATH = '/imports/reviews';
/** A province's file is about 15 MB as CSV; an XLSX is smaller. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Thrown to roll the import back when its report has problems; the report is the answer. */
class NotAccepted extends Error {
  constructor(readonly report: ImportReport) {
    super('import not accepted');
  }
}

function communesCoveredBy(caller: Caller): Set<string> {
  return new Set(communes.filter((c) => areaDecision(caller, [c.code]).allowed).map((c) => c.code));
}

/**
 * `POST /imports/reviews?year=2025` with the file as the body (XLSX or CSV) and a bearer token: DOLISA officers
 * import their area's annual reviews, all or nothing. With `Accept: application/x-ndjson` the answer streams one
 * JSON line per phase (for a progress bar), then the report; otherwise it is the report alone. 200 when written,
 * 422 when nothing was written because of the rows the report lists.
 */
export function reviewImportRoutes({ database, verifier }: SubgraphRuntime): Routes {
  return async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (url.pathname !== REVIEW_IMPORT_PATH) return false;
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, { error: `POST the review file to ${REVIEW_IMPORT_PATH}` });
      return true;
    }
    let caller: Caller;
    try {
      caller = await verifier.authenticate(request.headers.authorization);
    } catch (error) {
      response.setHeader('www-authenticate', 'Bearer');
      sendJson(response, 401, { error: (error as Error).message, code: 'UNAUTHENTICATED' });
      return true;
    }
    const decision = writerDecision(caller, reviewImportPolicy.write, reviewImportPolicy.roles, 'importReviews');
    if (!decision.allowed) {
      await recordAudit(database.db, auditLog, { caller, operation: 'importReviews', entity: 'ReviewImport', outcome: 'DENIED', reason: decision.reason });
      sendJson(response, 403, { error: decision.reason, code: 'FORBIDDEN' });
      return true;
    }
    const yearParam = url.searchParams.get('year');
    const year = yearParam === null ? undefined : Number(yearParam);
    if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
      sendJson(response, 400, { error: 'year must be a calendar year between 2000 and 2100', code: 'BAD_USER_INPUT', field: 'year' });
      return true;
    }
    let bytes: Buffer;
    try {
      bytes = await readBodyBytes(request, MAX_FILE_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      sendJson(response, 413, { error: error.message, code: 'BAD_USER_INPUT' });
      return true;
    }
    const streaming = (request.headers.accept ?? '').includes('application/x-ndjson');
    if (streaming) response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
    const progress = (phase: string, rows: number) => {
      if (streaming) response.write(`${JSON.stringify({ phase, rows })}\n`);
    };
    let report: ImportReport;
    try {
      report = await inTransaction(database.db, async (tx: Db) => {
        const scope = createWriteScope({ database, tx, caller, auditLog, operation: 'importReviews', units: [caller.area] });
        const result = await importReviews(scope, bytes, { year, allowedCommunes: communesCoveredBy(caller), onProgress: progress });
        if (!result.accepted) throw new NotAccepted(result);
        // Importing the same file again changes nothing, not even the audit trail.
        if (result.recorded + result.corrected > 0) await scope.audit({
          entity: 'ReviewImport', entityKey: createHash('sha256').update(bytes).digest('hex'), before: null,
          after: { year: year ?? null, rows: result.rows, recorded: result.recorded, corrected: result.corrected, unchanged: result.unchanged },
        });
        return result;
      });
    } catch (error) {
      if (!(error instanceof NotAccepted)) throw error;
      report = error.report;
    }
    if (streaming) response.end(`${JSON.stringify({ report })}\n`);
    else sendJson(response, report.accepted ? 200 : 422, report);
    return true;
  };
}
