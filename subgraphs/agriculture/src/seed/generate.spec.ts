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

  it('names a technique for every technology transfer, and gives each agreement a history its status follows from', () => {
    for (const s of data.supports) if (s.kind === 'TECHNOLOGY_TRANSFER') expect(s.techniqueCode).toMatch(/^[A-Z_]+$/);
    for (const o of data.offtakes) {
      expect(o.changes.at(-1)?.status ?? (o.signedOn ? 'SIGNED' : 'NEGOTIATING')).toBe(o.status);
      const dates = [o.signedOn, ...o.changes.map((c) => c.on)].filter((d): d is string => d !== null);
      expect([...dates].sort()).toEqual(dates);
      for (const d of o.deliveries) {
        expect(d.date >= o.periodStart && d.date <= o.periodEnd && d.date <= AS_OF).toBe(true);
        expect(d.volume).toBeGreaterThan(0);
      }
      if (o.status === 'NEGOTIATING' || o.status === 'SIGNED') expect(o.deliveries).toEqual([]);
    }
    expect(data.offtakes.some((o) => o.deliveries.length > 0)).toBe(true);
    expect(data.partners.every((p) => /^99\d{8}(-\d{3})?$/.test(p.taxCode) && p.communeCodes.length > 0)).toBe(true);
  });
});
