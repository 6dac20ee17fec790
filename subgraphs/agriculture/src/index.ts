import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type AgricultureContext } from './context';
import { auditLog } from './db/schema';
import { modelResolvers } from './models/resolvers';
import { offtakeResolvers } from './offtake/resolvers';
import { partnerResolvers } from './partners/resolvers';
import { supportResolvers } from './support/resolvers';
import { unitReferenceResolvers } from './units';
import { seedAgriculture } from './seed';
import { policy } from '../policy';

/** Agriculture (Sở NN&PTNT): technical support to the livelihood models, technology transfer, partners and offtake. */
export const agriculture = defineSubgraph<AgricultureContext>({
  name: 'agriculture',
  defaultPort: 4002,
  root: new URL('..', import.meta.url),
  resolvers: [unitReferenceResolvers, supportResolvers, modelResolvers, offtakeResolvers, partnerResolvers],
  createContext,
  policy,
  auditLog,
  seed: seedAgriculture,
});

export type { AgricultureContext };
