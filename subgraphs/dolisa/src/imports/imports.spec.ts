import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createScratchDatabase } from '@ntg/db';
import {
  createVerifier, createWriteScope, generateKeys, inTransaction, mintToken, openTestSubgraph, startSubgraph, testCaller,
  type Caller, type KeyPair, type StartedSubgraph,
} from '@ntg/subgraph-kit';
import { auditLog } from '../db/schema';
import { dolisa } from '../index';
import { parseCsv } from './parse';
import { importReviews, type ImportReport } from './service';
import { REVIEW_COLUMNS, reviewTemplate } from './template';

const HEADER = REVIEW_COLUMNS.map((c) => c.header);
const column = (field: string) => REVIEW_COLUMNS.findIndex((c) => c.field === field);

/** A CSV review file as a commune would send it: UTF-8 with BOM, Vietnamese headers, "x" for a deprivation. */
function csvFile(rows: { id: string; year?: number | string; income: string | number; deprived?: string[]; on: string; reason?: string }[]): Buffer {
  const lines = [HEADER, ...rows.map((r) => {
    const cells = HEADER.map(() => '');
    cells[column('householdId')] = r.id;
    cells[column('year')] = String(r.year ?? '');
    cells[column('incomePerCapitaMonthly')] = String(r.income);
    for (const d of r.deprived ?? []) cells[column(d)] = 'x';
    cells[column('assessedOn')] = r.on;
    cells[column('reason')] = r.reason ?? '';
    return cells;
  })];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return Buffer.from(`\uFEFF${lines.map((l) => l.map(quote).join(',')).join('\r\n')}\r\n`, 'utf8');
}

const HOUSEHOLDS = sql`insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic) values
  ('IM-1', '22783', 4, '21', 'IM-1 (synthetic)', '2020-01-01', true), ('IM-2', '22783', 3, '01', 'IM-2 (synthetic)', '2020-01-01', true),
  ('IM-3', '22786', 5, '17', 'IM-3 (synthetic)', '2020-01-01', true), ('IM-4', '22738', 2, '01', 'IM-4 (synthetic)', '2020-01-01', true)`;

const GOOD = [
  { id: 'IM-1', income: '1.200.000', deprived: ['NUTRITION', 'HOUSING_AREA', 'DOMESTIC_WATER'], on: '15/10/2024' },
  { id: 'IM-2', income: 2600000, on: '2024-10-16' },
  { id: 'IM-3', income: '1 450 000', deprived: ['EMPLOYMENT'], on: '2024-10-17' },
];

