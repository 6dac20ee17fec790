import { describe, expect, it } from 'vitest';
import { plannedModels } from '@ntg/synthetic';
import { AS_OF, CALIBRATED_SOURCES, CALIBRATION, generateFundingPlan, LAST_PROGRAMME_YEAR, monthsByYear } from './generate';

describe('generateFundingPlan', () => {
  for (const seed of [2023, 7, 11]) {
    describe(`seed ${seed}`, () => {
      const plan = generateFundingPlan(seed);
      const models = plannedModels(seed);
      const cancelled = new Set(plan.cancellations.map((c) => c.id));
      const active = plan.allocations.filter((a) => !cancelled.has(a.id));
      const byId = new Map(plan.allocations.map((a) => [a.id, a]));
      const sum = <T>(items: readonly T[], of: (t: T) => number) => items.reduce((s, t) => s + of(t), 0);
      const overPlan = new Set(plan.cases.OVER_PLAN);

      it('is deterministic for a seed', () => {
        expect(generateFundingPlan(seed)).toEqual(plan);
      });

      it('funds every planned model in every programme year it runs, within its planned budget but for the OVER_PLAN cases', () => {
        expect(new Set(plan.allocations.map((a) => a.id)).size).toBe(plan.allocations.length);
        for (const model of models) {
          const own = active.filter((a) => a.modelId === model.id);
          expect(own.every((a) => a.communeCode === model.communeCode)).toBe(true);
          expect([...new Set(own.map((a) => a.year))].sort()).toEqual([...monthsByYear(model).keys()]);
          const total = sum(own, (a) => a.approved);
          if (overPlan.has(model.id)) expect(total).toBeGreaterThan(model.plannedBudget);
          else expect(total).toBe(model.plannedBudget);
        }
        expect(plan.allocations.every((a) => a.year <= LAST_PROGRAMME_YEAR && a.approved >= 1_000_000 && a.approved % 1000 === 0)).toBe(true);
      });

      it('calibrates the programme\'s approved province totals to the published figures exactly', () => {
        for (const [year, total] of Object.entries(CALIBRATION)) {
          const programme = active.filter((a) => a.year === Number(year) && (CALIBRATED_SOURCES as readonly string[]).includes(a.sourceCode));
          expect(sum(programme, (a) => a.approved)).toBe(total);
        }
        // The programme's other money goes to communes that run a model only, as every department's demo does.
        const withModel = new Set(models.map((m) => m.communeCode));
        expect(active.filter((a) => a.modelId === null).every((a) => withModel.has(a.communeCode))).toBe(true);
      });

      it('pays out and settles in whole VND, dated by the as-of day, never settling more than is paid', () => {
        const paid = new Map<string, number>();
        for (const p of plan.disbursements) {
          expect(byId.has(p.allocationId) && !cancelled.has(p.allocationId)).toBe(true);
          expect(Number.isSafeInteger(p.amount) && p.amount > 0).toBe(true);
          expect(p.on <= AS_OF).toBe(true);
          expect(p.on.slice(0, 4)).toBe(String(byId.get(p.allocationId)!.year));
          paid.set(p.allocationId, (paid.get(p.allocationId) ?? 0) + p.amount);
        }
        const settled = new Map<string, number>();
        for (const s of plan.settlements) {
          expect(s.amount).toBeGreaterThan(0);
          settled.set(s.allocationId, (settled.get(s.allocationId) ?? 0) + s.amount);
        }
        for (const [id, amount] of settled) expect(amount).toBeLessThanOrEqual(paid.get(id) ?? 0);
        // Only the OVER_DISBURSED cases pay beyond the approved amount.
        const over = [...paid].filter(([id, amount]) => amount > byId.get(id)!.approved).map(([id]) => byId.get(id)!.modelId);
        expect(new Set(over)).toEqual(new Set(plan.cases.OVER_DISBURSED));
      });

      it('stages three labelled cases of every flag (OVERLAP: one model, three households) on distinct models', () => {
        expect(plan.cases.OVER_DISBURSED).toHaveLength(3);
        expect(plan.cases.UNSETTLED).toHaveLength(3);
        expect(plan.cases.FRAGMENTED).toHaveLength(3);
        expect(plan.cases.OVER_PLAN).toHaveLength(3);
        const staged = Object.values(plan.cases).flat();
        expect(new Set(staged).size).toBe(staged.length);
        const labelled = plan.allocations.filter((a) => a.note?.startsWith('Demo case: '));
        for (const code of ['OVERLAP', 'OVER_DISBURSED', 'UNSETTLED', 'FRAGMENTED', 'OVER_PLAN']) {
          expect(labelled.some((a) => a.note!.startsWith(`Demo case: ${code},`))).toBe(true);
        }
        expect(labelled.every((a) => a.note!.endsWith('(synthetic)'))).toBe(true);
        const overlapping = labelled.filter((a) => a.note!.startsWith('Demo case: OVERLAP'));
        expect(overlapping).toHaveLength(6);
        expect(new Set(overlapping.map((a) => `${a.householdId}|${a.item}|${a.year}`)).size).toBe(3);
      });

      it('leaves no model-year with more than 3 small allocations but the FRAGMENTED cases, so no flag appears unstaged', () => {
        const fragmented = new Set(plan.cases.FRAGMENTED);
        const small = new Map<string, number>();
        for (const a of active) if (a.modelId && a.approved < 10_000_000) small.set(`${a.modelId}|${a.year}`, (small.get(`${a.modelId}|${a.year}`) ?? 0) + 1);
        for (const [key, n] of small) if (!fragmented.has(key.split('|')[0]!)) expect(n, key).toBeLessThanOrEqual(3);
      });

      it('records an amendment and cancels an allocation nothing was paid from', () => {
        expect(plan.amendments).toHaveLength(1);
        expect(plan.cancellations).toHaveLength(1);
        expect(plan.disbursements.some((p) => cancelled.has(p.allocationId))).toBe(false);
        expect(plan.guidance.map((g) => g.id)).toEqual(['249-INTEGRATION', '249-SETTLEMENT']);
      });
    });
  }
});
