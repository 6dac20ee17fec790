import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { GraphQLSchema } from 'graphql';
import type { Database } from '@ntg/db';
import { caseArbitrary, type FuzzCase, type KnownIds } from './arbitraries';

/** What the fuzzer needs of a running graph (the test graph provides it). */
export interface FuzzTarget {
  url: string;
  headersFor(claims: FuzzCase['caller']): Promise<Record<string, string>>;
  databases: readonly Database[];
}

export interface FuzzTally {
  cases: number;
  /** Answers by outcome: "ok", "error:BAD_USER_INPUT", "http:400", … */
  outcomes: Record<string, number>;
  internalErrors: { coordinate: string; variables: unknown; caller: unknown; body: string }[];
  serverErrors: { coordinate: string; status: number; body: string }[];
  /** Failed requests after which a database held other rows than before (beyond a refusal's DENIED audit entry). */
  partialWrites: { coordinate: string; variables: unknown; before: Record<string, number>; after: Record<string, number> }[];
  malformed: { coordinate: string; status: number; body: string }[];
}

interface TableCount extends Record<string, unknown> {
  name: string;
  n: number;
}

/**
 * Row counts of every table of a department (its audit trail split by outcome), in one statement: before and after
 * each case, so a failed request that left anything behind is caught.
 */
async function countRows(database: Database): Promise<Record<string, number>> {
  const tables = await database.rows<{ table_name: string }>(sql`
    select table_name from information_schema.tables where table_schema = ${database.schema} and table_type = 'BASE TABLE' order by table_name`);
  const parts = tables.flatMap(({ table_name: t }) => (t === 'audit_log'
    ? [`select 'audit_log:OK' as name, count(*) filter (where outcome = 'OK')::int as n from "${database.schema}"."audit_log"`,
      `select 'audit_log:DENIED', count(*) filter (where outcome = 'DENIED')::int from "${database.schema}"."audit_log"`]
    : [`select '${t}', count(*)::int from "${database.schema}"."${t}"`]));
  const rows = await database.rows<TableCount>(sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((r) => [`${database.schema}.${r.name}`, r.n]));
}

async function countAll(databases: readonly Database[]): Promise<Record<string, number>> {
  return Object.assign({}, ...(await Promise.all(databases.map(countRows))));
}

/** A refusal may add its DENIED audit entries and nothing else; everything else must be as before. */
function unchangedBut(before: Record<string, number>, after: Record<string, number>): boolean {
  return Object.keys({ ...before, ...after }).every((key) => key.endsWith(':DENIED') ? (after[key] ?? 0) >= (before[key] ?? 0) : before[key] === after[key]);
}

/** Sends `cases` generated requests through the gateway and tallies how each was answered. */
export async function runFuzz(target: FuzzTarget, schema: GraphQLSchema, known: KnownIds, options: { cases: number; seed?: number; onCase?: (done: number) => void }): Promise<FuzzTally> {
  const tally: FuzzTally = { cases: 0, outcomes: {}, internalErrors: [], serverErrors: [], partialWrites: [], malformed: [] };
  const samples = fc.sample(caseArbitrary(schema, known), { numRuns: options.cases, seed: options.seed ?? 20231 });
  const count = (key: string) => { tally.outcomes[key] = (tally.outcomes[key] ?? 0) + 1; };
  let before = await countAll(target.databases);
  for (const fuzzCase of samples) {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await target.headersFor(fuzzCase.caller)) },
      body: JSON.stringify({ query: fuzzCase.query, variables: fuzzCase.variables }),
    });
    const text = await response.text();
    tally.cases += 1;
    options.onCase?.(tally.cases);
    if (response.status >= 500) {
      tally.serverErrors.push({ coordinate: fuzzCase.coordinate, status: response.status, body: text.slice(0, 500) });
      count(`http:${response.status}`);
    }
    let body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      tally.malformed.push({ coordinate: fuzzCase.coordinate, status: response.status, body: text.slice(0, 500) });
      continue;
    }
    const codes = [...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE'))];
    if (codes.length === 0) count('ok');
    for (const code of codes) count(`error:${code}`);
    if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('NO_CODE')) {
      tally.internalErrors.push({ coordinate: fuzzCase.coordinate, variables: fuzzCase.variables, caller: fuzzCase.caller, body: text.slice(0, 800) });
    }
    const after = await countAll(target.databases);
    if (codes.length > 0 && !unchangedBut(before, after)) {
      tally.partialWrites.push({ coordinate: fuzzCase.coordinate, variables: fuzzCase.variables, before, after });
    }
    before = after;
  }
  return tally;
}

/** Ids that exist in the seeded graph, read through the gateway, so cases reach past "not found". */
export async function knownIds(url: string, headers: Record<string, string>): Promise<KnownIds> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: `{
      livelihoodModels(first: 10) { edges { node { id } } }
      commune(code: "22783") { households(first: 10) { edges { node { id } } } }
      plan(code: "249/KHPH-UBND-MTTQ") { code }
    }` }),
  });
  const { data } = (await response.json()) as { data: { livelihoodModels: { edges: { node: { id: string } }[] }; commune: { households: { edges: { node: { id: string } }[] } } } };
  const models = data.livelihoodModels.edges.map((e) => e.node.id);
  const households = data.commune.households.edges.map((e) => e.node.id);
  const communeCodes = ['22783', '22786', '22738', '99999', '1'];
  return {
    id: [...models, ...households], modelId: models, householdId: households, communeCode: communeCodes, toCommuneCode: communeCodes,
    districtCode: ['584', '582', '999'], areaCode: ['58', '584', '22783', '7'], code: ['22783', '584', '58', '249/KHPH-UBND-MTTQ', '21', '01', 'X'],
    planCode: ['249/KHPH-UBND-MTTQ', 'nope'], headEthnicGroupCode: ['01', '21', '17', '77', 'x'],
  };
}
