import type { DocumentNode } from 'graphql';
import { auditValuesFor, readAuditLog, requireCaller, type AuditLogTable, type AuditOutcome, type RedactionOptions } from './auth';
import { badUserInput } from './errors';
import { decodeCursor, pageSize, toConnection } from './connection';
import { loadSdl, type SubgraphContext } from './subgraph';

/** AuditEntry, AuditEntryConnection and AuditOutcome (shareable), for a subgraph that serves its audit trail. */
export const auditTypeDefs: DocumentNode = loadSdl(new URL('./audit.graphql', import.meta.url));

export interface AuditLogArgs {
  first?: number | null;
  after?: string | null;
  entity?: string | null;
  entityKey?: string | null;
  outcome?: AuditOutcome | null;
  subject?: string | null;
}

/**
 * The resolver of a department's audit-trail query field, newest entry first, one SQL statement per page.
 * Who may call the field is the policy's business (`restricted`); personal keys of before/after are redacted
 * here unless the caller may read that record's personal data.
 */
export function auditLogResolver(table: AuditLogTable, redaction: RedactionOptions) {
  return async (_parent: unknown, args: AuditLogArgs, context: SubgraphContext) => {
    const caller = requireCaller(context);
    const size = pageSize(args, 50);
    let beforeId: number | null = null;
    if (args.after) {
      const [id] = decodeCursor(args.after);
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw badUserInput('Not a cursor this field returned', 'after');
      beforeId = id;
    }
    const rows = await readAuditLog(context.database.db, table, { ...args, first: size, beforeId });
    const connection = toConnection(rows, size, (row) => [row.id]);
    return {
      pageInfo: connection.pageInfo,
      edges: connection.edges.map(({ cursor, node: row }) => {
        const values = auditValuesFor(caller, row, redaction);
        return {
          cursor,
          node: {
            ...row,
            id: String(row.id),
            at: row.at.toISOString(),
            before: values.before == null ? null : JSON.stringify(values.before),
            after: values.after == null ? null : JSON.stringify(values.after),
          },
        };
      }),
    };
  };
}
