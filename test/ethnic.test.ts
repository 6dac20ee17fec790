import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { districts, findCommune } from '@ntg/admin-units';
import { ETHNIC_AREA_861, plannedModels } from '@ntg/synthetic';
import type { TokenClaims } from '@ntg/subgraph-kit';
import { ANALYST, DOLISA_OFFICER, startTestGraph, TEST_SEED, type TestGraph } from './support/graph';

const PLAN = '249/KHPH-UBND-MTTQ';
const INDICATORS = 'year minorityHouseholds minorityPoor minorityPoorRate minorityPoorRateChangePp minorityShareOfPoor allHouseholds allPoor';
const STATS = 'households poor poorRate poorRateChangePp';

/** What each unit is asked: the Ethnic Committee's indicators beside DOLISA's own figures for the same year. */
const UNIT_FIGURES = `code minorityIndicators(year: $year) { ${INDICATORS} } minority: povertyStats(year: $year, minority: true) { ${STATS} }
  all: povertyStats(year: $year) { ${STATS} minorityHouseholds minorityPoor }`;

interface UnitFigures {
  code: string;
  minorityIndicators: Record<string, number | null>;
  minority: Record<string, number | null>;
  all: Record<string, number | null>;
}

const ETHNIC_OFFICER_BAC_AI: TokenClaims = { department: 'ETHNIC', role: 'officer', area: '584', subject: 'test-ethnic-officer-584' };
const ETHNIC_OFFICER_NINH_SON: TokenClaims = { department: 'ETHNIC', role: 'officer', area: '585', subject: 'test-ethnic-officer-585' };
const ETHNIC_SUPERVISOR: TokenClaims = { department: 'ETHNIC', role: 'supervisor', area: '58', subject: 'test-ethnic-supervisor' };

/** The GRAPH-MAP's commune dashboard, with the Ethnic Committee's parts (the Front's consultations are not built yet). */
const DASHBOARD = /* GraphQL */ `
  query CommuneDashboard($code: ID!, $year: Int!) {
    commune(code: $code) {
      name kind district { name }
      povertyStats(year: $year) { households poor poorRate poorRateChangePp }
      minorityIndicators(year: $year) { minorityPoorRate minorityPoorRateChangePp }
      ethnicArea
      fundingSummary(year: $year) { approved disbursed }
      livelihoodModels { name status outcome { participants escapedPoverty } funding { approved } }
    }
  }
`;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today in Việt Nam, as the subgraphs judge dates. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/** DOLISA's figures as the Ethnic Committee's names: what the indicators must equal. */
function expectedFrom(unit: UnitFigures, year: number) {
  return {
    year,
    minorityHouseholds: unit.minority.households,
    minorityPoor: unit.minority.poor,
    minorityPoorRate: unit.minority.poorRate,
    minorityPoorRateChangePp: unit.minority.poorRateChangePp,
    minorityShareOfPoor: unit.all.poor ? unit.minority.poor! / unit.all.poor : null,
    allHouseholds: unit.all.households,
    allPoor: unit.all.poor,
  };
}

