import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { technicalSupports } from '../db/schema';
import { TechnicalSupportKind } from '../generated/types';
export interface TechnicalSupport {
  id: string;
  kind: TechnicalSupportKind;
  date: string;
  provider: string;
  householdsReached: number;
  synthetic: boolean;
}

/** Request-scoped: the support events of every model in a request come from one statement. */
function createModelSupportsLoader(database: Database): DataLoader<string, TechnicalSupport[]> {
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

export interface SupportSummaryKey {
  communeCode: string;
  year: number;
}

export interface SupportKindCount {
  kind: TechnicalSupportKind;
  events: number;
  householdsReached: number;
}

export interface AgricultureSupportSummary {
  year: number;
  supportEvents: number;
  householdsReached: number;
  byKind: SupportKindCount[];
  syntheticEvents: number;
}

interface SummaryRow extends Record<string, unknown> {
  commune_code: string;
  year: number;
  /** Null on the commune-year total row. */
  kind: TechnicalSupportKind | null;
  events: number;
  households_reached: number;
  synthetic_events: number;
}

const keyOf = (k: SupportSummaryKey) => `${k.communeCode}|${k.year}`;
const KIND_ORDER: readonly TechnicalSupportKind[] = Object.values(TechnicalSupportKind);
const kindOrder = (kind: TechnicalSupportKind) => KIND_ORDER.indexOf(kind);

/**
 * One statement for every requested commune and year: per-kind counts and the commune-year totals come from
 * the same grouping sets, so nothing is added up in JavaScript.
 */
async function loadSummaries(database: Database, keys: readonly SupportSummaryKey[]): Promise<SummaryRow[]> {
  const codes = [...new Set(keys.map((k) => k.communeCode))];
  const years = [...new Set(keys.map((k) => k.year))];
  // A date range the (commune_code, support_date) index can use, then the exact years.
  const from = `${Math.min(...years)}-01-01`;
  const until = `${Math.max(...years) + 1}-01-01`;
  return database.rows<SummaryRow>(sql`
    select
      s.commune_code,
      extract(year from s.support_date)::int as year,
      case when grouping(s.kind) = 0 then s.kind end as kind,
      count(*)::int as events,
      coalesce(sum(s.households_reached), 0)::int as households_reached,
      (count(*) filter (where s.synthetic))::int as synthetic_events
    from agriculture.technical_supports s
    where s.commune_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      and s.support_date >= ${from}::date and s.support_date < ${until}::date
      and extract(year from s.support_date)::int in (${sql.join(years.map((y) => sql`${y}`), sql`, `)})
    group by s.commune_code, extract(year from s.support_date), grouping sets ((s.kind), ())
  `);
}

const EMPTY = (year: number): AgricultureSupportSummary => ({ year, supportEvents: 0, householdsReached: 0, byKind: [], syntheticEvents: 0 });

/** Request-scoped: all communes and years asked in one request share one statement. */
function createSupportSummaryLoader(database: Database): DataLoader<SupportSummaryKey, AgricultureSupportSummary, string> {
  return new DataLoader<SupportSummaryKey, AgricultureSupportSummary, string>(
    async (keys) => {
      const rows = await loadSummaries(database, keys);
      const found = new Map<string, AgricultureSupportSummary>();
      const summaryFor = (row: SummaryRow) => {
        const key = keyOf({ communeCode: row.commune_code, year: row.year });
        let summary = found.get(key);
        if (!summary) found.set(key, (summary = EMPTY(row.year)));
        return summary;
      };
      for (const row of rows) {
        const summary = summaryFor(row);
        if (row.kind === null) {
          summary.supportEvents = row.events;
          summary.householdsReached = row.households_reached;
          summary.syntheticEvents = row.synthetic_events;
        } else {
          summary.byKind.push({ kind: row.kind, events: row.events, householdsReached: row.households_reached });
        }
      }
      for (const summary of found.values()) summary.byKind.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
      return keys.map((k) => found.get(keyOf(k)) ?? EMPTY(k.year));
    },
    { cacheKeyFn: keyOf },
  );
}

/** Support events of models and the units' yearly summaries, one statement per kind and request. */
export function createSupportLoaders(database: Database) {
  return { supportSummary: createSupportSummaryLoader(database), modelSupports: createModelSupportsLoader(database) };
}
