import { communes, findDistrict } from '@ntg/admin-units';
import { auditValuesFor, readAuditLog, requireCaller, type AuditLogTable, type AuditOutcome, type Caller, type RedactionOptions } from './auth';
import { badUserInput } from '@ntg/errors';
import { decodeCursor, pageSize, toConnection } from './connection';
import type { SubgraphContext } from './subgraph';

export interface AuditLogArgs {
  first?: number | null;
  after?: string | null;
  entity?: string | null;
  entityKey?: string | null;
  outcome?: AuditOutcome | null;
  subject?: string | null;
}

/**
 * The units whose audit entries a reader sees: everything for a province-wide reader (undefined: no filter);
 * for a district, the district and its communes; for a commune, the commune.
 */
export function auditUnitsVisibleTo(caller: Caller): string[] | undefined {
  if (caller.areaLevel === 'PROVINCE') return undefined;
  if (caller.areaLevel === 'DISTRICT') return [caller.area, ...(findDistrict(caller.area)?.communeCodes ?? [])];
  return communes.some((c) => c.code === caller.area) ? [caller.area] : [];
}

/**
 * The resolver of a department's audit-trail query field, newest entry first, one SQL statement per page.
 * Who may call the field is the policy's business (`restricted`); a reader sees only entries about units of
 * their own area, and personal keys of before/after are redacted unless they may read that record's personal data.
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
    const rows = await readAuditLog(context.database.db, table, { ...args, first: size, beforeId, units: auditUnitsVisibleTo(caller) });
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
