import { describe, expect, it } from 'vitest';
import { plannedModels } from '@ntg/synthetic';
import { TechnicalSupportKind } from '../generated/types';
import { AS_OF, generateAgricultureSeed } from './generate';

describe('generateAgricultureSeed', () => {
  const seed = 2023;
  const data = generateAgricultureSeed(seed);
  const models = new Map(plannedModels(seed).map((m) => [m.id, m]));

  it('is deterministic for a seed and differs for another', () => {
    expect(generateAgricultureSeed(seed)).toEqual(data);
    expect(generateAgricultureSeed(seed + 1).supports).not.toEqual(data.supports);
  });

  it('gives every planned model 2–6 support events, and references no other model', () => {
    const perModel = new Map<string, number>();
    for (const s of data.supports) perModel.set(s.modelId, (perModel.get(s.modelId) ?? 0) + 1);
    expect([...perModel.keys()].sort()).toEqual([...models.keys()].sort());
    for (const n of perModel.values()) {
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(6);
    }
    expect(data.offtakes.every((o) => models.has(o.modelId))).toBe(true);
    expect(new Set(data.supports.map((s) => s.id)).size).toBe(data.supports.length);
  });

  it('dates each event within its model, in its commune, with 5–60 households and a known kind', () => {
    for (const s of data.supports) {
      const model = models.get(s.modelId)!;
      expect(s.communeCode).toBe(model.communeCode);
      expect(s.supportDate >= model.startDate).toBe(true);
      expect(s.supportDate <= (model.endDate < AS_OF ? model.endDate : AS_OF)).toBe(true);
      expect(s.householdsReached).toBeGreaterThanOrEqual(5);
      expect(s.householdsReached).toBeLessThanOrEqual(60);
      expect(Object.values(TechnicalSupportKind)).toContain(s.kind);
    }
  });

  it('makes offtake agreements with known partners over valid periods, and marks every partner synthetic', () => {
    const partnerIds = new Set(data.partners.map((p) => p.id));
    expect(data.offtakes.length).toBeGreaterThan(models.size / 3);
    for (const o of data.offtakes) {
      expect(partnerIds.has(o.partnerId)).toBe(true);
      expect(o.periodEnd >= o.periodStart).toBe(true);
      expect(o.volume).toBeGreaterThan(0);
      expect(Number.isInteger(o.pricePerUnit)).toBe(true);
      if (models.get(o.modelId)!.status === 'SUSPENDED') expect(o.status).toBe('CANCELLED');
    }
    expect(data.partners.every((p) => p.name.endsWith('(synthetic)'))).toBe(true);
  });
});
