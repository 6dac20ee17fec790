import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { plannedModels, SYNTHETIC_MARKER } from '@ntg/synthetic';
import { openTestSubgraph, todayInVietnam } from '@ntg/subgraph-kit';
import { front } from '../index';
import { addDays, generateFrontProgramme, SUPERVISION_CUTOFF } from './programme';
import { seedThroughServices } from './through-services';

const SEED = 7;

describe('Front synthetic programme', () => {
  const programme = generateFrontProgramme(SEED);
  const models = plannedModels(SEED);

  it('is deterministic per seed', () => {
    expect(generateFrontProgramme(SEED)).toEqual(programme);
    expect(generateFrontProgramme(SEED + 1)).not.toEqual(programme);
  });

  it('supervises every planned model 1-3 times within its period and not after 2024, marking every subject synthetic', () => {
    for (const model of models) {
      const own = programme.supervisions.filter((s) => s.input.modelId === model.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      for (const { input, followUps } of own) {
        expect(input.date >= model.startDate && input.date <= model.endDate && input.date <= SUPERVISION_CUTOFF).toBe(true);
        expect(input.subject.endsWith(SYNTHETIC_MARKER)).toBe(true);
        expect(followUps).toHaveLength(input.recommendations.length);
        for (const [i, followUp] of followUps.entries()) {
          expect(input.recommendations[i]!.dueDate > input.date).toBe(true);
          if (followUp.resolution) expect(followUp.response).not.toBeNull();
          if (followUp.response) expect(followUp.response.on > input.date).toBe(true);
        }
      }
    }
    const statuses = programme.supervisions.flatMap((s) => s.followUps.map((f) => (f.resolution ? 'RESOLVED' : f.response ? 'RESPONDED' : 'OPEN')));
    expect(new Set(statuses)).toEqual(new Set(['OPEN', 'RESPONDED', 'RESOLVED']));
  });

  it('consults on every model before DOLISA could have approved it, but two, and gives three low consensus', () => {
    expect(programme.withoutConsultation).toHaveLength(2);
    expect(programme.lowConsensus).toHaveLength(3);
    expect(programme.consultations).toHaveLength(models.length - 2);
    for (const consultation of programme.consultations) {
      const model = models.find((m) => m.id === consultation.modelId)!;
      expect(programme.withoutConsultation).not.toContain(model.id);
      // DOLISA's seed approves 5-30 days, and proposes 45-90 days, before the start.
      expect(consultation.date <= addDays(model.startDate, -95)).toBe(true);
      expect(consultation.agree + consultation.disagree + consultation.abstain).toBe(consultation.participants);
      expect(consultation.agree / consultation.participants < 0.7).toBe(programme.lowConsensus.includes(model.id));
    }
    for (const id of [...programme.withoutConsultation, ...programme.lowConsensus]) expect(models.find((m) => m.id === id)!.status).not.toBe('SUSPENDED');
  });

  it('never spends more than a campaign raised, nor before it, and names every donor and recipient synthetic', () => {
    for (const spending of programme.spending) {
      const raised = programme.receipts.filter((r) => r.fundUnitCode === spending.fundUnitCode && r.date < spending.date).reduce((s, r) => s + r.value, 0);
      const spent = programme.spending.filter((s) => s.fundUnitCode === spending.fundUnitCode && s.date <= spending.date).reduce((s, r) => s + r.amount, 0);
      expect(spent).toBeLessThanOrEqual(raised);
      expect(spending.modelId).toBeTruthy();
    }
    expect(programme.receipts.every((r) => r.donor.endsWith(SYNTHETIC_MARKER) && (r.kind === 'MONEY' || r.description))).toBe(true);
    expect(programme.commendations.every((c) => c.recipient.endsWith(SYNTHETIC_MARKER) && c.date <= todayInVietnam())).toBe(true);
    expect(programme.criticisms.every((c) => c.subject.endsWith(SYNTHETIC_MARKER) && c.opinions.every((o) => o.by.endsWith(SYNTHETIC_MARKER)))).toBe(true);
  });

  describe('seeded into the database', () => {
    let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
    let written: Record<string, number>;
    beforeAll(async () => {
      subgraph = await openTestSubgraph(front);
      subgraph.database.statements.reset();
      written = await front.seed!(subgraph.database, { scale: 0.01, seed: SEED });
    });
    afterAll(() => subgraph?.close());

    it('writes what the programme holds, once, in a few statements, every row flagged synthetic', async () => {
      const recommendations = programme.supervisions.reduce((n, s) => n + s.input.recommendations.length, 0);
      expect(written).toEqual({
        supervisions: programme.supervisions.length, recommendations,
        responses: programme.supervisions.reduce((n, s) => n + s.followUps.filter((f) => f.response).length, 0),
        resolutions: programme.supervisions.reduce((n, s) => n + s.followUps.filter((f) => f.resolution).length, 0),
        consultations: programme.consultations.length, socialCriticisms: programme.criticisms.length, fundReceipts: programme.receipts.length,
        fundSpending: programme.spending.length, commendations: programme.commendations.length,
      });
      // The emptiness check, then one statement per table.
      expect(subgraph.database.statements.count).toBeLessThanOrEqual(12);
      expect(await front.seed!(subgraph.database, { scale: 0.01, seed: SEED })).toEqual({});
      const [flags] = await subgraph.database.rows<{ unflagged: number; audited: number }>(sql`
        select ((select count(*) from front.supervisions where not synthetic) + (select count(*) from front.recommendations where not synthetic)
          + (select count(*) from front.consultations where not synthetic) + (select count(*) from front.social_criticisms where not synthetic)
          + (select count(*) from front.fund_receipts where not synthetic) + (select count(*) from front.fund_spendings where not synthetic)
          + (select count(*) from front.commendations where not synthetic))::int as unflagged,
          (select count(*) from front.audit_log)::int as audited`);
      expect(flags).toEqual({ unflagged: 0, audited: 0 });
    });

    it('writes exactly the rows the services write for the same programme (every table, rollups included)', async () => {
      const throughServices = await openTestSubgraph(front);
      try {
        expect(await seedThroughServices(throughServices.database, { scale: 0.01, seed: SEED })).toEqual(written);
        // Serial ids and timestamps differ by construction, and a status change leaves a zero row in the rollup;
        // everything else must be the same.
        const tables: [string, string[], string?][] = [
          ['supervisions', ['recorded_at']], ['recommendations', []], ['recommendation_events', ['id', 'recorded_at']], ['recommendation_rollup', [], 'recommendations <> 0'],
          ['consultations', ['recorded_at']], ['social_criticisms', ['recorded_at']], ['criticism_opinions', ['id']], ['funds', ['opened_at']],
          ['fund_receipts', ['recorded_at']], ['fund_spendings', ['recorded_at']], ['fund_rollup', []], ['commendations', ['recorded_at']],
        ];
        for (const [table, ignored, where] of tables) {
          const dropped = ignored.map((c) => `'${c}'`).join(', ') || "''";
          const dump = sql.raw(`select (to_jsonb(t) - array[${dropped}]::text[])::text as row from front.${table} t ${where ? `where ${where}` : ''} order by 1`);
          const bulk = await subgraph.database.rows<{ row: string }>(dump);
          expect(bulk.length, table).toBeGreaterThan(0);
          expect(await throughServices.database.rows<{ row: string }>(dump), table).toEqual(bulk);
        }
        // The services audited each change as the seed; the bulk path, like DOLISA's, writes no audit entries.
        const [audited] = await throughServices.database.rows<{ seed: number; others: number }>(sql`
          select (count(*) filter (where subject = 'synthetic-seed'))::int as seed, (count(*) filter (where subject <> 'synthetic-seed'))::int as others from front.audit_log`);
        expect(audited).toEqual({ seed: Object.values(written).reduce((a, b) => a + b, 0), others: 0 });
      } finally {
        await throughServices.close();
      }
    });

    it('shows the flags a dashboard needs: NO_CONSULTATION and LOW_CONSENSUS, OVERDUE recommendations', async () => {
      const representation = (id: string) => {
        const model = models.find((m) => m.id === id)!;
        return { __typename: 'LivelihoodModel', id, status: 'ACTIVE', statusHistory: [{ from: 'PROPOSED', to: 'APPROVED', on: addDays(model.startDate, -10) }] };
      };
      const ids = models.filter((m) => m.status !== 'SUSPENDED').map((m) => m.id);
      const result = await subgraph.execute<any>(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on LivelihoodModel { id consensusFlag } } }`, { r: ids.map(representation) });
      expect(result.errors).toBeUndefined();
      const flagged = (flag: string) => result.data._entities.filter((e: any) => e.consensusFlag === flag).map((e: any) => e.id).sort();
      expect(flagged('NO_CONSULTATION')).toEqual([...programme.withoutConsultation].sort());
      expect(flagged('LOW_CONSENSUS')).toEqual([...programme.lowConsensus].sort());
      const overdue = await subgraph.execute<any>(`{ recommendations(areaCode: "58", status: OVERDUE, first: 1) { totalCount } }`);
      const open = programme.supervisions.flatMap((s) => s.input.recommendations.filter((r, i) => !s.followUps[i]!.response && r.dueDate < todayInVietnam()));
      expect(overdue.data.recommendations.totalCount).toBe(open.length);
      expect(open.length).toBeGreaterThan(0);
    });
  });
});
