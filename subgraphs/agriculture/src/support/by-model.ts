import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { technicalSupports, type TechnicalSupportKind } from '../db/schema';

export interface TechnicalSupport {
  id: string;
  kind: TechnicalSupportKind;
  date: string;
  provider: string;
  householdsReached: number;
  synthetic: boolean;
}

/** Request-scoped: the support events of every model in a request come from one statement. */
export function createModelSupportsLoader(database: Database): DataLoader<string, TechnicalSupport[]> {
  return new DataLoader<string, TechnicalSupport[]>(async (modelIds) => {
    const rows = await database.db
      .select({
        modelId: technicalSupports.modelId,
        id: technicalSupports.id,
        kind: technicalSupports.kind,
        date: technicalSupports.supportDate,
        provider: technicalSupports.provider,
        householdsReached: technicalSupports.householdsReached,
        synthetic: technicalSupports.synthetic,
      })
      .from(technicalSupports)
      .where(inArray(technicalSupports.modelId, [...modelIds]))
      .orderBy(asc(technicalSupports.supportDate), asc(technicalSupports.id));
    const byModel = new Map<string, TechnicalSupport[]>(modelIds.map((id) => [id, []]));
    for (const { modelId, ...support } of rows) {
      byModel.get(modelId)?.push({ ...support, kind: support.kind as TechnicalSupportKind });
    }
    return modelIds.map((id) => byModel.get(id) ?? []);
  });
}
