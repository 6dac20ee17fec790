import { findDistrict } from '@ntg/admin-units';
import { checkYear, notFound } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { monthlyCounts } from './progress';
import { evaluateTargets } from './targets';

export const planResolvers: Resolvers = {
  Query: {
    plan: async (_, { code }, ctx) => {
      const plan = await ctx.loaders.planByCode.load(code);
      if (!plan) throw notFound(`No plan with code "${code}"`, 'code');
      return plan;
    },
    monthlyProgress: async (_, { month, planCode }, ctx) => {
      checkYear(Number(month.slice(0, 4)), 'month');
      const plan = await ctx.loaders.planByCode.load(planCode);
      if (!plan) throw notFound(`No plan with code "${planCode}"`, 'planCode');
      const counts = await monthlyCounts(ctx.database, month);
      const asOf = counts.last < ctx.today ? counts.last : ctx.today;
      return { month, plan, province: counts.province, districts: counts.districts, targets: await evaluateTargets(ctx, plan.code, Number(month.slice(0, 4)), asOf) };
    },
  },
  District: {
    plans: (district, _, ctx) => ctx.loaders.plansOfDistrict.load(district.code),
  },
  Plan: {
    __resolveReference: (ref, ctx) => ctx.loaders.planByCode.load(ref.code),
    parent: async (plan, _, ctx) => (plan.parentCode ? (await ctx.loaders.planByCode.load(plan.parentCode)) ?? null : null),
    children: (plan, _, ctx) => ctx.loaders.childrenOfPlan.load(plan.code),
    district: (plan) => (plan.districtCode ? findDistrict(plan.districtCode) ?? null : null),
    targets: (plan, { year }, ctx) => {
      checkYear(year, 'year');
      return evaluateTargets(ctx, plan.code, year, ctx.today);
    },
  },
};
