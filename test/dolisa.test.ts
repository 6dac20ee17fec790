import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedModels } from '@ntg/synthetic';
import { ANALYST, startTestGraph, TEST_SEED, type TestGraph } from './support/graph';

/** What a commune dashboard asks (GRAPH-MAP.md), less the Front's consultations, which are not built yet. */
const DASHBOARD = /* GraphQL */ `
  query CommuneDashboard($code: ID!, $year: Int!) {
    commune(code: $code) {
      name kind district { name }
      povertyStats(year: $year) { households poor poorRate poorRateChangePp }
      ethnicArea
      fundingSummary(year: $year) { approved disbursed }
      livelihoodModels {
        id name status outcome { participants escapedPoverty }
        technicalSupports { kind date }
        funding { approved disbursed }
        supervisions { date recommendations { status } }
      }
    }
  }
`;

const NESTED_SELECTION = /* GraphQL */ `
  communes {
    povertyStats(year: 2024) { poor }
    livelihoodModels { outcome { escapedPoverty } technicalSupports { kind } funding { approved } supervisions { id } }
  }
`;

describe('DOLISA through the gateway', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  const model = plannedModels(TEST_SEED.seed).find((m) => m.status === 'COMPLETED')!;

  beforeAll(async () => {
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
  });
  afterAll(() => graph?.stop());

  it('answers the commune dashboard from all five departments', async () => {
    const result = await graph.query(DASHBOARD, { code: model.communeCode, year: 2024 }, analyst);
    expect(result.errors).toBeUndefined();
    const commune = result.data.commune;
    expect(commune.povertyStats.households).toBeGreaterThan(0);
    expect(commune.livelihoodModels).toHaveLength(1);
    const [row] = commune.livelihoodModels;
    expect(row).toMatchObject({ id: model.id, name: model.name, status: 'COMPLETED' });
    expect(row.outcome.participants).toBeGreaterThan(0);
    expect(row.technicalSupports.length).toBeGreaterThan(0);
    expect(row.funding.approved).toBe(model.plannedBudget);
    expect(row.supervisions.length).toBeGreaterThan(0);
  });

  it('runs the same number of SQL statements for one district as for the whole province', async () => {
    const count = async (query: string) => {
      for (const s of graph.subgraphs) s.database.statements.reset();
      const result = await graph.query(query, {}, analyst);
      expect(result.errors).toBeUndefined();
      return Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.database.statements.count]));
    };
    const one = await count(`{ district(code: "584") { ${NESTED_SELECTION} } }`);
    const all = await count(`{ province { districts { ${NESTED_SELECTION} } } }`);
    expect(all).toEqual(one);
    expect(one.dolisa).toBeGreaterThan(0);
  });

  it('evaluates the plan targets for the seeded programme', async () => {
    const result = await graph.query(`{ plan(code: "249/KHPH-UBND-MTTQ") { targets(year: 2024) { id status actual numerator denominator } } }`, {}, analyst);
    expect(result.errors).toBeUndefined();
    const t1 = result.data.plan.targets.find((t: any) => t.id === 'T1');
    const withModel = new Set(plannedModels(TEST_SEED.seed).map((m) => m.communeCode)).size;
    // The demo leaves a few communes without a model (and suspends some), and T1 counts effective models only (some
    // are rated below GOOD), so T1 is missed; test/programme.test.ts pins the exact count.
    expect(t1).toMatchObject({ denominator: 65, status: 'MISSED' });
    expect(t1.numerator).toBeLessThanOrEqual(withModel);
    expect(t1.numerator).toBeGreaterThan(withModel / 2);
    expect(t1.actual).toBeCloseTo(t1.numerator / 65, 10);
  });
});
