import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { fundingSources } from '../db/schema';
import { FundingSourceKind } from '../generated/types';

const KIND_ORDER: readonly FundingSourceKind[] = Object.values(FundingSourceKind);

export interface FundingSource {
  code: string;
  name: string;
  kind: FundingSourceKind;
  legalBasis: string | null;
}

const columns = { code: fundingSources.code, name: fundingSources.name, kind: fundingSources.kind, legalBasis: fundingSources.legalBasis };
const typed = (row: { code: string; name: string; kind: string; legalBasis: string | null }): FundingSource => ({ ...row, kind: row.kind as FundingSourceKind });

/** National target programmes first, then the fund, budgets, enterprises, people, credit; by code within a kind. */
export function sortSources(sources: FundingSource[]): FundingSource[] {
  const rank = (s: FundingSource) => KIND_ORDER.indexOf(s.kind);
  return sources.sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));
}

export async function listFundingSources(database: Database): Promise<FundingSource[]> {
  return sortSources((await database.db.select(columns).from(fundingSources)).map(typed));
}

/** Request-scoped: sources by code, one statement per batch; unknown codes give null. */
export function createSourceLoaders(database: Database) {
  return { fundingSource: createFundingSourceLoader(database) };
}

function createFundingSourceLoader(database: Database): DataLoader<string, FundingSource | null> {
  return new DataLoader<string, FundingSource | null>(async (codes) => {
    const rows = await database.db.select(columns).from(fundingSources).where(inArray(fundingSources.code, [...codes]));
    const byCode = new Map(rows.map((r) => [r.code, typed(r)]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
