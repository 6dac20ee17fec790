import { count } from 'drizzle-orm';
import { bulkInsert, type Database } from '@ntg/db';
import type { SeedOptions } from '@ntg/subgraph-kit';
import { supervisions } from '../db/schema';
import { generateSupervisions } from './supervisions';

/**
 * Writes the Front's synthetic supervisions of the demo models when its tables are empty; every row is flagged
 * synthetic. One set of records per model, so the scale option does not apply.
 */
export async function seedFront(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  const { db } = database;
  const [existing] = await db.select({ n: count() }).from(supervisions);
  if ((existing?.n ?? 0) > 0) return {};

  const generated = generateSupervisions(options.seed);
  await db.transaction(async (tx) => {
    await bulkInsert(tx, 'front.supervisions', {
      id: 'text', level: 'text', commune_code: 'text', model_id: 'text', supervised_on: 'date', subject: 'text',
      findings: 'text', synthetic: 'boolean',
    }, generated.supervisions.map((s) => ({
      id: s.id, level: s.level, commune_code: s.communeCode, model_id: s.modelId, supervised_on: s.supervisedOn,
      subject: s.subject, findings: s.findings, synthetic: true,
    })));
    await bulkInsert(tx, 'front.recommendations', {
      id: 'text', supervision_id: 'text', text: 'text', addressed_to: 'text', due_date: 'date', status: 'text',
      response: 'text', responded_on: 'date', synthetic: 'boolean',
    }, generated.recommendations.map((r) => ({
      id: r.id, supervision_id: r.supervisionId, text: r.text, addressed_to: r.addressedTo, due_date: r.dueDate,
      status: r.status, response: r.response, responded_on: r.respondedOn, synthetic: true,
    })));
  });
  return { supervisions: generated.supervisions.length, recommendations: generated.recommendations.length };
}
