import { makeCaller, type Caller, type Department } from '@ntg/subgraph-kit';
import { plannedModels } from '@ntg/synthetic';
import type { FrontWriteEnv, Lookups } from '../lookups';

/** Who the seed writes as: the audit trail shows every change the services make for the seed under this subject. */
export const SEED_SUBJECT = 'synthetic-seed';

export const seedCaller = (department: Department): Caller => makeCaller({ department, role: 'officer', area: '58', subject: SEED_SUBJECT });

/**
 * The seed's lookups: the models of the shared demo programme, which DOLISA's seed registers from the same
 * plan (the graph is not up while seeds run). The seed spends only on models, so no household is looked up.
 */
export function programmeLookups(seed: number): Lookups {
  const models = new Map(plannedModels(seed).map((m) => [m.id, { id: m.id, communeCode: m.communeCode, status: m.status }]));
  return {
    model: async (id) => models.get(id) ?? null,
    household: async () => null,
  };
}

/** Numbered ids per prefix in the order records are made (SV-S00001, …): the same demo data on every machine. */
export function seedIds(): (prefix: string) => string {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}-S${String(n).padStart(5, '0')}`;
  };
}

export function seedEnv(seed: number): FrontWriteEnv {
  return { lookups: programmeLookups(seed), synthetic: true, newId: seedIds() };
}
