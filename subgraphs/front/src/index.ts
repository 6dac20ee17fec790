import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type FrontContext } from './context';
import { auditLog } from './db/schema';
import { supervisionResolvers } from './supervision/resolvers';
import { seedFront } from './seed';
import { policy } from '../policy';

/** The Vietnam Fatherland Front (Mặt trận Tổ quốc): supervision of the programme and its recommendations. */
export const front = defineSubgraph<FrontContext>({
  name: 'front',
  defaultPort: 4005,
  root: new URL('..', import.meta.url),
  resolvers: [supervisionResolvers],
  createContext,
  policy,
  auditLog,
  seed: seedFront,
});

export type { FrontContext };
