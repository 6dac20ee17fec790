import { sql, type SQL } from 'drizzle-orm';
import { check, type PgColumn } from 'drizzle-orm/pg-core';

/**
 * Helpers for a department's drizzle tables (src/db/schema.ts). Kept apart from the database module so that
 * drizzle-kit, which loads the table definitions on its own, needs nothing but drizzle-orm.
 */

/** The values of a generated SDL enum constant (`PovertyClass`), typed for drizzle's `text(name, { enum })`. */
export function enumValues<T extends string>(generated: Readonly<Record<string, T>>): [T, ...T[]] {
  const values = Object.values(generated);
  if (values.length === 0) throw new Error('enumValues: an enum has at least one value');
  return values as [T, ...T[]];
}

/** `'A', 'B'`, inlined: the values are identifiers from generated code, checked to be nothing else. */
function quotedValues(values: readonly string[]): string {
  for (const value of values) if (!/^[A-Za-z0-9_]+$/.test(value)) throw new Error(`"${value}" is not an enum value`);
  return values.map((v) => `'${v}'`).join(', ');
}

/** `('A', 'B')`, for `column in ${sqlValueList(values)}`. */
export function sqlValueList(values: readonly string[]): SQL {
  return sql.raw(`(${quotedValues(values)})`);
}

/**
 * A CHECK constraint that keeps a column to an SDL enum's values, so the table and the schema can never
 * disagree: `enumCheck('models_status', t.status, enumValues(LivelihoodModelStatus))`. A nullable column may be null.
 */
export function enumCheck(name: string, column: PgColumn, values: readonly string[]) {
  return check(name, sql`${column} in ${sqlValueList(values)}`);
}

/** The same for a text[] column: every element must be one of the values. */
export function enumArrayCheck(name: string, column: PgColumn, values: readonly string[]) {
  return check(name, sql`${column} <@ ${sql.raw(`array[${quotedValues(values)}]::text[]`)}`);
}
