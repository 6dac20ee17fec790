import type { AgricultureContext } from '../context';
import { checkYear } from './year';

export const communeResolvers = {
  Commune: {
    agricultureSupport: (commune: { code: string }, { year }: { year: number }, ctx: AgricultureContext) => {
      checkYear(year);
      return ctx.loaders.supportSummary.load({ communeCode: commune.code, year });
    },
  },
};
