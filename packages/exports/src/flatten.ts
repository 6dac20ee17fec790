import type { Shape, ShapeField } from './shape';

export type Cell = string | number | boolean | null;

/** Rows and columns for a spreadsheet or a CSV file: one table per list path. */
export interface Table {
  /**
   * The path of the list whose elements are the rows (`commune.livelihoodModels.technicalSupports`), or ''
   * when the answer has no list of objects (one row).
   */
  readonly name: string;
  /** Leaf paths from the root: `commune.povertyStats.poor`. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Separates the elements of a list of scalars inside one cell. */
export const SCALAR_LIST_SEPARATOR = '; ';

interface Reach {
  readonly field: ShapeField;
  /** Response keys from the object the level starts at. */
  readonly keys: readonly string[];
}

/** Leaves (scalars, enums, lists of scalars) reachable from these fields without entering a list of objects. */
function leavesOf(fields: readonly ShapeField[], keys: readonly string[] = []): Reach[] {
  return fields.flatMap((field) => {
    const here = [...keys, field.key];
    if (!field.fields) return [{ field, keys: here }];
    return field.list ? [] : leavesOf(field.fields, here);
  });
}

/** Lists of objects reachable from these fields without entering another list of objects. */
function listsOf(fields: readonly ShapeField[], keys: readonly string[] = []): Reach[] {
  return fields.flatMap((field) => {
    if (!field.fields) return [];
    const here = [...keys, field.key];
    return field.list ? [{ field, keys: here }] : listsOf(field.fields, here);
  });
}

/** Every chain of nested lists from the root to a list with no list of objects below it: one table each. */
function chainsOf(fields: readonly ShapeField[], above: readonly Reach[] = []): Reach[][] {
  const lists = listsOf(fields);
  if (lists.length === 0) return [[...above]];
  return lists.flatMap((list) => chainsOf(list.field.fields!, [...above, list]));
}

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Elements of a list at any depth ([[X]] counts its inner elements); null or missing is empty. */
function elementsOf(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (Array.isArray(item) ? elementsOf(item) : [item]));
}

function scalarCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function cellOf(value: unknown, field: ShapeField): Cell {
  if (!field.list) return scalarCell(value);
  if (!Array.isArray(value)) return null;
  return elementsOf(value).filter((v) => v !== null && v !== undefined).map((v) => String(scalarCell(v))).join(SCALAR_LIST_SEPARATOR);
}

/**
 * Flattens a GraphQL answer into tables. Every list of objects multiplies rows, its parents' fields repeated on
 * each; lists side by side (a model's technicalSupports and its supervisions) make one table each instead of
 * a cross product. A parent whose list is empty or null still gets one row, with the list's columns empty.
 * Lists of scalars become one cell, joined by "; " (null elements left out).
 */
export function flatten(data: unknown, shape: Shape): Table[] {
  return chainsOf(shape.fields).map((chain) => {
    const levels = [leavesOf(shape.fields), ...chain.map((list) => leavesOf(list.field.fields!))];
    const columns = levels.flat().map((leaf) => leaf.field.path);
    const rows: Cell[][] = [];
    const emit = (level: number, object: unknown, before: readonly Cell[]): void => {
      const cells = [...before, ...levels[level]!.map((leaf) => cellOf(valueAt(object, leaf.keys), leaf.field))];
      if (level === chain.length) {
        rows.push(cells);
        return;
      }
      const elements = elementsOf(valueAt(object, chain[level]!.keys));
      if (elements.length === 0) {
        rows.push([...cells, ...new Array<Cell>(columns.length - cells.length).fill(null)]);
        return;
      }
      for (const element of elements) emit(level + 1, element, cells);
    };
    emit(0, data, []);
    return { name: chain.at(-1)?.field.path ?? '', columns, rows };
  });
}
