import { definePolicy } from '@ntg/subgraph-kit';
import type { FrontContext } from './src/context';

/**
 * Who may change and read what in the Fatherland Front's part of the graph, beside its schema. Supervisions and
 * recommendations are read by everyone; the audit trail is restricted.
 */
export const policy = definePolicy<FrontContext>({
  restricted: {
    'Query.frontAuditLog': { departments: ['FRONT'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
