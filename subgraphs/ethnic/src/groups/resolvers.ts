import { asc } from 'drizzle-orm';
import { badUserInput, notFound } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { ethnicGroups } from '../db/schema';

/** GSO ethnic codes are two digits, "01" to "54". */
const ETHNIC_CODE = /^\d{2}$/;

export const ethnicGroupResolvers: Resolvers = {
  Query: {
    ethnicGroups: async (_, __, ctx) => {
      const rows = await ctx.database.db.select().from(ethnicGroups).orderBy(asc(ethnicGroups.code));
      // Later lookups of these codes in the same request need no statement.
      for (const row of rows) ctx.loaders.ethnicGroup.prime(row.code, row);
      return rows;
    },
    ethnicGroup: async (_, { code }, ctx) => {
      if (!ETHNIC_CODE.test(code)) throw badUserInput(`"${code}" is not a GSO ethnic code (2 digits, "01" Kinh to "54" Rơ-măm)`, 'code');
      const group = await ctx.loaders.ethnicGroup.load(code);
      if (!group) throw notFound(`No ethnic group with code "${code}"`, 'code');
      return group;
    },
  },
  EthnicGroup: {
    /** Unknown codes resolve to null, as the gateway expects of an entity that does not exist. */
    __resolveReference: (ref, ctx) => ctx.loaders.ethnicGroup.load(ref.code),
  },
};
