import { definePolicy } from '@ntg/subgraph-kit';
import type { FinanceContext } from './src/context';

/**
 * Who may change and read what in Finance's part of the graph, beside its schema. Funding summaries are read by
 * everyone; the audit trail is restricted.
 */
export const policy = definePolicy<FinanceContext>({
  restricted: {
    'Query.financeAuditLog': { departments: ['FINANCE'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
