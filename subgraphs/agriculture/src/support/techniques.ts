import DataLoader from 'dataloader';
import { asc, eq } from 'drizzle-orm';
import type { Database, Db } from '@ntg/db';
import { techniques } from '../db/schema';

export type TechniqueRow = typeof techniques.$inferSelect;

/** The department's list of techniques (a dozen rows), read once per request. */
export function createTechniqueLoaders(database: Database) {
  const all = new DataLoader<'all', TechniqueRow[]>(async (keys) => {
    const rows = await database.db.select().from(techniques).orderBy(asc(techniques.code));
    return keys.map(() => rows);
  });
  return {
    techniques: all,
    techniqueByCode: {
      load: async (code: string): Promise<TechniqueRow | null> => (await all.load('all')).find((t) => t.code === code) ?? null,
    },
  };
}

/** Inside a write: the technique named by the input, or null when there is no such code. */
export async function findTechnique(tx: Db, code: string): Promise<TechniqueRow | null> {
  const [row] = await tx.select().from(techniques).where(eq(techniques.code, code));
  return row ?? null;
}
