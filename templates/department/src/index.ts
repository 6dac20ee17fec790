import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type __Dept__Context } from './context';
import { auditLog } from './db/schema';
import { visitResolvers } from './visits/resolvers';
import { policy } from '../policy';

/** __Dept__: a department of the programme (made from templates/department by `pnpm new:department`). */
export const __dept__ = defineSubgraph<__Dept__Context>({
  name: '__dept__',
  defaultPort: __port__,
  root: new URL('..', import.meta.url),
  resolvers: [visitResolvers],
  createContext,
  policy,
  auditLog,
});

export type { __Dept__Context };