describe('importing the annual review file', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const province = testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'importer-58' });
  const counts = async () => (await subgraph.database.rows<{ a: number; r: number; audit: number }>(sql`select
    (select count(*) from dolisa.poverty_assessments)::int as a, (select coalesce(sum(households), 0) from dolisa.poverty_rollup)::int as r,
    (select count(*) from dolisa.audit_log)::int as audit`))[0]!;
  const communesOf = (caller: Caller) => new Set(['22783', '22786', '22738'].filter((c) => caller.areaLevel === 'PROVINCE' || c === caller.area || (caller.area === '584' && c !== '22738')));
  async function run(file: Buffer, caller: Caller = province, year: number | undefined = 2024): Promise<ImportReport> {
    let report: ImportReport | undefined;
    await inTransaction(subgraph.database.db, async (tx) => {
      const scope = createWriteScope({ database: subgraph.database, tx, caller, auditLog, operation: 'importReviews' });
      report = await importReviews(scope, file, { year, allowedCommunes: communesOf(caller) });
      if (!report.accepted) throw new Error('rolled back');
    }).catch((error: Error) => {
      if (error.message !== 'rolled back') throw error;
    });
    return report!;
  }

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await subgraph.database.db.execute(HOUSEHOLDS);
  });
  afterAll(() => subgraph?.close());

  it('writes a template whose headers it reads back, with a guide sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await reviewTemplate() as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Rà soát', 'Hướng dẫn']);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    // The template's example row names a household that does not exist: imported as it is, it is refused.
    const report = await run(await reviewTemplate(), province, 2025);
    expect(report.accepted).toBe(false);
    expect(report.problems).toMatchObject([{ row: 2, column: 'Mã hộ', code: 'NOT_FOUND' }]);
  });

  it('writes nothing when one row is bad, and reports every bad row by row, column, value and reason', async () => {
    const before = await counts();
    const report = await run(csvFile([
      ...GOOD,
      { id: 'IM-4', income: 'một triệu', on: '2024-10-18' },
      { id: 'IM-404', income: 900000, on: '2024-10-18' },
      { id: 'IM-2', income: 900000, deprived: ['NUTRITION'], on: '2031-01-01' },
    ]));
    expect(report.accepted).toBe(false);
    expect(report.problems).toEqual([
      { row: 3, column: 'Mã hộ', value: 'IM-2', reason: 'The household and year appear 2 times in this batch', code: 'BAD_USER_INPUT' },
      { row: 5, column: 'Thu nhập bình quân (đồng/người/tháng)', value: 'một triệu', reason: 'Not a whole number of đồng', code: 'BAD_USER_INPUT' },
      { row: 6, column: 'Mã hộ', value: 'IM-404', reason: 'No household with id "IM-404"', code: 'NOT_FOUND' },
      { row: 7, column: 'Ngày rà soát', value: '2031-01-01', reason: expect.stringMatching(/within the 2024 review/), code: 'BAD_USER_INPUT' },
      { row: 7, column: 'Mã hộ', value: 'IM-2', reason: 'The household and year appear 2 times in this batch', code: 'BAD_USER_INPUT' },
    ].sort((a, b) => a.row - b.row));
    expect(await counts()).toEqual(before);
  });

  it('records a good file, counts it in the rollups, audits each review, and changes nothing when imported again', async () => {
    const before = await counts();
    const file = csvFile(GOOD);
    const first = await run(file);
    expect(first).toEqual({ accepted: true, rows: 3, recorded: 3, corrected: 0, unchanged: 0, problems: [] });
    const after = await counts();
    expect(after).toEqual({ a: before.a + 3, r: before.r + 3, audit: before.audit + 3 });
    const classes = await subgraph.database.rows<{ household_id: string; classification: string }>(sql`
      select household_id, classification from dolisa.poverty_assessments where year = 2024 and is_current order by household_id`);
    expect(classes).toEqual([
      { household_id: 'IM-1', classification: 'POOR' },
      { household_id: 'IM-2', classification: 'ABOVE_AVERAGE' },
      { household_id: 'IM-3', classification: 'NEAR_POOR' },
    ]);
    const again = await run(file);
    expect(again).toEqual({ accepted: true, rows: 3, recorded: 0, corrected: 0, unchanged: 3, problems: [] });
    expect(await counts()).toEqual(after);
  });

  it('needs a reason to change a recorded review, and keeps the earlier version when it has one', async () => {
    const changed = { ...GOOD[0]!, income: 1_700_000 };
    const refused = await run(csvFile([changed]));
    expect(refused.problems).toEqual([{ row: 2, column: 'Lý do điều chỉnh', value: null, reason: expect.stringMatching(/a correction needs a reason/), code: 'BAD_USER_INPUT' }]);
    const corrected = await run(csvFile([{ ...changed, reason: 'Thu nhập ghi nhầm (test)' }]));
    expect(corrected).toMatchObject({ accepted: true, recorded: 0, corrected: 1 });
    const versions = await subgraph.database.rows<{ classification: string; is_current: boolean; correction_reason: string | null }>(sql`
      select classification, is_current, correction_reason from dolisa.poverty_assessments where household_id = 'IM-1' and year = 2024 order by id`);
    expect(versions).toEqual([
      { classification: 'POOR', is_current: false, correction_reason: null },
      { classification: 'AVERAGE_LIVING', is_current: true, correction_reason: 'Thu nhập ghi nhầm (test)' },
    ]);
  });

  it('refuses rows outside the officer\'s area, and reads XLSX files too', async () => {
    const bacAi = testCaller({ department: 'DOLISA', role: 'officer', area: '584', subject: 'importer-584' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Rà soát');
    sheet.addRow(HEADER);
    const row = (id: string, income: number, date: Date) => {
      const cells: (string | number | Date)[] = HEADER.map(() => '');
      cells[column('householdId')] = id;
      cells[column('incomePerCapitaMonthly')] = income;
      cells[column('assessedOn')] = date;
      return cells;
    };
    sheet.addRow(row('IM-4', 5_000_000, new Date(Date.UTC(2024, 9, 20))));
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const outside = await run(file, bacAi);
    expect(outside.problems).toEqual([{ row: 2, column: 'Mã hộ', value: 'IM-4', reason: 'The household lives in commune 22738, outside your area', code: 'FORBIDDEN' }]);
    const inside = await run(file, province);
    expect(inside).toMatchObject({ accepted: true, recorded: 1 });
  });

  it('reads CSV exactly: quotes, separators, blank lines', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;y";"say ""hi"""\r\n\r\n')).toEqual([['a', 'b'], ['x;y', 'say "hi"'], ['']]);
  });
});

describe('an import equals the same changes made one by one', () => {
  it('gives the same reviews, rollups and audit entries', async () => {
    const [imported, oneByOne] = [await openTestSubgraph(dolisa), await openTestSubgraph(dolisa)];
    try {
      const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'same-officer' });
      for (const s of [imported, oneByOne]) await s.database.db.execute(HOUSEHOLDS);
      const rows = [...GOOD, { id: 'IM-4', income: 1_900_000, deprived: ['EMPLOYMENT', 'NUTRITION', 'HOUSING_AREA', 'TELECOM_SERVICES'], on: '2024-11-01' }];
      await inTransaction(imported.database.db, async (tx) => {
        const scope = createWriteScope({ database: imported.database, tx, caller: officer, auditLog, operation: 'importReviews' });
        expect(await importReviews(scope, csvFile(rows), { year: 2024, allowedCommunes: new Set(['22783', '22786', '22738']) })).toMatchObject({ accepted: true, recorded: 4 });
      });
      const parse = (income: string | number) => Number(String(income).replace(/[\s.]/g, ''));
      const toIso = (on: string) => (on.includes('/') ? `${on.slice(6)}-${on.slice(3, 5)}-${on.slice(0, 2)}` : on);
      for (const r of rows) {
        const result = await oneByOne.execute(`mutation($input: AssessmentInput!) { recordAssessment(input: $input) { year } }`,
          { input: { householdId: r.id, year: 2024, incomePerCapitaMonthly: parse(r.income), deprivations: r.deprived ?? [], assessedOn: toIso(r.on) } }, { caller: officer });
        expect(result.errors).toBeUndefined();
      }
      const reviews = sql`select household_id, year, commune_code, area_type, minority, head_ethnic_group, member_count, income_per_capita_monthly::text as income,
        deprivations, classification, standard_id, assessed_on::text as assessed_on, is_current, recorded_by from dolisa.poverty_assessments order by household_id`;
      const rollup = sql`select * from dolisa.poverty_rollup order by year, commune_code, head_ethnic_group, classification`;
      const audit = sql`select operation, entity, entity_key, outcome, units, after - 'id' - 'recordedAt' as after from dolisa.audit_log order by entity_key`;
      expect(await imported.database.rows(reviews)).toEqual(await oneByOne.database.rows(reviews));
      expect(await imported.database.rows(rollup)).toEqual(await oneByOne.database.rows(rollup));
      expect(await imported.database.rows(audit)).toEqual(await oneByOne.database.rows(audit));
    } finally {
      await imported.close();
      await oneByOne.close();
    }
  });
});

describe('the upload over HTTP', () => {
  let keys: KeyPair;
  let subgraph: StartedSubgraph;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const upload = async (file: Buffer, claims?: Parameters<typeof mintToken>[0], accept = 'application/json') => {
    const headers: Record<string, string> = { 'content-type': 'text/csv', accept };
    if (claims) headers.authorization = `Bearer ${await mintToken(claims, keys.privateKey)}`;
    return fetch(subgraph.url.replace('/graphql', '/imports/reviews?year=2024'), { method: 'POST', headers, body: file });
  };

  beforeAll(async () => {
    keys = await generateKeys();
    scratch = await createScratchDatabase();
    subgraph = await startSubgraph(dolisa, { port: 0, host: '127.0.0.1', dataDir: 'memory', url: scratch?.url, auth: createVerifier({ publicKey: keys.publicKey }) });
    await subgraph.database.db.execute(HOUSEHOLDS);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await scratch?.drop();
  });

  it('needs a token of a DOLISA officer; a refusal is audited', async () => {
    expect((await upload(csvFile(GOOD))).status).toBe(401);
    const front = await upload(csvFile(GOOD), { department: 'FRONT', role: 'supervisor', area: '58', subject: 'front-58' });
    expect(front.status).toBe(403);
    const denied = await subgraph.database.rows<{ subject: string; outcome: string }>(sql`select subject, outcome from dolisa.audit_log where operation = 'importReviews'`);
    expect(denied).toEqual([{ subject: 'front-58', outcome: 'DENIED' }]);
  });

  it('streams its progress and the report, and answers 422 with the report when nothing was written', async () => {
    const officer = { department: 'DOLISA', role: 'officer', area: '58', subject: 'upload-58' } as const;
    const streamed = await upload(csvFile(GOOD), officer, 'application/x-ndjson');
    expect(streamed.status).toBe(200);
    const lines = (await streamed.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, -1).map((l) => l.phase)).toEqual(['parsed', 'staged', 'checked', 'applied']);
    expect(lines.at(-1)).toEqual({ report: { accepted: true, rows: 3, recorded: 3, corrected: 0, unchanged: 0, problems: [] } });
    const bad = await upload(csvFile([{ id: 'IM-404', income: 1, on: '2024-10-01' }]), officer);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ accepted: false, problems: [{ row: 2, column: 'Mã hộ', code: 'NOT_FOUND' }] });
  });

  it('is what `pnpm import:reviews` uses: the command prints every bad row and exits 1, or the counts and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntg-import-'));
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const run = async (rows: Parameters<typeof csvFile>[0]) => {
      const file = join(dir, `reviews-${rows.length}.csv`);
      writeFileSync(file, csvFile(rows));
      const token = await mintToken({ department: 'DOLISA', role: 'officer', area: '58', subject: 'cli-58' }, keys.privateKey);
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, file, '--year', '2023', '--url', subgraph.url, '--token', token]);
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    };
    const bad = await run([{ id: 'IM-1', income: 900_000, on: '2023-10-01' }, { id: 'IM-404', income: 900_000, on: '2023-10-01' }]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('row 3, Mã hộ = "IM-404": No household with id "IM-404" (NOT_FOUND)');
    const good = await run([{ id: 'IM-1', income: 900_000, on: '2023-10-01' }]);
    expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining('Imported 1 rows: 1 recorded, 0 corrected, 0 unchanged.') });
  });
});
