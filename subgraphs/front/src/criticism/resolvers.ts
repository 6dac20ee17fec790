import { findCommune } from '@ntg/admin-units';
import { badUserInput, checkYear, decodeCursor, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { requestEnv } from '../lookups';
import { requireUnit } from '../units';
import { countCriticisms, selectCriticismPage } from './loaders';
import { recordSocialCriticism } from './service';

function criticismCursor(after: string | null | undefined): [string, string] | null {
  if (!after) return null;
  const parts = decodeCursor(after);
  if (parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') throw badUserInput('Not a cursor this field returned', 'after');
  return [parts[0], parts[1]];
}

export const criticismResolvers: Resolvers = {
  Query: {
    socialCriticisms: async (_, args, ctx) => {
      const area = requireUnit(args.areaCode, 'areaCode');
      if (args.year != null) checkYear(args.year, 'year');
      const size = pageSize(args);
      const filter = { areaCode: area.code, year: args.year ?? null };
      const rows = await selectCriticismPage(ctx.database, filter, criticismCursor(args.after), size + 1);
      return { ...toConnection(rows, size, (r) => [r.heldOn, r.id]), filter };
    },
  },
  Mutation: {
    recordSocialCriticism: (_, { input }, ctx) => recordSocialCriticism(writeScope(ctx), input, requestEnv(ctx)),
  },
  SocialCriticismConnection: {
    totalCount: (page, _, ctx) => countCriticisms(ctx.database, page.filter),
  },
  SocialCriticism: {
    __resolveReference: (ref, ctx) => ctx.loaders.socialCriticism.load(ref.id),
    date: (c) => c.heldOn,
    model: (c) => (c.modelId ? { id: c.modelId } : null),
    commune: (c) => findCommune(c.placeCode) ?? null,
    opinions: (c, _, ctx) => ctx.loaders.criticismOpinions.load(c.id),
  },
  CriticismOpinion: {
    by: (o) => o.givenBy,
  },
};
