import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes, findDistrict } from '@ntg/admin-units';
import { ETHNIC_AREA_861, plannedModels } from '@ntg/synthetic';
import { ANALYST, startTestGraph, TEST_SEED, type TestGraph } from './support/graph';

/** The commune dashboard of the graph map, for every commune at once: one query, five departments. */
const ALL_COMMUNES = /* GraphQL */ `
  query AllCommunes($year: Int!) {
    communes {
      code name kind areaType district { code name }
      povertyStats(year: $year) { households poor poorRate syntheticHouseholds }
      agricultureSupport(year: $year) { year supportEvents householdsReached }
      fundingSummary(year: $year) { year approved disbursed }
      ethnicArea
      supervisions { id date }
    }
    province { fundingSummary(year: $year) { approved disbursed } povertyStats(year: $year) { households poor } }
  }
`;

describe('the unified graph through the gateway', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
  });
  afterAll(() => graph?.stop());

  it('answers one query touching all five subgraphs for all 65 communes', async () => {
    const result = await graph.query(ALL_COMMUNES, { year: 2024 }, analyst);
    expect(result.errors).toBeUndefined();
    const rows: any[] = result.data.communes;
    expect(rows).toHaveLength(65);

    // Reference units, resolved in every subgraph from the shared package
    for (const row of rows) {
      const unit = communes.find((c) => c.code === row.code)!;
      expect(row).toMatchObject({ name: unit.name, kind: unit.kind, areaType: unit.areaType, district: { code: unit.districtCode, name: findDistrict(unit.districtCode)!.name } });
    }

    // DOLISA: per-commune counts equal the rows of that year's review, computed independently here
    const perCommune = await graph.database('dolisa').rows<{ commune_code: string; n: number; poor: number }>(
      sql`select commune_code, count(*)::int as n, (count(*) filter (where classification = 'POOR'))::int as poor
          from dolisa.poverty_assessments where year = 2024 and is_current group by commune_code`,
    );
    expect(perCommune).toHaveLength(65);
    for (const { commune_code, n, poor } of perCommune) {
      const row = rows.find((r) => r.code === commune_code);
      expect(row.povertyStats).toMatchObject({ households: n, poor, syntheticHouseholds: n });
    }
    const total = rows.reduce((s, r) => s + r.povertyStats.households, 0);
    expect(result.data.province.povertyStats.households).toBe(total);

    // Ethnic Committee: the real Decision 861 classification
    for (const row of rows) expect(row.ethnicArea).toBe(ETHNIC_AREA_861[row.code] ?? 'NONE');
    expect(rows.filter((r) => r.ethnicArea === 'REGION_III')).toHaveLength(15);

    // Agriculture, Finance, Front: communes without a planned model have nothing; the others have records
    const withModel = new Set(plannedModels(TEST_SEED.seed).map((m) => m.communeCode));
    for (const row of rows) {
      if (withModel.has(row.code)) continue;
      expect(row.agricultureSupport).toEqual({ year: 2024, supportEvents: 0, householdsReached: 0 });
      expect(row.fundingSummary).toMatchObject({ approved: 0, disbursed: 0 });
      expect(row.supervisions).toEqual([]);
    }
    expect(rows.filter((r) => r.fundingSummary.approved > 0).length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.supervisions.length > 0).length).toBeGreaterThan(30);
    const approved = rows.reduce((s, r) => s + r.fundingSummary.approved, 0);
    expect(result.data.province.fundingSummary.approved).toBe(approved);
  });

  it('returns NOT_FOUND and BAD_USER_INPUT from the owning subgraph through the gateway', async () => {
    const result = await graph.query(`{ unknown: commune(code: "99999") { name } malformed: district(code: "5") { name } }`, {}, analyst);
    expect(result.data).toEqual({ unknown: null, malformed: null });
    const byPath = Object.fromEntries(result.errors!.map((e) => [e.path![0], e.extensions]));
    expect(byPath.unknown).toMatchObject({ code: 'NOT_FOUND' });
    expect(byPath.malformed).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('answers /health on the gateway and every subgraph without a query', async () => {
    for (const url of [graph.url, ...graph.subgraphs.map((s) => s.url)]) {
      const response = await fetch(url.replace('/graphql', '/health'));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    }
  });
});
