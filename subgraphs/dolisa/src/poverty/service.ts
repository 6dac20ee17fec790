import { and, eq, sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { MINORITY_GROUP_CODES } from '@ntg/ethnic-groups';
import { DomainError, inList, MAX_YEAR, MIN_YEAR, type ErrorCode, type WriteScope } from '@ntg/subgraph-kit';
import { povertyAssessments } from '../db/schema';
import type { AssessmentInput } from '../generated/types';
import { DEPRIVATIONS } from './classify';
import type { AssessmentRow } from './loaders';

/**
 * Annual reviews are written in batches, one review or a commune's whole file alike: the same checks, the same
 * classification (the SQL function dolisa.classify_review over the dated standards), the same history and audit,
 * all set-based. A single mutation is a batch of one.
 */

/** Above this a monthly income per person is a typing error, not a household of the programme. */
export const MAX_INCOME = 1_000_000_000;
const MAX_REASON = 500;
/** The advisory-lock space of the poverty rollup's (year, commune) keys (see writeReviews). */
const ROLLUP_LOCK_SPACE = 7001;
/** Batches from this size on are analysed after staging (see writeReviews). */
const ANALYZE_FROM_ROWS = 500;

export interface ReviewRow {
  householdId: string;
  year: number;
  incomePerCapitaMonthly: number;
  deprivations: readonly string[];
  assessedOn: string;
  /** Why a review is replaced; required to correct an existing review. */
  reason: string | null;
}

/** Which field of a row is wrong; the import report names the column the field came from. */
export type ReviewField = keyof ReviewRow;

export interface ReviewProblem {
  /** Index of the row in the batch (0-based). */
  row: number;
  field: ReviewField;
  value: unknown;
  code: ErrorCode;
  message: string;
}

/**
 * record: every row must be a new review (CONFLICT if the year has one). correct: every row replaces an existing
 * review (NOT_FOUND otherwise). import: a new review is recorded; an existing one that differs is corrected when the
 * row gives a reason (BAD_USER_INPUT otherwise); one that is identical is left as it is, so a file imported twice
 * changes nothing the second time.
 */
export type ReviewMode = 'record' | 'correct' | 'import';

export interface ReviewBatchOptions {
  mode: ReviewMode;
  /** The communes the caller may write in; undefined when the policy has already decided (a single mutation). */
  allowedCommunes?: ReadonlySet<string>;
  /** Called between the phases of a large batch (an import's progress bar). */
  onProgress?: (phase: 'staged' | 'checked' | 'applied', rows: number) => void;
  /** false: check only, write nothing (a file with other problems still gets every row checked). Default true. */
  apply?: boolean;
}

export interface ReviewBatchResult {
  problems: ReviewProblem[];
  recorded: number;
  corrected: number;
  unchanged: number;
  /** Ids of the review versions written, in row order of the batch (for the mutations' answers). */
  writtenIds: number[];
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The checks that need no database, in the order a caller should read them. */
export function rowProblems(row: ReviewRow, index: number, today: string): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  const problem = (field: ReviewField, message: string, code: ErrorCode = 'BAD_USER_INPUT') =>
    problems.push({ row: index, field, value: row[field], code, message });
  if (typeof row.householdId !== 'string' || row.householdId.trim() === '' || row.householdId.length > 64) problem('householdId', 'householdId is required (at most 64 characters)');
  if (!Number.isInteger(row.year) || row.year < MIN_YEAR || row.year > MAX_YEAR) problem('year', `year must be a calendar year between ${MIN_YEAR} and ${MAX_YEAR}`);
  if (!Number.isInteger(row.incomePerCapitaMonthly) || row.incomePerCapitaMonthly < 0 || row.incomePerCapitaMonthly > MAX_INCOME) {
    problem('incomePerCapitaMonthly', `incomePerCapitaMonthly must be a whole number of đồng between 0 and ${MAX_INCOME}`);
  }
  if (new Set(row.deprivations).size !== row.deprivations.length) problem('deprivations', 'deprivations lists an indicator twice');
  else if (!row.deprivations.every((d) => (DEPRIVATIONS as readonly string[]).includes(d))) problem('deprivations', 'unknown deprivation');
  if (!isIsoDate(row.assessedOn)) problem('assessedOn', 'assessedOn must be a date YYYY-MM-DD');
  else if (Number.isInteger(row.year)) {
    // The review of year Y runs in Y; its results may be recorded up to the end of Q1 of Y+1.
    if (row.assessedOn < `${row.year}-01-01` || row.assessedOn > `${row.year + 1}-03-31`) {
      problem('assessedOn', `assessedOn must fall within the ${row.year} review (${row.year}-01-01 to ${row.year + 1}-03-31)`);
    } else if (row.assessedOn > today) problem('assessedOn', 'assessedOn cannot be in the future');
  }
  if (row.reason !== null && (row.reason.trim() === '' || row.reason.length > MAX_REASON)) problem('reason', `reason must not be blank and at most ${MAX_REASON} characters`);
  return problems;
}

/** Area type of every commune, inline: classification depends on where the household lived at the review. */
const COMMUNE_AREA = sql.raw(`(values ${communes.map((c) => `('${c.code}', '${c.areaType}')`).join(', ')}) as commune_area(commune_code, area_type)`);
const MINORITY_CODES = sql.raw(`array[${MINORITY_GROUP_CODES.map((c) => `'${c}'`).join(', ')}]::text[]`);

/** Facts of each staged row: the household, the current review of the year, the standard in force. */
const FACTS = sql`
  select b.row, b.household_id, b.year, b.income, b.deprivations, b.assessed_on, b.reason,
    h.id is not null as household_found, h.registered_on, h.dissolved_on, h.head_ethnic_group, h.member_count, h.synthetic,
    h.commune_code as household_commune, cur.id as current_id, cur.income_per_capita_monthly as current_income,
    cur.deprivations as current_deprivations, cur.assessed_on as current_assessed_on,
    coalesce(cur.commune_code, h.commune_code) as review_commune, s.id as standard_id
  from review_batch b
  left join dolisa.households h on h.id = b.household_id
  left join dolisa.poverty_assessments cur on cur.household_id = b.household_id and cur.year = b.year and cur.is_current
  left join ${COMMUNE_AREA} on commune_area.commune_code = coalesce(cur.commune_code, h.commune_code)
  left join dolisa.poverty_standards s on s.area_type = commune_area.area_type and b.year between s.from_year and s.to_year`;

/** What each row does: a correction when a current review differs, nothing when it is the same. */
const ACTION = sql`case when f.current_id is null then 'record'
  when f.current_income = f.income and f.current_deprivations = f.deprivations and f.current_assessed_on = f.assessed_on then 'unchanged'
  else 'correct' end`;

/** An assessment as the audit trail records it: the same keys as a review read by the services (camelCase). */
function assessmentJson(alias: 'old' | 'i') {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  return sql`case when ${column('id')} is null then null else jsonb_build_object(
    'id', ${column('id')}, 'householdId', ${column('household_id')}, 'year', ${column('year')}, 'communeCode', ${column('commune_code')},
    'areaType', ${column('area_type')}, 'minority', ${column('minority')}, 'headEthnicGroup', ${column('head_ethnic_group')},
    'memberCount', ${column('member_count')}, 'incomePerCapitaMonthly', ${column('income_per_capita_monthly')},
    'deprivations', ${column('deprivations')}, 'classification', ${column('classification')}, 'standardId', ${column('standard_id')},
    'assessedOn', ${column('assessed_on')}, 'isCurrent', ${column('is_current')}, 'correctionReason', ${column('correction_reason')},
    'synthetic', ${column('synthetic')}, 'recordedAt', ${column('recorded_at')}, 'recordedBy', ${column('recorded_by')}) end`;
}

interface DbProblem extends Record<string, unknown> {
  row: number;
  field: ReviewField;
  value: string | null;
  code: ErrorCode;
  message: string;
}

/**
 * Checks and writes a batch of reviews inside the scope's transaction. With problems it writes nothing and returns
 * them all (every row, every reason); the caller decides whether that is one error (a mutation) or a report (an import).
 */
export async function writeReviews(scope: WriteScope, rows: readonly ReviewRow[], options: ReviewBatchOptions): Promise<ReviewBatchResult> {
  const result: ReviewBatchResult = { problems: [], recorded: 0, corrected: 0, unchanged: 0, writtenIds: [] };
  rows.forEach((row, index) => result.problems.push(...rowProblems(row, index, scope.today)));
  // One review per household and year: every row of a repeated pair is reported, whatever else is wrong with it.
  const rowsOfPair = new Map<string, number[]>();
  rows.forEach((row, index) => rowsOfPair.set(`${row.householdId}|${row.year}`, [...(rowsOfPair.get(`${row.householdId}|${row.year}`) ?? []), index]));
  for (const indexes of rowsOfPair.values()) {
    if (indexes.length < 2) continue;
    for (const index of indexes) {
      result.problems.push({ row: index, field: 'householdId', value: rows[index]!.householdId, code: 'BAD_USER_INPUT', message: `The household and year appear ${indexes.length} times in this batch` });
    }
  }
  const invalid = new Set(result.problems.map((p) => p.row));
  const { tx } = scope;
  await tx.execute(sql`create temp table if not exists review_batch (
    row integer primary key, household_id text not null, year integer not null, income bigint not null,
    deprivations text[] not null, assessed_on date not null, reason text,
    action text, current_id bigint, standard_id integer, area_type text, review_commune text,
    head_ethnic_group text, member_count integer, synthetic boolean) on commit delete rows`);
  await tx.execute(sql`delete from review_batch`);
  await scope.copyRows('review_batch', ['row', 'household_id', 'year', 'income', 'deprivations', 'assessed_on', 'reason'],
    rows.flatMap((r, i) => (invalid.has(i) ? [] : [[i, r.householdId, r.year, r.incomePerCapitaMonthly, [...r.deprivations].sort(), r.assessedOn, r.reason?.trim() ?? null]])));
  // A temp table has no statistics: without them the planner assumes a few rows and joins a whole file by nested
  // loops. A single mutation's batch skips the extra statement.
  if (rows.length >= ANALYZE_FROM_ROWS) await tx.execute(sql`analyze review_batch`);
  options.onProgress?.('staged', rows.length);

  // Lock the households and their current reviews: a concurrent move or correction waits for this batch.
  await tx.execute(sql`select h.id from dolisa.households h where h.id in (select household_id from review_batch) order by h.id for update`);
  await tx.execute(sql`select a.id from dolisa.poverty_assessments a join review_batch b on b.household_id = a.household_id and b.year = a.year
    where a.is_current order by a.id for update of a`);

  const allowed = options.allowedCommunes ? [...options.allowedCommunes] : null;
  const problems = await scope.rows<DbProblem>(sql`
    with f as (${FACTS})
    select row, field, value, code, message from (
      select f.row, 'householdId' as field, f.household_id as value, 'NOT_FOUND' as code, 'No household with id "' || f.household_id || '"' as message, 1 as rank
        from f where not f.household_found
      union all select f.row, 'householdId', f.household_id, 'FORBIDDEN', 'The household lives in commune ' || f.household_commune || ', outside your area', 2
        from f where f.household_found and ${allowed === null ? sql`false` : allowed.length === 0 ? sql`true` : sql`f.household_commune not in (${inList(allowed)})`}
      union all select f.row, 'assessedOn', f.assessed_on::text, 'BAD_USER_INPUT', 'the household was not yet registered on assessedOn', 4
        from f where f.household_found and f.registered_on > f.assessed_on
      union all select f.row, 'assessedOn', f.assessed_on::text, 'BAD_USER_INPUT', 'the household was dissolved before assessedOn', 5
        from f where f.household_found and f.dissolved_on is not null and f.dissolved_on <= f.assessed_on
      union all select f.row, 'year', f.year::text, 'CONFLICT', 'Household "' || f.household_id || '" already has a ' || f.year || ' review; use correctAssessment to replace it', 6
        from f where ${options.mode === 'record' ? sql`f.current_id is not null` : sql`false`}
      union all select f.row, 'year', f.year::text, 'NOT_FOUND', 'Household "' || f.household_id || '" has no ' || f.year || ' review to correct', 6
        from f where f.household_found and ${options.mode === 'correct' ? sql`f.current_id is null` : sql`false`}
      union all select f.row, 'reason', f.reason, 'BAD_USER_INPUT', 'The household already has a ' || f.year || ' review that differs: a correction needs a reason', 6
        from f where ${options.mode === 'import' ? sql`f.current_id is not null and f.reason is null and ${ACTION} = 'correct'` : sql`false`}
      union all select f.row, 'year', f.year::text, 'CONFLICT', 'No poverty standard is in force for ' || f.year || '; a decree''s thresholds must be added first', 7
        from f where f.household_found and f.standard_id is null
    ) found order by row, rank`);
  result.problems.push(...problems.map((p) => ({ ...p, row: Number(p.row) })));
  result.problems.sort((a, b) => a.row - b.row);
  options.onProgress?.('checked', rows.length);
  if (result.problems.length > 0 || options.apply === false) return result;

  // Apply, from the facts fixed before anything changes: what each row does, which version it replaces, the
  // standard it is classified by. Then close the replaced versions and insert the new ones with their audit entries.
  await tx.execute(sql`
    update review_batch b set action = ${ACTION}, current_id = f.current_id, standard_id = f.standard_id, review_commune = f.review_commune,
      head_ethnic_group = f.head_ethnic_group, member_count = f.member_count, synthetic = f.synthetic,
      area_type = (select s.area_type from dolisa.poverty_standards s where s.id = f.standard_id)
    from (${FACTS}) f where f.row = b.row`);
  // The rollup rows a batch moves (the replaced reviews' and the new ones', by year and commune) are taken in one
  // order by every writer: two corrections moving households between the same classes in opposite directions
  // would otherwise each hold one rollup row and wait for the other's (a deadlock).
  await tx.execute(sql`
    select pg_advisory_xact_lock(${ROLLUP_LOCK_SPACE}, k) from (
      select hashtext(b.year || ':' || b.review_commune) as k from review_batch b where b.action in ('record', 'correct')
      union select hashtext(a.year || ':' || a.commune_code) from dolisa.poverty_assessments a
        join review_batch b on a.id = b.current_id where b.action = 'correct'
      order by k) keys`);
  await tx.execute(sql`update dolisa.poverty_assessments set is_current = false
    where id in (select current_id from review_batch where action = 'correct')`);
  const written = await scope.rows<{ row: number; id: number; action: 'record' | 'correct' }>(sql`
    with inserted as (
      insert into dolisa.poverty_assessments (household_id, year, commune_code, area_type, minority, head_ethnic_group, member_count,
        income_per_capita_monthly, deprivations, classification, standard_id, assessed_on, correction_reason, synthetic, recorded_by)
      select b.household_id, b.year, b.review_commune, b.area_type, b.head_ethnic_group = any(${MINORITY_CODES}), b.head_ethnic_group,
        b.member_count, b.income, b.deprivations, dolisa.classify_review(b.income, cardinality(b.deprivations), b.standard_id), b.standard_id,
        b.assessed_on, case when b.action = 'correct' then b.reason end, b.synthetic, ${scope.actor}
      from review_batch b where b.action in ('record', 'correct')
      returning *
    ), audited as (
      insert into dolisa.audit_log (subject, department, role, area, operation, entity, entity_key, outcome, before, after, units)
      select ${scope.caller.subject}, ${scope.caller.department}, ${scope.caller.role}, ${scope.caller.area},
        ${options.mode === 'import' ? sql`case when b.action = 'correct' then 'correctAssessment' else 'recordAssessment' end` : sql`${scope.operation}`},
        'PovertyAssessment', i.household_id || '/' || i.year, 'OK', ${assessmentJson('old')}, ${assessmentJson('i')}, array[i.commune_code]
      from inserted i join review_batch b on b.household_id = i.household_id and b.year = i.year
      left join dolisa.poverty_assessments old on old.id = b.current_id
    )
    select b.row, i.id, b.action from inserted i join review_batch b on b.household_id = i.household_id and b.year = i.year order by b.row`);
  for (const w of written) {
    result.writtenIds.push(Number(w.id));
    if (w.action === 'correct') result.corrected += 1;
    else result.recorded += 1;
  }
  result.unchanged = rows.length - written.length;
  options.onProgress?.('applied', rows.length);
  return result;
}

/** A batch of one that must succeed: its first problem becomes the mutation's error, named by input path. */
async function writeOne(scope: WriteScope, input: AssessmentInput, reason: string | null, mode: 'record' | 'correct'): Promise<AssessmentRow> {
  const row: ReviewRow = { ...input, reason };
  const result = await writeReviews(scope, [row], { mode });
  const problem = result.problems[0];
  if (problem) throw new DomainError(problem.code, problem.message, problem.field === 'reason' ? 'reason' : `input.${problem.field}`);
  const id = result.writtenIds[0];
  if (id !== undefined) {
    const [written] = await scope.tx.select().from(povertyAssessments).where(eq(povertyAssessments.id, id));
    return written!;
  }
  // A correction identical to the current review writes no new version (as a re-imported file): the answer is
  // the review as it stands, so a retried correction is harmless.
  const [current] = await scope.tx.select().from(povertyAssessments).where(and(
    eq(povertyAssessments.householdId, input.householdId), eq(povertyAssessments.year, input.year), eq(povertyAssessments.isCurrent, true)));
  return current!;
}

/** Records a household's review of a year; the server classifies it. One per household and year (CONFLICT). */
export function recordAssessment(scope: WriteScope, input: AssessmentInput): Promise<AssessmentRow> {
  return writeOne(scope, input, null, 'record');
}

/** Replaces a year's review with a corrected one; the replaced version stays, marked not current. */
export function correctAssessment(scope: WriteScope, input: AssessmentInput, reason: string): Promise<AssessmentRow> {
  return writeOne(scope, input, reason, 'correct');
}
