import type { Db } from '@ntg/db';
import { findCommune } from '@ntg/admin-units';
import { badUserInput, definePolicy, type MutationArgsOf } from '@ntg/subgraph-kit';
import type { EthnicContext } from './src/context';
import type { MutationResolvers } from './src/generated/types';

/**
 * Who may change and read what in the Ethnic Committee's part of the graph, beside its schema. Its reference data
 * (ethnic groups, the classification and its history) and the indicators are read by everyone; the audit trail is
 * restricted; a reclassification is written by Ethnic Committee officers whose area covers the commune.
 */

/** A commune named in the arguments: an unknown code is the caller's mistake (BAD_USER_INPUT), not a denial. */
function namedCommune(code: string, field: string): string {
  if (!findCommune(code)) throw badUserInput(`"${code}" is not a commune of Ninh Thuận`, field);
  return code;
}

export const policy = definePolicy<EthnicContext, MutationArgsOf<MutationResolvers>, Db>({
  mutations: {
    // The area is the commune itself (its code is the record's key: nothing to read or lock); the service
    // serialises decisions of one commune.
    reclassifyEthnicArea: {
      write: 'ETHNIC', entity: 'EthnicAreaClassification',
      entityKey: (args) => `${args.communeCode}/${args.effectiveOn}`,
      area: (args) => namedCommune(args.communeCode, 'communeCode'),
    },
  },
  restricted: {
    'Query.ethnicAuditLog': { departments: ['ETHNIC'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
