import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import { findCommune, findDistrict, findProvince } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { groupLoader, type GraphClient } from '@ntg/subgraph-kit';
import { minorityTargets } from '../db/schema';
import type { EthnicGroupCount } from '../indicators/minority';

export type MinorityTargetRow = typeof minorityTargets.$inferSelect;

/** DOLISA's plan as this subgraph receives it: its key. */
export interface PlanReference {
  code: string;
}

const COUNTS = 'countsByEthnicGroup { year ethnicGroupCode classification households }';

/** The root field that reaches a unit of the reference data by its code; undefined for an unknown code. */
function unitSelection(code: string, variable: string): { field: string; variable?: string } | undefined {
  if (findProvince(code)) return { field: 'province' };
  if (findDistrict(code)) return { field: `district(code: $${variable})`, variable };
  if (findCommune(code)) return { field: `commune(code: $${variable})`, variable };
  return undefined;
}

/** A unit whose counts a target needs, and the request's graph client to read them with. */
export interface UnitCountsKey {
  code: string;
  /** The same client for every key of a request (the loader is request-scoped): the caller's own token. */
  graph: GraphClient;
}

/**
 * DOLISA's counts of the units targets are measured on, read through the graph with the caller's own token, all
 * units of a request in one query. A target's unit is a row of data, not an entity in the request, so @requires
 * cannot bring its counts (DOLISA's Plan has no field leading to its units); an unknown code gives null.
 */
export function unitCountsLoader() {
  return new DataLoader<UnitCountsKey, readonly EthnicGroupCount[] | null, string>(async (keys) => {
    const selections = keys.map((key, i) => unitSelection(key.code, `u${i}`));
    const fields = selections.flatMap((s, i) => (s ? [`u${i}: ${s.field} { ${COUNTS} }`] : []));
    if (fields.length === 0) return keys.map(() => null);
    const variables = Object.fromEntries(selections.flatMap((s, i) => (s?.variable ? [[s.variable, keys[i]!.code]] : [])));
    const declared = Object.keys(variables).map((name) => `$${name}: ID!`);
    const data = await keys[0]!.graph.query<Record<string, { countsByEthnicGroup: EthnicGroupCount[] } | null>>(
      `query MinorityTargetUnits${declared.length > 0 ? `(${declared.join(', ')})` : ''} { ${fields.join(' ')} }`, variables,
    );
    return keys.map((_, i) => data[`u${i}`]?.countsByEthnicGroup ?? null);
  }, { cacheKeyFn: (key) => key.code });
}

/** The Ethnic Committee's target rows of plans, one statement for any number of plans. */
export function createTargetLoaders(database: Database) {
  return {
    minorityTargetsOfPlan: groupLoader<string, MinorityTargetRow>(
      (codes) => database.db.select().from(minorityTargets).where(inArray(minorityTargets.planCode, [...codes]))
        .orderBy(asc(minorityTargets.targetId), asc(minorityTargets.year)),
      (row) => row.planCode,
    ),
    unitCounts: unitCountsLoader(),
  };
}
