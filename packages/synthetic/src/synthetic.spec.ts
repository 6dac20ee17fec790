import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { plannedModels } from './scenario';
import { syntheticIdNumber, syntheticPersonName, SYNTHETIC_MARKER } from './names';

describe('Random', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = new Random(42);
    const b = new Random(42);
    const draws = Array.from({ length: 10_000 }, () => a.next());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(new Random(43).next()).not.toBe(new Random(42).next());
  });
});

describe('plannedModels', () => {
  it('gives most communes one model, leaves a few without, and is stable per seed', () => {
    const models = plannedModels(7);
    expect(models).toHaveLength(61);
    expect(new Set(models.map((m) => m.communeCode)).size).toBe(61);
    expect(plannedModels(7)).toEqual(models);
    expect(models.every((m) => m.startDate < m.endDate && m.synthetic && m.name.endsWith('(synthetic)'))).toBe(true);
    expect(models.some((m) => m.status === 'COMPLETED')).toBe(true);
    expect(models.some((m) => m.status === 'ACTIVE')).toBe(true);
  });
});

describe('synthetic personal data', () => {
  it('is always marked and never shaped like a real citizen ID', () => {
    const random = new Random(1);
    expect(syntheticPersonName(random, '21')).toContain(SYNTHETIC_MARKER);
    expect(syntheticIdNumber(random)).toMatch(/^SYN\d{9}$/);
  });
});
