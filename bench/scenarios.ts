// The scenarios of pnpm bench: what a dashboard team, a frontend and an analyst send, and a DOLISA officer's writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const COMMUNE = '22783';
export const YEAR = 2024;

export interface ReadScenario {
  readonly name: string;
  readonly title: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

export function readScenarios(root: string): ReadScenario[] {
  return [
    {
      name: 'dashboard',
      title: 'commune dashboard (queries/commune-dashboard.graphql)',
      query: readFileSync(join(root, 'queries', 'commune-dashboard.graphql'), 'utf8'),
      variables: { code: COMMUNE, year: YEAR },
    },
    {
      name: 'commune-name',
      title: '`{ commune(code) { name } }`',
      query: 'query CommuneName($code: ID!) { commune(code: $code) { name } }',
      variables: { code: COMMUNE },
    },
    {
      name: 'province',
      title: "analyst's whole-province nested query",
      query: `query WholeProvince($year: Int!) {
  province { districts { communes {
    code
    povertyStats(year: $year) { households poor poorRate }
    fundingSummary(year: $year) { approved disbursed }
    agricultureSupport(year: $year) { supportEvents householdsReached }
    ethnicArea
    livelihoodModels { id outcome { participants escapedPoverty } }
  } } }
}`,
      variables: { year: YEAR },
    },
  ];
}

const DEPRIVATIONS = ['EMPLOYMENT', 'NUTRITION', 'HEALTH_INSURANCE', 'HOUSING_AREA', 'DOMESTIC_WATER', 'TELECOM_SERVICES'];
const RECORD = 'mutation Record($input: AssessmentInput!) { recordAssessment(input: $input) { year classification } }';
const CORRECT = 'mutation Correct($input: AssessmentInput!) { correctAssessment(input: $input, reason: "Re-checked (bench)") { year classification } }';
const REGISTER = 'mutation Register($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }';

/**
 * The DOLISA officer's write mix, 2 : 2 : 1: a 2025 review of a household that has none yet (each household once),
 * a correction of a 2024 review, a new household. Each body is valid, so every request is a committed write
 * (statement triggers keeping the rollups, history rows, the audit entry) and the targets get the same kinds of work.
 */
export function mutationMix(households: string[], unreviewed2025: string[], communes: string[]): { next(): string; used(): number } {
  const fresh = [...unreviewed2025];
  let i = 0;
  let used = 0;
  // Each run corrects with other incomes than the last: a correction equal to the current review is not a write.
  const salt = Date.now() % 1_000_003;
  return {
    used: () => used,
    next() {
      used++;
      const kind = i++ % 5;
      const income = 500_000 + ((i * 7919 + salt) % 3_500_000);
      const deprivations = DEPRIVATIONS.slice(0, i % 4);
      if (kind <= 1 && fresh.length > 0) {
        const householdId = fresh.pop()!;
        return JSON.stringify({ query: RECORD, variables: { input: { householdId, year: 2025, incomePerCapitaMonthly: income, deprivations, assessedOn: '2025-10-15' } } });
      }
      if (kind <= 3) {
        const householdId = households[(i * 31) % households.length]!;
        return JSON.stringify({ query: CORRECT, variables: { input: { householdId, year: 2024, incomePerCapitaMonthly: income, deprivations, assessedOn: '2024-10-20' } } });
      }
      return JSON.stringify({ query: REGISTER, variables: { input: {
        communeCode: communes[i % communes.length], memberCount: 1 + (i % 6), headEthnicGroupCode: '01', headName: `Bench household ${i} (synthetic)`, registeredOn: '2025-01-02',
      } } });
    },
  };
}

/** Households of a commune reviewed in a year, a page at a time (asked through the graph, so it works on PGlite too). */
export const POOL_QUERY = `query Pool($code: ID!, $year: Int!, $after: String) { commune(code: $code) {
  households(first: 500, year: $year, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
export const POOL_COMMUNES = ['22783', '22786', '22789', '22738', '22741', '22750'];
