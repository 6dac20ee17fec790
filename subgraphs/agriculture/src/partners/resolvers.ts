import { and, asc, gt, or, eq } from 'drizzle-orm';
import { findCommune, requireUnit } from '@ntg/admin-units';
import { decodeCursor, notFound, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import { partners } from '../db/schema';
import type { Resolvers } from '../generated/types';
import { partnerFilter } from './loaders';
import { registerPartner } from './service';

export const partnerResolvers: Resolvers = {
  Query: {
    partners: async (_, args, ctx) => {
      const size = pageSize(args);
      const conditions = partnerFilter({ kind: args.kind, communeCode: args.communeCode == null ? null : requireUnit('COMMUNE', args.communeCode).code });
      const page = [...conditions];
      if (args.after) {
        const [name, id] = decodeCursor(args.after);
        page.push(or(gt(partners.name, String(name)), and(eq(partners.name, String(name)), gt(partners.id, String(id))))!);
      }
      const rows = await ctx.database.db.select().from(partners).where(and(...page)).orderBy(asc(partners.name), asc(partners.id)).limit(size + 1);
      return { ...toConnection(rows, size, (p) => [p.name, p.id]), conditions };
    },
    partner: async (_, { id }, ctx) => {
      const row = await ctx.loaders.partner.load(id);
      if (!row) throw notFound(`No partner with id "${id}"`, 'id');
      return row;
    },
  },
  Mutation: {
    registerPartner: (_, { input }, ctx) => registerPartner(writeScope(ctx), input),
  },
  PartnerConnection: {
    totalCount: (page, _, ctx) => ctx.loaders.partnerCount.load(page.conditions),
  },
  Partner: {
    /** Unknown ids resolve to null, as the gateway expects for a missing entity. */
    __resolveReference: (ref, ctx) => ctx.loaders.partner.load(ref.id),
    communes: async (p, _, ctx) => (await ctx.loaders.partnerCommunes.load(p.id)).map((c) => findCommune(c.communeCode)!),
    offtakeAgreements: (p, _, ctx) => ctx.loaders.partnerAgreements.load(p.id),
  },
};
