import { stubGraph, type GraphClient } from '@ntg/subgraph-kit';

/** Models and households DOLISA "has" in the Front's subgraph specs: id -> commune (status for models). */
export const STUB_MODELS: Record<string, { communeCode: string; status: string }> = {
  'LM-22783-1': { communeCode: '22783', status: 'ACTIVE' }, // Phước Bình, Bác Ái (584)
  'LM-22786-1': { communeCode: '22786', status: 'APPROVED' }, // Phước Hòa, Bác Ái (584)
  'LM-22849-1': { communeCode: '22849', status: 'COMPLETED' }, // Lợi Hải, Thuận Bắc (588)
};
export const STUB_HOUSEHOLDS: Record<string, string> = {
  'HH-22783-000001': '22783',
  'HH-22786-000001': '22786',
  'HH-22849-000001': '22849',
};

/**
 * The graph as a Front subgraph spec sees it: DOLISA's lookups answered from the tables above (unknown ids are
 * null, as through the gateway); `calls` counts the questions asked. The real lookup runs in test/front.test.ts.
 */
export function frontStubGraph(): GraphClient & { calls: string[] } {
  const calls: string[] = [];
  const graph = stubGraph((source, variables) => {
    const id = String(variables.id);
    calls.push(`${source.includes('livelihoodModel') ? 'model' : 'household'}:${id}`);
    if (source.includes('livelihoodModel(')) {
      const model = STUB_MODELS[id];
      return { livelihoodModel: model ? { id, status: model.status, commune: { code: model.communeCode } } : null };
    }
    if (source.includes('household(')) {
      const commune = STUB_HOUSEHOLDS[id];
      return { household: commune ? { id, commune: { code: commune } } : null };
    }
    throw new Error(`frontStubGraph: unexpected query ${source}`);
  });
  return Object.assign(graph, { calls });
}
