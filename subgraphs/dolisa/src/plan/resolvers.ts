import { notFound } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { checkYear, today } from '../mutation';
import { monthlyCounts } from './progress';
import { evaluateTargets, type PlanRow } from './targets';

export const planResolvers = {
  Query: {
    plan: async (_: unknown, { code }: { code: string }, ctx: DolisaContext) => {
      const plan = await ctx.loaders.planByCode.load(code);
      if (!plan) throw notFound(`No plan with code "${code}"`, 'code');
      return plan;
    },
    monthlyProgress: async (_: unknown, { month, planCode }: { month: string; planCode: string }, ctx: DolisaContext) => {
      checkYear(Number(month.slice(0, 4)), 'month');
      const plan = await ctx.loaders.planByCode.load(planCode);
      if (!plan) throw notFound(`No plan with code "${planCode}"`, 'planCode');
      const counts = await monthlyCounts(ctx.database, month);
      const asOf = counts.last < today() ? counts.last : today();
      return { month, plan, province: counts.province, districts: counts.districts, targets: await evaluateTargets(ctx, plan.code, Number(month.slice(0, 4)), asOf) };
    },
  },
  Plan: {
    __resolveReference: (ref: { code: string }, ctx: DolisaContext) => ctx.loaders.planByCode.load(ref.code),
    targets: (plan: PlanRow, { year }: { year: number }, ctx: DolisaContext) => {
      checkYear(year, 'year');
      return evaluateTargets(ctx, plan.code, year, today());
    },
  },
};
