import type { Db } from '@ntg/db';
import { findCommune } from '@ntg/admin-units';
import { badUserInput, definePolicy, type MutationArgsOf } from '@ntg/subgraph-kit';
import type { __Dept__Context } from './src/context';
import type { MutationResolvers } from './src/generated/types';

/** A commune named in the input: an unknown code is the caller's mistake (BAD_USER_INPUT), not a denial. */
function namedCommune(code: string, field: string): string {
  if (!findCommune(code)) throw badUserInput(`"${code}" is not a commune of Ninh Thuận`, field);
  return code;
}

/** Who may change and read what in this department's part of the graph, beside its schema. */
export const policy = definePolicy<__Dept__Context, MutationArgsOf<MutationResolvers>, Db>({
  mutations: {
    record__Dept__Visit: { write: '__DEPT__', entity: '__Dept__Visit', area: (args) => namedCommune(args.input.communeCode, 'input.communeCode') },
  },
  restricted: {
    'Query.__dept__AuditLog': { departments: ['__DEPT__'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
