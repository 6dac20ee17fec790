import { defineSubgraph } from '@ntg/subgraph-kit';
import { commendationResolvers } from './commendation/resolvers';
import { createContext, type FrontContext } from './context';
import { consultationResolvers } from './consultation/resolvers';
import { criticismResolvers } from './criticism/resolvers';
import { auditLog } from './db/schema';
import { fundResolvers } from './fund/resolvers';
import { supervisionResolvers } from './supervision/resolvers';
import { seedFront } from './seed';
import { policy } from '../policy';

/**
 * The Vietnam Fatherland Front (Mặt trận Tổ quốc): supervision of the programme and follow-up of its
 * recommendations, consultations of the people on each model, social criticism, the For the Poor fund at every
 * level, and commendations.
 */
export const front = defineSubgraph<FrontContext>({
  name: 'front',
  defaultPort: 4005,
  root: new URL('..', import.meta.url),
  resolvers: [supervisionResolvers, consultationResolvers, criticismResolvers, fundResolvers, commendationResolvers],
  createContext,
  policy,
  auditLog,
  seed: seedFront,
});

export type { FrontContext };
