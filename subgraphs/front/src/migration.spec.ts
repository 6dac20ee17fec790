import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createScratchDatabase, openDatabase } from '@ntg/db';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The migrations as they stood before this feature (0000-0002), in a folder of their own. */
function migrationsUpTo(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'front-migrations-'));
  mkdirSync(join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) copyFileSync(join(MIGRATIONS, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  return folder;
}

/**
 * A database seeded before structured addressees existed takes the new migrations: each recommendation gets its
 * supervision's commune, an addressee read from the office's name, its history, and the rollup counts it.
 */
describe('Front migrations over data recorded before them', () => {
  const folders: string[] = [];
  afterAll(() => { for (const folder of folders) rmSync(folder, { recursive: true, force: true }); });

  it('backfills addressees, history and the recommendation rollup', async () => {
    const scratch = await createScratchDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'front-data-'));
    const partial = migrationsUpTo(3);
    folders.push(dataDir, partial);
    try {
      const before = await openDatabase({ name: 'front', migrationsFolder: partial, url: scratch?.url, dataDir });
      await before.db.execute(sql`insert into front.supervisions (id, level, commune_code, model_id, supervised_on, subject, findings, synthetic) values
        ('SV-1', 'COMMUNE', '22783', 'LM-22783-1', '2024-03-01', 'S', 'F', true)`);
      await before.db.execute(sql`insert into front.recommendations (id, supervision_id, text, addressed_to, due_date, status, response, responded_on, synthetic) values
        ('R1', 'SV-1', 'T', 'UBND Xã Phước Bình', '2024-04-01', 'OPEN', null, null, true),
        ('R2', 'SV-1', 'T', 'Phòng Lao động - Thương binh và Xã hội Huyện Bác Ái', '2024-04-01', 'RESPONDED', 'OK', '2024-03-20', true),
        ('R3', 'SV-1', 'T', 'Sở Nông nghiệp và Phát triển nông thôn', '2024-05-01', 'RESOLVED', 'Done', '2024-04-10', true),
        ('R4', 'SV-1', 'T', 'Sở Tài chính', '2024-05-01', 'OPEN', null, null, true)`);
      await before.close();

      const after = await openDatabase({ name: 'front', migrationsFolder: MIGRATIONS, url: scratch?.url, dataDir });
      try {
        expect(await after.rows(sql`select id, commune_code, addressee_department, addressee_area, resolved_on::text from front.recommendations order by id`)).toEqual([
          { id: 'R1', commune_code: '22783', addressee_department: 'PROVINCE', addressee_area: '22783', resolved_on: null },
          { id: 'R2', commune_code: '22783', addressee_department: 'DOLISA', addressee_area: '584', resolved_on: null },
          { id: 'R3', commune_code: '22783', addressee_department: 'AGRICULTURE', addressee_area: '58', resolved_on: '2024-04-10' },
          { id: 'R4', commune_code: '22783', addressee_department: 'FINANCE', addressee_area: '58', resolved_on: null },
        ]);
        expect(await after.rows(sql`select recommendation_id as id, from_status, to_status, effective_on::text as on from front.recommendation_events order by recommendation_id, effective_on, id`)).toEqual([
          { id: 'R1', from_status: null, to_status: 'OPEN', on: '2024-03-01' },
          { id: 'R2', from_status: null, to_status: 'OPEN', on: '2024-03-01' },
          { id: 'R2', from_status: 'OPEN', to_status: 'RESPONDED', on: '2024-03-20' },
          { id: 'R3', from_status: null, to_status: 'OPEN', on: '2024-03-01' },
          { id: 'R3', from_status: 'OPEN', to_status: 'RESPONDED', on: '2024-04-10' },
          { id: 'R3', from_status: 'RESPONDED', to_status: 'RESOLVED', on: '2024-04-10' },
          { id: 'R4', from_status: null, to_status: 'OPEN', on: '2024-03-01' },
        ]);
        expect(await after.rows(sql`select status, due_date::text, recommendations from front.recommendation_rollup order by 1, 2`)).toEqual([
          { status: 'OPEN', due_date: '2024-04-01', recommendations: 1 },
          { status: 'OPEN', due_date: '2024-05-01', recommendations: 1 },
          { status: 'RESOLVED', due_date: '2024-05-01', recommendations: 1 },
          { status: 'RESPONDED', due_date: '2024-04-01', recommendations: 1 },
        ]);
      } finally {
        await after.close();
      }
    } finally {
      await scratch?.drop();
    }
  });
});
