import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { coversUnit, DEPARTMENTS, openTestSubgraph, ROLES, testCaller, type Caller } from '@ntg/subgraph-kit';
import { front } from './src/index';
import { frontStubGraph } from './src/testing';

/**
 * The authorisation matrix: every Front mutation under every department, role and a spread of areas. The Front's
 * officers and supervisors whose area covers the record's committee unit get past the policy; a recommendation is
 * answered only by officers of the department and area it is addressed to; everyone else gets FORBIDDEN, and the
 * refusal is in the audit trail.
 */
const AREAS = ['58', '584', '585', '22783', '22786'];
const FRONT_WRITERS = ['officer', 'supervisor'];

const MUTATIONS: { name: string; unit: string; writer: (c: Caller) => boolean; source: string }[] = [
  { name: 'recordSupervision', unit: '584', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { recordSupervision(input: { level: DISTRICT, modelId: "LM-22783-1", date: "2024-05-01", subject: "S (test)", findings: "F" }) { id } }` },
  { name: 'addRecommendation', unit: '584', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { addRecommendation(supervisionId: "SV-M", input: { text: "T", addressee: { department: DOLISA, area: "584" }, dueDate: "2024-06-01" }) { id } }` },
  { name: 'respondToRecommendation', unit: '584', writer: (c) => c.department === 'DOLISA' && c.role === 'officer',
    source: `mutation { respondToRecommendation(id: "RC-M", response: "Done", respondedOn: "2024-05-20") { id } }` },
  { name: 'resolveRecommendation', unit: '584', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { resolveRecommendation(id: "RC-M2", resolvedOn: "2024-05-20") { id } }` },
  { name: 'recordConsultation', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { recordConsultation(input: { modelId: "LM-22783-1", date: "2024-01-10", participants: 10, agree: 8, disagree: 1, abstain: 1 }) { id } }` },
  { name: 'recordSocialCriticism', unit: '584', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { recordSocialCriticism(input: { unitCode: "584", date: "2024-01-10", subject: "S", documentRef: "D", opinions: [{ by: "B", stance: SUPPORT, text: "T" }], outcome: ENDORSED, conclusion: "C" }) { id } }` },
  { name: 'recordFundReceipt', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { recordFundReceipt(input: { fundUnitCode: "22783", date: "2024-10-20", donor: "D (synthetic)", kind: MONEY, value: 1000000 }) { id } }` },
  { name: 'recordFundSpending', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { recordFundSpending(input: { fundUnitCode: "22783", date: "2024-12-01", amount: 1000, purpose: "P", householdId: "HH-22783-000001" }) { id } }` },
  { name: 'commend', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { commend(input: { unitCode: "22783", date: "2024-12-01", recipient: "R (synthetic)", recipientKind: INDIVIDUAL, reason: "R" }) { id } }` },
  // The first allowed caller changes the entry; the others hold a stale version (CONFLICT), past the policy all the same.
  { name: 'correctFundReceipt', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { correctFundReceipt(id: "FR-M", expectedVersion: 1, input: { value: 9000000 }, reason: "Typo") { id } }` },
  { name: 'cancelFundReceipt', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { cancelFundReceipt(id: "FR-M2", expectedVersion: 1, reason: "Entered twice") { id } }` },
  { name: 'correctFundSpending', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { correctFundSpending(id: "FS-M", expectedVersion: 1, input: { amount: 2000 }, reason: "Typo") { id } }` },
  { name: 'cancelFundSpending', unit: '22783', writer: (c) => c.department === 'FRONT' && FRONT_WRITERS.includes(c.role),
    source: `mutation { cancelFundSpending(id: "FS-M2", expectedVersion: 1, reason: "Entered twice") { id } }` },
];

describe('Front authorisation matrix', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(front, { graph: frontStubGraph() });
    await subgraph.database.db.execute(sql`insert into front.supervisions (id, level, commune_code, model_id, supervised_on, subject, findings)
      values ('SV-M', 'DISTRICT', '22783', 'LM-22783-1', '2024-05-01', 'Matrix (test)', 'F')`);
    await subgraph.database.db.execute(sql`insert into front.recommendations (id, supervision_id, commune_code, text, addressed_to, addressee_department, addressee_area, due_date, status)
      values ('RC-M', 'SV-M', '22783', 'T', 'Phòng LĐ-TB&XH Bác Ái', 'DOLISA', '584', '2024-06-01', 'OPEN'),
             ('RC-M2', 'SV-M', '22783', 'T', 'Phòng LĐ-TB&XH Bác Ái', 'DOLISA', '584', '2024-06-01', 'OPEN')`);
    await subgraph.database.db.execute(sql`insert into front.funds (unit_code, level) values ('22783', 'COMMUNE')`);
    await subgraph.database.db.execute(sql`insert into front.fund_receipts (id, unit_code, received_on, donor, kind, value)
      values ('FR-M', '22783', '2024-10-20', 'D (synthetic)', 'MONEY', 10000000), ('FR-M2', '22783', '2024-10-21', 'D (synthetic)', 'MONEY', 10000000)`);
    await subgraph.database.db.execute(sql`insert into front.fund_spendings (id, unit_code, spent_on, amount, purpose, household_id, commune_code)
      values ('FS-M', '22783', '2024-12-01', 1000, 'P', 'HH-22783-000001', '22783'), ('FS-M2', '22783', '2024-12-01', 1000, 'P', 'HH-22783-000001', '22783')`);
  });
  afterAll(() => subgraph?.close());

  const callers: Caller[] = DEPARTMENTS.flatMap((department) => ROLES.flatMap((role) => AREAS.map((area) => testCaller({ department, role, area }))));

  it.each(MUTATIONS)('$name: allowed only for its writers covering unit $unit', async ({ name, unit, writer, source }) => {
    const outcomes = await Promise.all(callers.map(async (caller) => {
      const result = await subgraph.execute<any>(source, undefined, { caller });
      const code = result.errors?.[0]?.extensions?.code;
      return { who: `${caller.department}/${caller.role}/${caller.area}`, code, forbidden: code === 'FORBIDDEN', expectedForbidden: !(writer(caller) && coversUnit(caller, unit)) };
    }));
    expect(outcomes.filter((o) => o.forbidden !== o.expectedForbidden)).toEqual([]);
    // The allowed callers got past the policy: written, or refused by the record's own rules (answered twice).
    expect(outcomes.filter((o) => !o.forbidden).every((o) => o.code === undefined || o.code === 'CONFLICT')).toBe(true);
    expect(outcomes.some((o) => o.code === undefined)).toBe(true);
    const [denials] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.audit_log where operation = ${name} and outcome = 'DENIED'`);
    expect(denials!.n).toBe(outcomes.filter((o) => o.forbidden).length);
  });

  it('keeps the audit trail to the Front\'s officers and supervisors and other supervisors, each seeing their area\'s entries', async () => {
    const read = (caller: Caller) => subgraph.execute<any>(`{ frontAuditLog(first: 500, outcome: OK) { edges { node { operation } } } }`, undefined, { caller });
    for (const caller of callers) {
      const allowed = caller.role === 'supervisor' || (caller.department === 'FRONT' && caller.role === 'officer');
      const result = await read(caller);
      expect(result.errors?.[0]?.extensions?.code, `${caller.department}/${caller.role}`).toBe(allowed ? undefined : 'FORBIDDEN');
    }
    const province = (await read(testCaller({ department: 'FRONT', role: 'officer', area: '58' }))).data.frontAuditLog.edges.length;
    const district = (await read(testCaller({ department: 'FRONT', role: 'officer', area: '585' }))).data.frontAuditLog.edges.length;
    expect(province).toBeGreaterThan(0);
    expect(district).toBe(0);
  });
});
