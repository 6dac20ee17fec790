import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { plannedModels, SYNTHETIC_MARKER } from '@ntg/synthetic';
import { openTestSubgraph, todayInVietnam } from '@ntg/subgraph-kit';
import { front } from '../index';
import { generateSupervisions, SUPERVISION_CUTOFF } from './supervisions';

const SEED = 7;

describe('Front synthetic supervisions', () => {
  it('gives every planned model 1-3 supervisions within its period and not after 2024, deterministically', () => {
    const generated = generateSupervisions(SEED);
    expect(generateSupervisions(SEED)).toEqual(generated);
    const models = plannedModels(SEED);
    for (const model of models) {
      const own = generated.supervisions.filter((s) => s.modelId === model.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      for (const s of own) {
        expect(s.communeCode).toBe(model.communeCode);
        expect(s.supervisedOn >= model.startDate && s.supervisedOn <= model.endDate && s.supervisedOn <= SUPERVISION_CUTOFF).toBe(true);
        expect(s.subject).toContain(SYNTHETIC_MARKER);
        expect(s.id).toMatch(new RegExp(`^SV-${model.id}-0[1-3]$`));
      }
    }
    expect(new Set(generated.supervisions.map((s) => s.modelId))).toEqual(new Set(models.map((m) => m.id)));
    const perSupervision = new Map<string, number>();
    for (const r of generated.recommendations) perSupervision.set(r.supervisionId, (perSupervision.get(r.supervisionId) ?? 0) + 1);
    expect(Math.max(...perSupervision.values())).toBeLessThanOrEqual(3);
    expect(perSupervision.size).toBeLessThan(generated.supervisions.length); // some supervisions made none
    for (const r of generated.recommendations) {
      const s = generated.supervisions.find((x) => x.id === r.supervisionId)!;
      expect(r.dueDate > s.supervisedOn).toBe(true);
      expect(r.status === 'OPEN' ? r.response === null && r.respondedOn === null : r.response !== null && r.respondedOn! > s.supervisedOn).toBe(true);
    }
    const statuses = new Set(generated.recommendations.map((r) => r.status));
    expect(statuses).toEqual(new Set(['OPEN', 'RESPONDED', 'RESOLVED']));
    expect(generateSupervisions(SEED + 1)).not.toEqual(generated);
  });

  it('takes "today" as the calendar date in Việt Nam (UTC+7)', () => {
    expect(todayInVietnam(new Date('2024-12-31T16:59:59Z'))).toBe('2024-12-31');
    expect(todayInVietnam(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
  });

  describe('seeded into the database', () => {
    let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
    beforeAll(async () => {
      subgraph = await openTestSubgraph(front);
    });
    afterAll(() => subgraph?.close());

    it('writes every row flagged synthetic, once, and the graph shows OVERDUE, RESPONDED and RESOLVED', async () => {
      const generated = generateSupervisions(SEED);
      const written = await front.seed!(subgraph.database, { scale: 0.01, seed: SEED });
      expect(written).toEqual({ supervisions: generated.supervisions.length, recommendations: generated.recommendations.length });
      expect(await front.seed!(subgraph.database, { scale: 0.01, seed: SEED })).toEqual({});
      const [flags] = await subgraph.database.rows<{ unflagged: number }>(sql`
        select ((select count(*) from front.supervisions where not synthetic) + (select count(*) from front.recommendations where not synthetic))::int as unflagged`);
      expect(flags?.unflagged).toBe(0);

      const result = await subgraph.execute<{ _entities: { supervisions: { synthetic: boolean; recommendations: { status: string }[] }[] }[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { supervisions { synthetic recommendations { status } } } } }`,
        { r: communes.map((c) => ({ __typename: 'Commune', code: c.code })) },
      );
      expect(result.errors).toBeUndefined();
      const shown = result.data!._entities.flatMap((c) => c.supervisions);
      expect(shown).toHaveLength(generated.supervisions.length);
      expect(shown.every((s) => s.synthetic)).toBe(true);
      const statuses = shown.flatMap((s) => s.recommendations.map((r) => r.status));
      // Every seeded OPEN recommendation fell due by early 2025, so each one now reads OVERDUE.
      const open = generated.recommendations.filter((r) => r.status === 'OPEN' && r.dueDate < todayInVietnam()).length;
      expect(open).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === 'OVERDUE')).toHaveLength(open);
      expect(statuses.filter((s) => s === 'RESPONDED').length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === 'RESOLVED').length).toBeGreaterThan(0);
    });
  });
});
