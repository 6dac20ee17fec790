import { badUserInput } from '@ntg/errors';

/** Relay page size: at most 500 per the graph map. */
export const MAX_PAGE_SIZE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): (string | number)[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    // fall through to the user-facing error
  }
  throw badUserInput('Not a cursor this field returned', field);
}

export function pageSize(args: PageArgs, defaultSize = 50): number {
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return first;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

/** Builds a connection from `size + 1` fetched rows: the extra row only tells whether a next page exists. */
export function toConnection<T>(rows: readonly T[], size: number, cursorOf: (row: T) => (string | number)[]): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}
