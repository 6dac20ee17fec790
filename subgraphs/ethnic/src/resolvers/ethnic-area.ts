import { badUserInput } from '@ntg/subgraph-kit';
import type { EthnicContext } from '../context';

export const ethnicAreaResolvers = {
  Commune: {
    ethnicArea: (commune: { code: string }, { on }: { on?: string | null }, ctx: EthnicContext) => {
      const date = on ?? ctx.today;
      const year = Number(date.slice(0, 4));
      if (year < 2000 || year > 2100) throw badUserInput('on must be a date in the years 2000 to 2100', 'on');
      return ctx.loaders.ethnicArea.load({ communeCode: commune.code, on: date });
    },
  },
};
