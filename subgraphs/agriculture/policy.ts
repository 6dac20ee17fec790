import { definePolicy } from '@ntg/subgraph-kit';
import type { AgricultureContext } from './src/context';

/**
 * Who may change and read what in Agriculture's part of the graph, beside its schema. Its support summaries and
 * agreements are read by everyone; the audit trail is restricted.
 */
export const policy = definePolicy<AgricultureContext>({
  restricted: {
    'Query.agricultureAuditLog': { departments: ['AGRICULTURE'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
