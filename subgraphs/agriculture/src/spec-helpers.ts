import { sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { serviceUnavailable, stubGraph, type GraphClient } from '@ntg/subgraph-kit';

/** Spec helpers: DOLISA's registry as a stub graph, and the row counts a failed write must leave unchanged. */

export interface RegistryFixture {
  models: Record<string, { communeCode: string; status?: string }>;
  households: Record<string, { communeCode: string }>;
}

/**
 * Answers the kit's write-time lookups (lookupModel, lookupHouseholds) from a fixture; counts the calls, and can
 * be taken down (every lookup then fails as the kit's client does when the graph cannot answer).
 */
export function registryGraph(fixture: RegistryFixture): GraphClient & { calls: () => number; down: (isDown: boolean) => void } {
  let calls = 0;
  let isDown = false;
  const household = (id: unknown) => {
    const found = typeof id === 'string' ? fixture.households[id] : undefined;
    return found ? { id, commune: { code: found.communeCode } } : null;
  };
  const graph = stubGraph((source, variables) => {
    calls += 1;
    if (isDown) throw serviceUnavailable('The graph did not answer (test)');
    if (source.includes('ModelForWrite')) {
      const model = fixture.models[String(variables.id)];
      return { livelihoodModel: model ? { id: variables.id, status: model.status ?? 'ACTIVE', commune: { code: model.communeCode } } : null };
    }
    if (source.includes('HouseholdsForWrite')) {
      return Object.fromEntries(Object.entries(variables).map(([name, id]) => [name.replace('id', 'h'), household(id)]));
    }
    if (source.includes('HouseholdForWrite')) return { household: household(variables.id) };
    throw new Error(`registryGraph: unexpected query ${source}`);
  });
  return { ...graph, calls: () => calls, down: (value) => { isDown = value; } };
}

const TABLES = [
  'partners', 'partner_communes', 'technical_supports', 'technical_support_households', 'technical_support_versions', 'support_rollup', 'technique_model_rollup',
  'offtake_agreements', 'offtake_status_changes', 'offtake_deliveries', 'delivery_rollup', 'audit_log',
] as const;

/** Row counts of every Agriculture table, and a digest of their contents: equal before and after a refused write. */
export async function tableState(database: Database): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await database.rows<{ n: number; digest: string | null }>(sql.raw(
      `select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as digest from agriculture.${table} t`,
    ));
    state[table] = `${row!.n}:${row!.digest ?? ''}`;
  }
  return state;
}
