import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader } from '@ntg/subgraph-kit';
import { planTargets, plans } from '../db/schema';

export type PlanRow = typeof plans.$inferSelect;
export type TargetRow = typeof planTargets.$inferSelect;

export function createPlanLoaders(database: Database) {
  const { db } = database;
  return {
    planByCode: rowLoader<string, PlanRow>((codes) => db.select().from(plans).where(inArray(plans.code, [...codes])), (p) => p.code),
    childrenOfPlan: groupLoader<string, PlanRow>(
      (codes) => db.select().from(plans).where(inArray(plans.parentCode, [...codes])).orderBy(asc(plans.code)),
      (p) => p.parentCode!,
    ),
    plansOfDistrict: groupLoader<string, PlanRow>(
      (codes) => db.select().from(plans).where(inArray(plans.districtCode, [...codes])).orderBy(asc(plans.fromYear), asc(plans.code)),
      (p) => p.districtCode!,
    ),
    targetsOfPlan: groupLoader<string, TargetRow>(
      (codes) => db.select().from(planTargets).where(inArray(planTargets.planCode, [...codes])).orderBy(asc(planTargets.year), asc(planTargets.targetId)),
      (t) => t.planCode,
    ),
  };
}
