import { and, asc, gte, inArray, lt } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { batchedLoader, groupBy } from '@ntg/subgraph-kit';
import { visits } from '../db/schema';

export type VisitRow = typeof visits.$inferSelect;

interface VisitsKey {
  communeCode: string;
  year: number;
}

const keyOf = (k: VisitsKey) => `${k.communeCode}|${k.year}`;

/** Visits of every commune and year asked in one request, one statement per year. */
export function createVisitLoaders(database: Database) {
  return {
    visitsOfCommune: batchedLoader<VisitsKey, VisitRow[]>({
      cacheKey: keyOf,
      batchOf: (k) => String(k.year),
      fallback: () => [],
      async fetch(keys) {
        const year = keys[0]!.year;
        const rows = await database.db.select().from(visits)
          .where(and(inArray(visits.communeCode, keys.map((k) => k.communeCode)), gte(visits.visitedOn, `${year}-01-01`), lt(visits.visitedOn, `${year + 1}-01-01`)))
          .orderBy(asc(visits.visitedOn), asc(visits.id));
        return new Map([...groupBy(rows, (r) => r.communeCode)].map(([code, list]) => [keyOf({ communeCode: code, year }), list]));
      },
    }),
  };
}
