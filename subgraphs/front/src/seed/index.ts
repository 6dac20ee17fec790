import { sql } from 'drizzle-orm';
import type { Database, Db } from '@ntg/db';
import { createWriteScope, makeCaller, type Caller, type Department, type SeedOptions } from '@ntg/subgraph-kit';
import { plannedModels } from '@ntg/synthetic';
import { commend } from '../commendation/service';
import { recordConsultation } from '../consultation/service';
import { recordSocialCriticism } from '../criticism/service';
import { auditLog } from '../db/schema';
import { recordFundReceipt, recordFundSpending } from '../fund/service';
import type { FrontWriteEnv, Lookups } from '../lookups';
import { recordSupervisionWithRecommendations, resolveRecommendation, respondToRecommendation, supervisionArea } from '../supervision/service';
import { generateFrontProgramme } from './programme';

/** Who the seed writes as: the audit trail shows every seeded change under this subject. */
export const SEED_SUBJECT = 'synthetic-seed';

const seedCaller = (department: Department): Caller => makeCaller({ department, role: 'officer', area: '58', subject: SEED_SUBJECT });

/**
 * The seed's lookups: the models of the shared demo programme, which DOLISA's seed registers from the same
 * plan (the graph is not up while seeds run). The seed spends only on models, so no household is looked up.
 */
export function programmeLookups(seed: number): Lookups {
  const models = new Map(plannedModels(seed).map((m) => [m.id, { id: m.id, communeCode: m.communeCode, status: m.status }]));
  return {
    model: async (id) => models.get(id) ?? null,
    household: async () => null,
  };
}

/** Numbered ids (SV-S00001, …): the same demo data on every machine and database. */
export function seedEnv(seed: number): FrontWriteEnv {
  const counters = new Map<string, number>();
  return {
    lookups: programmeLookups(seed),
    synthetic: true,
    newId: (prefix) => {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-S${String(n).padStart(5, '0')}`;
    },
  };
}

const TABLES = ['supervisions', 'consultations', 'social_criticisms', 'fund_receipts', 'commendations'] as const;

async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ n: number }>(sql.raw(`select (${TABLES.map((t) => `(select count(*) from front.${t})`).join(' + ')})::int as n`));
  return (row?.n ?? 0) === 0;
}

/**
 * Writes the Front's synthetic demo data when its tables are empty, through its own services (the same checks,
 * history and audit entries as a mutation), in one transaction. Every row is flagged synthetic and every name
 * carries the marker. One set of records per model and fund, so the scale option does not apply.
 */
export async function seedFront(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  if (!(await isEmpty(database))) return {};
  const programme = generateFrontProgramme(options.seed);
  const env = seedEnv(options.seed);
  const written = { supervisions: 0, recommendations: 0, responses: 0, resolutions: 0, consultations: 0, socialCriticisms: 0, fundReceipts: 0, fundSpending: 0, commendations: 0 };

  await database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const scope = (operation: string, units: readonly string[], department: Department = 'FRONT') =>
      createWriteScope({ tx, caller: seedCaller(department), auditLog, operation, units });

    for (const { input, followUps } of programme.supervisions) {
      const model = (await env.lookups.model(input.modelId!))!;
      const area = supervisionArea(input.level, model.communeCode);
      const { recommendations } = await recordSupervisionWithRecommendations(scope('recordSupervision', [area]), input, env);
      written.supervisions += 1;
      written.recommendations += recommendations.length;
      const ids = recommendations.map((r) => r.id);
      for (const [i, followUp] of followUps.entries()) {
        const addressee = input.recommendations[i]!.addressee;
        if (followUp.response) {
          await respondToRecommendation(scope('respondToRecommendation', [addressee.area], addressee.department), { id: ids[i]!, response: followUp.response.text, respondedOn: followUp.response.on });
          written.responses += 1;
        }
        if (followUp.resolution) {
          await resolveRecommendation(scope('resolveRecommendation', [area]), { id: ids[i]!, resolvedOn: followUp.resolution.on, note: followUp.resolution.note });
          written.resolutions += 1;
        }
      }
    }
    for (const input of programme.consultations) {
      const model = (await env.lookups.model(input.modelId))!;
      await recordConsultation(scope('recordConsultation', [model.communeCode]), input, env);
      written.consultations += 1;
    }
    for (const input of programme.criticisms) {
      await recordSocialCriticism(scope('recordSocialCriticism', [input.unitCode]), input, env);
      written.socialCriticisms += 1;
    }
    for (const input of programme.receipts) {
      await recordFundReceipt(scope('recordFundReceipt', [input.fundUnitCode]), input, env);
      written.fundReceipts += 1;
    }
    for (const input of programme.spending) {
      await recordFundSpending(scope('recordFundSpending', [input.fundUnitCode]), input, env);
      written.fundSpending += 1;
    }
    for (const input of programme.commendations) {
      await commend(scope('commend', [input.unitCode]), input, env);
      written.commendations += 1;
    }
  });
  return written;
}
