import { definePolicy } from '@ntg/subgraph-kit';
import type { EthnicContext } from './src/context';

/**
 * Who may change and read what in the Ethnic Committee's part of the graph, beside its schema. Its reference data
 * (ethnic groups, the Decision 861 classification) is read by everyone; the audit trail is restricted.
 */
export const policy = definePolicy<EthnicContext>({
  restricted: {
    'Query.ethnicAuditLog': { departments: ['ETHNIC'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
