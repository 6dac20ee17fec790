import { describe, expect, it } from 'vitest';
import { plannedModels } from '@ntg/synthetic';
import { AS_OF_YEAR, generateAllocations, LAST_PROGRAMME_YEAR, monthsByYear } from './generate';

describe('generateAllocations', () => {
  const seed = 2023;
  const allocations = generateAllocations(seed);
  const models = plannedModels(seed);
  const byModel = new Map(models.map((m) => [m.id, m]));

  it('is deterministic for a seed and differs for another', () => {
    expect(generateAllocations(seed)).toEqual(allocations);
    expect(generateAllocations(seed + 1)).not.toEqual(allocations);
  });

  it('funds every planned model in every programme year it runs, from 2–4 different sources, and no other model', () => {
    expect(allocations.every((a) => byModel.has(a.modelId))).toBe(true);
    expect(new Set(allocations.map((a) => a.id)).size).toBe(allocations.length);
    for (const model of models) {
      const own = allocations.filter((a) => a.modelId === model.id);
      expect(own.every((a) => a.communeCode === model.communeCode)).toBe(true);
      const years = [...monthsByYear(model).keys()];
      expect([...new Set(own.map((a) => a.year))]).toEqual(years);
      for (const year of years) {
        const sources = own.filter((a) => a.year === year).map((a) => a.sourceCode);
        expect(sources.length).toBeGreaterThanOrEqual(2);
        expect(sources.length).toBeLessThanOrEqual(4);
        expect(new Set(sources).size).toBe(sources.length);
        expect(sources[0]).toBe('NTP-GN-P2');
        expect(sources.every((s) => ['NTP-GN-P2', 'VNN', 'XHH-DN', 'DOI-UNG'].includes(s))).toBe(true);
      }
      expect(own.reduce((s, a) => s + a.approved, 0)).toBe(model.plannedBudget);
      expect(own.every((a) => a.year <= LAST_PROGRAMME_YEAR)).toBe(true);
    }
  });

  it('keeps whole VND, settled within disbursed, disbursed mostly within approved, nothing paid after the as-of year', () => {
    for (const a of allocations) {
      for (const v of [a.approved, a.disbursed, a.settled]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      expect(a.settled).toBeLessThanOrEqual(a.disbursed);
      if (a.year > AS_OF_YEAR) expect(a.disbursed).toBe(0);
    }
    const over = allocations.filter((a) => a.disbursed > a.approved).length;
    expect(over / allocations.length).toBeLessThan(0.1);
    const completed = allocations.filter((a) => byModel.get(a.modelId)!.status === 'COMPLETED');
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.filter((a) => a.settled > 0).length / completed.length).toBeGreaterThan(0.9);
  });
});
