import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type EthnicContext } from './context';
import { auditLog } from './db/schema';
import { ethnicAreaResolvers } from './areas/resolvers';
import { ethnicGroupResolvers } from './groups/resolvers';
import { indicatorResolvers } from './indicators/resolvers';
import { targetResolvers } from './targets/resolvers';
import { policy } from '../policy';

/**
 * The Ethnic Committee (Ban Dân tộc): the GSO ethnic groups, the ethnic-area classification of communes and its
 * history, the minority indicators (from DOLISA's counts through @requires) and target T4. Its data is real
 * reference data loaded by migrations, or computed from DOLISA's, so it has no synthetic seed.
 */
export const ethnic = defineSubgraph<EthnicContext>({
  name: 'ethnic',
  defaultPort: 4004,
  root: new URL('..', import.meta.url),
  resolvers: [ethnicGroupResolvers, ethnicAreaResolvers, indicatorResolvers, targetResolvers],
  createContext,
  policy,
  auditLog,
});

export type { EthnicContext };
