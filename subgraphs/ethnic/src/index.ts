import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type EthnicContext } from './context';
import { auditLog } from './db/schema';
import { ethnicAreaResolvers } from './areas/resolvers';
import { ethnicGroupResolvers } from './groups/resolvers';
import { policy } from '../policy';

/**
 * The Ethnic Committee (Ban Dân tộc): the GSO ethnic groups and the ethnic-area classification of communes.
 * Its data is real reference data loaded by migrations, so it has no synthetic seed.
 */
export const ethnic = defineSubgraph<EthnicContext>({
  name: 'ethnic',
  defaultPort: 4004,
  root: new URL('..', import.meta.url),
  resolvers: [ethnicGroupResolvers, ethnicAreaResolvers],
  createContext,
  policy,
  auditLog,
});

export type { EthnicContext };
