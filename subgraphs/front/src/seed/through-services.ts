import type { Database, Db } from '@ntg/db';
import { createWriteScope, type Department, type SeedOptions } from '@ntg/subgraph-kit';
import { commend } from '../commendation/service';
import { recordConsultation } from '../consultation/service';
import { recordSocialCriticism } from '../criticism/service';
import { auditLog } from '../db/schema';
import { recordFundReceipt, recordFundSpending } from '../fund/service';
import { recordSupervisionWithRecommendations, resolveRecommendation, respondToRecommendation, supervisionArea } from '../supervision/service';
import { seedCaller, seedEnv } from './env';
import { generateFrontProgramme } from './programme';
import type { SeedCounts } from './bulk';

/**
 * The demo programme written through the Front's own services, as mutations would write it: the same checks,
 * history and audit entries, in one transaction. About 3,000 statements, so the seed itself uses the bulk path
 * (bulk.ts), which seed.spec.ts shows writes the same rows as this.
 */
export async function seedThroughServices(database: Database, options: SeedOptions): Promise<SeedCounts> {
  const programme = generateFrontProgramme(options.seed);
  const env = seedEnv(options.seed);
  const written: SeedCounts = { supervisions: 0, recommendations: 0, responses: 0, resolutions: 0, consultations: 0, socialCriticisms: 0, fundReceipts: 0, fundSpending: 0, commendations: 0 };

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
