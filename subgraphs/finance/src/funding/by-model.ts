import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';

export interface SourceFunding {
  sourceCode: string;
  approved: string;
  disbursed: string;
  settled: string;
}

export interface ModelFunding {
  approved: string;
  disbursed: string;
  settled: string;
  bySource: SourceFunding[];
}

interface FundingRow extends Record<string, unknown> {
  model_id: string;
  /** Null on the model's total row. */
  source_code: string | null;
  approved: string;
  disbursed: string;
  settled: string;
}

const EMPTY = (): ModelFunding => ({ approved: '0', disbursed: '0', settled: '0', bySource: [] });

/**
 * Request-scoped: one statement for every model in a request. Per-source sums and model totals come from the
 * same grouping sets, so nothing is added up in JavaScript.
 */
export function createModelFundingLoader(database: Database): DataLoader<string, ModelFunding> {
  return new DataLoader<string, ModelFunding>(async (modelIds) => {
    const rows = await database.rows<FundingRow>(sql`
      select a.model_id,
        case when grouping(a.source_code) = 0 then a.source_code end as source_code,
        sum(a.approved)::text as approved,
        sum(a.disbursed)::text as disbursed,
        sum(a.settled)::text as settled
      from finance.allocations a
      where a.model_id in (${sql.join(modelIds.map((id) => sql`${id}`), sql`, `)})
      group by a.model_id, grouping sets ((a.source_code), ())
      order by a.model_id, sum(a.approved) desc, a.source_code
    `);
    const byModel = new Map<string, ModelFunding>();
    for (const row of rows) {
      let funding = byModel.get(row.model_id);
      if (!funding) byModel.set(row.model_id, (funding = EMPTY()));
      const sums = { approved: row.approved, disbursed: row.disbursed, settled: row.settled };
      if (row.source_code === null) Object.assign(funding, sums);
      else funding.bySource.push({ sourceCode: row.source_code, ...sums });
    }
    return modelIds.map((id) => byModel.get(id) ?? EMPTY());
  });
}
