import { eq } from 'drizzle-orm';
import { findCommune } from '@ntg/admin-units';
import { check, checkText, conflict, type WriteScope } from '@ntg/subgraph-kit';
import { partnerCommunes, partners } from '../db/schema';
import type { RegisterPartnerInput } from '../generated/types';
import type { PartnerRow } from './loaders';
import { normaliseTaxCode } from './tax-code';

/** The communes a partner serves, as given: known Ninh Thuận communes, each once, at least one. */
export function checkServedCommunes(codes: readonly string[], field: string): string[] {
  check(codes.length > 0, 'name at least one commune the partner serves', field);
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    check(findCommune(code) !== undefined, `"${code}" is not a commune of Ninh Thuận`, `${field}.${i}`);
    check(!seen.has(code), `commune ${code} is listed twice`, `${field}.${i}`);
    seen.add(code);
  });
  return [...codes];
}

/** Registers a partner organisation with its tax code (one registration per code) and the communes it serves. */
export async function registerPartner(scope: WriteScope, input: RegisterPartnerInput, options: { id?: string; synthetic?: boolean } = {}): Promise<PartnerRow> {
  checkText(input.name, 'input.name', { max: 200 });
  const taxCode = normaliseTaxCode(input.taxCode, 'input.taxCode');
  const communes = checkServedCommunes(input.communeCodes, 'input.communeCodes');
  const [existing] = await scope.tx.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.taxCode, taxCode));
  if (existing) throw conflict(`Tax code ${taxCode} is already registered, to partner ${existing.id} (${existing.name})`, 'input.taxCode');
  const [row] = await scope.tx.insert(partners).values({
    id: options.id ?? `PT-${crypto.randomUUID().slice(0, 8).toUpperCase()}`, name: input.name.trim(), kind: input.kind, taxCode,
    synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await scope.tx.insert(partnerCommunes).values(communes.map((communeCode) => ({ partnerId: row!.id, communeCode })));
  await scope.audit({ entity: 'Partner', entityKey: row!.id, before: null, after: { ...row, communeCodes: communes }, units: communes });
  return row!;
}