describe('the Ethnic Committee through the gateway', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;

  beforeAll(async () => {
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
  });
  afterAll(() => graph?.stop());

  /** Requests each subgraph received and statements each database ran while `work` ran. */
  async function measure<T>(work: () => Promise<T>): Promise<{ result: T; requests: Record<string, number>; statements: Record<string, number> }> {
    const before = Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.requests()]));
    for (const s of graph.subgraphs) s.database.statements.reset();
    const result = await work();
    return {
      result,
      requests: Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.requests() - before[s.name]!])),
      statements: Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.database.statements.count])),
    };
  }

  async function figures(year: number): Promise<{ province: UnitFigures; districts: UnitFigures[]; communes: UnitFigures[] }> {
    const result = await graph.query(`query ($year: Int!) { province { ${UNIT_FIGURES} districts { ${UNIT_FIGURES} communes { ${UNIT_FIGURES} } } } }`, { year }, analyst);
    expect(result.errors).toBeUndefined();
    const province = result.data.province;
    return { province, districts: province.districts, communes: province.districts.flatMap((d: { communes: UnitFigures[] }) => d.communes) };
  }

  it.each([2023, 2024])('equals DOLISA\'s povertyStats(minority: true) in %i for the province, every district and every commune', async (year) => {
    const { province, districts: districtRows, communes: communeRows } = await figures(year);
    expect(districtRows).toHaveLength(districts.length);
    expect(communeRows).toHaveLength(65);
    for (const unit of [province, ...districtRows, ...communeRows]) {
      expect(unit.minorityIndicators, `unit ${unit.code}`).toEqual(expectedFrom(unit, year));
      // DOLISA's own minority columns agree too: both count by the Ethnic Committee's list.
      expect(unit.minorityIndicators.minorityHouseholds).toBe(unit.all.minorityHouseholds);
      expect(unit.minorityIndicators.minorityPoor).toBe(unit.all.minorityPoor);
    }
    // The seed is calibrated on the province's figures: minorities are most of the poor, and their rate falls.
    const p = province.minorityIndicators;
    expect(p.minorityPoor).toBeGreaterThan(0);
    expect(p.minorityShareOfPoor).toBeGreaterThan(0.4);
    expect(p.minorityPoorRate).toBeGreaterThan(province.all.poorRate!);
    expect(p.minorityPoorRateChangePp).not.toBeNull();
    expect(p.minorityPoorRateChangePp!).toBeLessThan(0);
  });

  it('serves every reviewed year from the argument-free minorityIndicatorsByYear, the same figures as minorityIndicators(year)', async () => {
    const result = await graph.query(`{ province { minorityIndicatorsByYear { ${INDICATORS} } y2023: minorityIndicators(year: 2023) { ${INDICATORS} }
      y2024: minorityIndicators(year: 2024) { ${INDICATORS} } y2030: minorityIndicators(year: 2030) { ${INDICATORS} } } }`, {}, analyst);
    expect(result.errors).toBeUndefined();
    const p = result.data.province;
    expect(p.minorityIndicatorsByYear.map((i: { year: number }) => i.year)).toEqual([2022, 2023, 2024]);
    expect(p.minorityIndicatorsByYear[1]).toEqual(p.y2023);
    expect(p.minorityIndicatorsByYear[2]).toEqual(p.y2024);
    expect(p.minorityIndicatorsByYear[0].minorityPoorRateChangePp).toBeNull();
    // A year without reviews: nothing counted, no rates.
    expect(p.y2030).toEqual({ year: 2030, minorityHouseholds: 0, minorityPoor: 0, minorityPoorRate: null, minorityPoorRateChangePp: null, minorityShareOfPoor: null, allHouseholds: 0, allPoor: 0 });
  });

  it('resolves the indicators of all 65 communes in one round: one call to DOLISA, one to Ethnic, the statements of one commune', async () => {
    const one = await measure(() => graph.query(`{ communes(districtCode: "584") { code } commune(code: "22783") { minorityIndicators(year: 2024) { minorityPoor } } }`, {}, analyst));
    expect(one.result.errors).toBeUndefined();
    const all = await measure(() => graph.query(`{ communes { code a: minorityIndicators(year: 2024) { minorityPoor minorityPoorRate } b: minorityIndicators(year: 2023) { minorityShareOfPoor } minorityIndicatorsByYear { year } } }`, {}, analyst));
    expect(all.result.errors).toBeUndefined();
    expect(all.result.data.communes).toHaveLength(65);
    expect(all.requests).toEqual({ dolisa: 1, agriculture: 0, finance: 0, ethnic: 1, front: 0 });
    // DOLISA reads its rollup once for the 65 units; Ethnic computes from the representations without SQL.
    expect(all.statements).toEqual({ dolisa: 1, agriculture: 0, finance: 0, ethnic: 0, front: 0 });
    expect(all.statements).toEqual(one.statements);

    // With the classification asked beside it, still one call to Ethnic and one statement for it.
    const mixed = await measure(() => graph.query(`{ communes { ethnicArea minorityIndicators(year: 2024) { minorityPoor } } }`, {}, analyst));
    expect(mixed.result.errors).toBeUndefined();
    expect(mixed.requests).toMatchObject({ dolisa: 1, ethnic: 1 });
    expect(mixed.statements).toMatchObject({ dolisa: 1, ethnic: 1 });
  });

  it('evaluates T4 on Plan.minorityTargets from the province\'s minorityPoorRateChangePp, "more than 3 pp" strictly', async () => {
    const result = await graph.query(`{
      province { y2023: minorityIndicators(year: 2023) { minorityPoorRate minorityPoorRateChangePp } y2024: minorityIndicators(year: 2024) { minorityPoorRate minorityPoorRateChangePp } }
      plan(code: "${PLAN}") {
        code targets(year: 2024) { id }
        t2023: minorityTargets(year: 2023) { id metric scope measure description target { min max } actual status numerator denominator basis }
        t2024: minorityTargets(year: 2024) { id metric scope measure target { min max } actual status numerator denominator basis }
        t2025: minorityTargets(year: 2025) { id actual status basis }
      }
    }`, {}, analyst);
    expect(result.errors).toBeUndefined();
    const { province, plan } = result.data;
    // DOLISA's targets and the Ethnic Committee's sit side by side on the same plan.
    expect(plan.targets.map((t: { id: string }) => t.id)).toEqual(['T1', 'T2', 'T3', 'T5']);
    for (const [year, targets, stats, previous] of [[2023, plan.t2023, province.y2023, null], [2024, plan.t2024, province.y2024, province.y2023]] as const) {
      expect(targets).toHaveLength(1);
      const [t4] = targets;
      expect(t4).toMatchObject({ id: 'T4', metric: 'MINORITY_POOR_RATE_CHANGE', scope: 'PROVINCE_MINORITY_HOUSEHOLDS', measure: 'PP', target: { min: null, max: -3 } });
      expect(t4.actual).toBe(stats.minorityPoorRateChangePp);
      expect(t4.numerator).toBe(stats.minorityPoorRate);
      if (previous) expect(t4.denominator).toBe(previous.minorityPoorRate);
      // Both years are over: MET only for a fall of more than 3.0 pp.
      expect(t4.status).toBe(t4.actual < -3 ? 'MET' : 'MISSED');
      expect(t4.basis).toContain(`${year - 1} -> ${year}`);
    }
    expect(plan.t2023[0].description).toMatch(/more than 3\.0 percentage points/);
    // No 2025 review yet: no figure, no guess.
    expect(plan.t2025).toEqual([{ id: 'T4', actual: null, status: 'NO_DATA', basis: expect.stringMatching(/no 2024 and 2025 reviews/) }]);
  });

  it('shows T4 in the monthly report and the indicators on the commune dashboard', async () => {
    const report = await graph.query(`{ monthlyProgress(month: "2024-10") { targets { id } plan { minorityTargets(year: 2024) { id status actual } } } }`, {}, analyst);
    expect(report.errors).toBeUndefined();
    const progress = report.data.monthlyProgress;
    expect([...progress.targets.map((t: { id: string }) => t.id), ...progress.plan.minorityTargets.map((t: { id: string }) => t.id)].sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);

    const model = plannedModels(TEST_SEED.seed).find((m) => ETHNIC_AREA_861[m.communeCode] === 'REGION_III')!;
    const dashboard = await graph.query(DASHBOARD, { code: model.communeCode, year: 2024 }, analyst);
    expect(dashboard.errors).toBeUndefined();
    const commune = dashboard.data.commune;
    expect(commune.ethnicArea).toBe('REGION_III');
    expect(commune.minorityIndicators.minorityPoorRate).toBeGreaterThanOrEqual(0);
    expect(commune.livelihoodModels.length).toBeGreaterThan(0);
  });

  it('follows a DOLISA correction that lifts a minority household out of poverty, with no write in the Ethnic subgraph', async () => {
    const [household] = await graph.database('dolisa').rows<{ household_id: string; commune_code: string }>(sql`
      select a.household_id, a.commune_code from dolisa.poverty_assessments a join dolisa.households h on h.id = a.household_id
      where a.year = 2024 and a.is_current and a.classification = 'POOR' and a.head_ethnic_group <> '01' and h.head_ethnic_group = a.head_ethnic_group
        and h.dissolved_on is null
      order by a.household_id limit 1`);
    expect(household).toBeDefined();
    const districtCode = findCommune(household!.commune_code)!.districtCode;
    const query = `query ($year: Int!, $commune: ID!, $district: ID!) {
      commune(code: $commune) { ${UNIT_FIGURES} } district(code: $district) { ${UNIT_FIGURES} } province { ${UNIT_FIGURES} }
      plan(code: "${PLAN}") { minorityTargets(year: $year) { actual } } }`;
    const variables = { year: 2024, commune: household!.commune_code, district: districtCode };
    const before = await graph.query(query, variables, analyst);
    expect(before.errors).toBeUndefined();
    const ethnicRows = async () => (await graph.database('ethnic').rows<{ history: number; audit: number }>(
      sql`select (select count(*)::int from ethnic.ethnic_area_history) as history, (select count(*)::int from ethnic.audit_log) as audit`))[0];
    const ethnicBefore = await ethnicRows();

    const dolisaOfficer = await graph.headersFor(DOLISA_OFFICER);
    const correction = await measure(() => graph.query(
      `mutation ($input: AssessmentInput!) { correctAssessment(input: $input, reason: "Income re-checked (test)") { classification } }`,
      { input: { householdId: household!.household_id, year: 2024, incomePerCapitaMonthly: 6_000_000, deprivations: [], assessedOn: '2024-11-20' } },
      dolisaOfficer,
    ));
    expect(correction.result.errors).toBeUndefined();
    expect(correction.result.data.correctAssessment.classification).toBe('ABOVE_AVERAGE');
    // Nothing reached the Ethnic subgraph, let alone wrote in it.
    expect(correction.requests.ethnic).toBe(0);
    expect(correction.statements.ethnic).toBe(0);
    expect(await ethnicRows()).toEqual(ethnicBefore);

    const after = await graph.query(query, variables, analyst);
    expect(after.errors).toBeUndefined();
    for (const level of ['commune', 'district', 'province'] as const) {
      const [was, now] = [before.data[level] as UnitFigures, after.data[level] as UnitFigures];
      expect(now.minorityIndicators.minorityPoor, level).toBe(was.minorityIndicators.minorityPoor! - 1);
      expect(now.minorityIndicators.minorityHouseholds, level).toBe(was.minorityIndicators.minorityHouseholds);
      expect(now.minorityIndicators.minorityPoorRate!, level).toBeLessThan(was.minorityIndicators.minorityPoorRate!);
      expect(now.minorityIndicators, level).toEqual(expectedFrom(now, 2024));
    }
    expect(after.data.plan.minorityTargets[0].actual).toBe(after.data.province.minorityIndicators.minorityPoorRateChangePp);
    expect(after.data.plan.minorityTargets[0].actual).toBeLessThan(before.data.plan.minorityTargets[0].actual);
  });

  describe('reclassifying a commune', () => {
    const RECLASSIFY = `mutation ($code: ID!, $area: EthnicArea!, $decision: String!, $on: Date!) {
      reclassifyEthnicArea(communeCode: $code, area: $area, decision: $decision, effectiveOn: $on) { commune { code name } area decision effectiveOn validUntil recordedBy } }`;
    const areasOf = (code: string, dates: Record<string, string>) => graph.query(
      `query ($code: ID!) { commune(code: $code) { now: ethnicArea ${Object.entries(dates).map(([alias, on]) => `${alias}: ethnicArea(on: "${on}")`).join(' ')}
        ethnicAreaHistory { area decision effectiveOn validUntil } } }`, { code }, analyst);

    it('shows a reclassification from its effective date, not before, and keeps the earlier decision in the history', async () => {
      const effectiveOn = addDays(today(), 30);
      const dayBefore = addDays(effectiveOn, -1);
      const result = await graph.query(RECLASSIFY, { code: '22783', area: 'REGION_II', decision: 'Test decision 1/QĐ-TTg (synthetic)', on: effectiveOn }, await graph.headersFor(ETHNIC_OFFICER_BAC_AI));
      expect(result.errors).toBeUndefined();
      expect(result.data.reclassifyEthnicArea).toEqual({
        commune: { code: '22783', name: findCommune('22783')!.name }, area: 'REGION_II', decision: 'Test decision 1/QĐ-TTg (synthetic)',
        effectiveOn, validUntil: null, recordedBy: ETHNIC_OFFICER_BAC_AI.subject,
      });

      const read = await areasOf('22783', { before: dayBefore, on: effectiveOn, later: addDays(effectiveOn, 400), in2022: '2022-01-01' });
      expect(read.errors).toBeUndefined();
      const commune = read.data.commune;
      // Today is before the effective date: still Region III.
      expect(commune).toMatchObject({ now: 'REGION_III', before: 'REGION_III', on: 'REGION_II', later: 'REGION_II', in2022: 'REGION_III' });
      expect(commune.ethnicAreaHistory).toEqual([
        { area: 'REGION_III', decision: '861/QĐ-TTg', effectiveOn: '2021-06-04', validUntil: dayBefore },
        { area: 'REGION_II', decision: 'Test decision 1/QĐ-TTg (synthetic)', effectiveOn, validUntil: null },
      ]);

      // A decision already in force shows today; NONE takes an unclassified commune off nothing, a classified one off the list.
      const past = await graph.query(RECLASSIFY, { code: '22786', area: 'NONE', decision: 'Test decision 2/QĐ-TTg (synthetic)', on: addDays(today(), -10) }, await graph.headersFor(ETHNIC_OFFICER_BAC_AI));
      expect(past.errors).toBeUndefined();
      const now = await areasOf('22786', { earlier: addDays(today(), -11) });
      expect(now.data.commune).toMatchObject({ now: 'NONE', earlier: 'REGION_III' });

      // The change is in the Ethnic Committee's audit trail, with the decision it follows.
      const audit = await graph.query(`{ ethnicAuditLog(entity: "EthnicAreaClassification", entityKey: "22783/${effectiveOn}") { edges { node { outcome operation subject before after } } } }`, {}, await graph.headersFor(ETHNIC_SUPERVISOR));
      expect(audit.errors).toBeUndefined();
      const [entry] = audit.data.ethnicAuditLog.edges.map((e: { node: unknown }) => e.node);
      expect(entry).toMatchObject({ outcome: 'OK', operation: 'reclassifyEthnicArea', subject: ETHNIC_OFFICER_BAC_AI.subject });
      expect(JSON.parse(entry.before)).toMatchObject({ area: 'REGION_III', decision: '861/QĐ-TTg' });
      expect(JSON.parse(entry.after)).toMatchObject({ area: 'REGION_II', effectiveOn });
    });

    it('refuses and audits every caller but an Ethnic officer of the commune\'s area, and leaves the history as it was', async () => {
      const history = async () => (await graph.database('ethnic').rows<{ n: number }>(sql`select count(*)::int as n from ethnic.ethnic_area_history`))[0]!.n;
      const denials = async () => (await graph.database('ethnic').rows<{ subject: string; reason: string }>(
        sql`select subject, reason from ethnic.audit_log where outcome = 'DENIED' and operation = 'reclassifyEthnicArea' order by id`));
      const rowsBefore = await history();
      const denialsBefore = (await denials()).length;
      const callers: TokenClaims[] = [
        ETHNIC_OFFICER_NINH_SON, // an Ethnic officer, of another district
        ETHNIC_SUPERVISOR, // the Ethnic Committee, but not an officer
        DOLISA_OFFICER, // another department, province-wide
        ANALYST,
        { department: 'ETHNIC', role: 'officer', area: '22786', subject: 'test-ethnic-officer-22786' }, // a neighbouring commune
      ];
      for (const caller of callers) {
        const result = await graph.query(RECLASSIFY, { code: '22789', area: 'REGION_I', decision: 'Refused (synthetic)', on: addDays(today(), 60) }, await graph.headersFor(caller));
        expect(result.data?.reclassifyEthnicArea ?? null, caller.subject).toBeNull();
        expect(result.errors?.[0]?.extensions, caller.subject).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await history()).toBe(rowsBefore);
      const recorded = (await denials()).slice(denialsBefore);
      expect(recorded.map((d) => d.subject)).toEqual(callers.map((c) => c.subject));
      expect(recorded[0]!.reason).toMatch(/outside your area/);

      // Mistakes are the caller's, named by field, and change nothing either.
      const officer = await graph.headersFor(ETHNIC_OFFICER_BAC_AI);
      const mistakes = [
        [{ code: '99999', area: 'REGION_I', decision: 'X (synthetic)', on: '2030-01-01' }, 'BAD_USER_INPUT', 'communeCode'],
        [{ code: '22789', area: 'REGION_I', decision: '  ', on: '2030-01-01' }, 'BAD_USER_INPUT', 'decision'],
        [{ code: '22789', area: 'REGION_I', decision: 'X (synthetic)', on: '1999-01-01' }, 'BAD_USER_INPUT', 'effectiveOn'],
        // Not after Decision 861's effective date: the history only grows at its end.
        [{ code: '22789', area: 'REGION_I', decision: 'X (synthetic)', on: '2021-06-04' }, 'CONFLICT', 'effectiveOn'],
      ] as const;
      for (const [variables, code, field] of mistakes) {
        const result = await graph.query(RECLASSIFY, variables, officer);
        expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, field });
      }
      expect(await history()).toBe(rowsBefore);
    });
  });

  it('serves the 54 groups of the same reference list DOLISA counts minorities by', async () => {
    const result = await graph.query(`{ ethnicGroups { code isMinority } }`, {}, analyst);
    expect(result.errors).toBeUndefined();
    const minorities = new Set(result.data.ethnicGroups.filter((g: { isMinority: boolean }) => g.isMinority).map((g: { code: string }) => g.code));
    expect(result.data.ethnicGroups).toHaveLength(54);
    // DOLISA's minority count equals the households of the groups the Ethnic subgraph serves as minorities.
    const [counted] = await graph.database('dolisa').rows<{ year: number; by_list: number }>(sql`
      select 2024 as year, coalesce(sum(households) filter (where head_ethnic_group in (${sql.join([...minorities].map((c) => sql`${c}`), sql`, `)})), 0)::int as by_list
      from dolisa.poverty_rollup where year = 2024`);
    const stats = await graph.query(`{ province { povertyStats(year: 2024) { minorityHouseholds } } }`, {}, analyst);
    expect(stats.data.province.povertyStats.minorityHouseholds).toBe(counted!.by_list);
  });
});
