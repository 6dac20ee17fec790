import { findCommune } from '@ntg/admin-units';
import { plannedModels, Random, type PlannedModel } from '@ntg/synthetic';
import { classify, standardFor, type PovertyClass, type PovertyStandard } from '../poverty/classify';
import { groupBy } from '@ntg/subgraph-kit';
import { dateIn, deprivationsFor, incomeFor, type GeneratedPopulation, type SyntheticAssessment } from './households';

export interface SeededProgramme {
  models: PlannedModel[];
  events: { modelId: string; fromStatus: string | null; toStatus: string; effectiveOn: string; note: string | null }[];
  participants: { modelId: string; householdId: string; enrolledOn: string; classAtJoining: PovertyClass | null }[];
  evaluations: { modelId: string; evaluatedOn: string; rating: string; lessons: string; replicable: boolean }[];
}

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The DOLISA side of the shared demo programme: each planned model's registry entry and status history,
 * its participants (poor and near-poor households of its commune) and evaluations. Participants of
 * completed models mostly improve at their next review, so outcomes and target T2 have something to show;
 * their reviews are redrawn in place and classified by the same Decree 07 classifier.
 */
export function seedProgramme(population: GeneratedPopulation, options: { seed: number; standards: readonly PovertyStandard[] }): SeededProgramme {
  const random = new Random(options.seed).fork('dolisa-programme');
  const models = plannedModels(options.seed);
  const byCommune = groupBy(population.assessments, (a) => a.communeCode);
  const assessmentsOf = groupBy(population.assessments, (a) => a.householdId);

  const result: SeededProgramme = { models, events: [], participants: [], evaluations: [] };
  for (const model of models) {
    const proposed = shiftDays(model.startDate, -random.int(45, 90));
    const approved = shiftDays(model.startDate, -random.int(5, 30));
    result.events.push(
      { modelId: model.id, fromStatus: null, toStatus: 'PROPOSED', effectiveOn: proposed, note: 'Selected at a community consultation (synthetic)' },
      { modelId: model.id, fromStatus: 'PROPOSED', toStatus: 'APPROVED', effectiveOn: approved, note: null },
      { modelId: model.id, fromStatus: 'APPROVED', toStatus: 'ACTIVE', effectiveOn: model.startDate, note: null },
    );
    if (model.status === 'COMPLETED') result.events.push({ modelId: model.id, fromStatus: 'ACTIVE', toStatus: 'COMPLETED', effectiveOn: model.endDate, note: null });
    if (model.status === 'SUSPENDED') {
      result.events.push({ modelId: model.id, fromStatus: 'ACTIVE', toStatus: 'SUSPENDED', effectiveOn: shiftDays(model.startDate, random.int(60, 200)), note: 'Drought; inputs lost (synthetic)' });
    }

    // Candidates: households of the commune poor or near-poor at their latest review before the start.
    const startYear = Number(model.startDate.slice(0, 4));
    const candidates = (byCommune.get(model.communeCode) ?? [])
      .filter((a) => a.year === startYear - 1 && (a.classification === 'POOR' || a.classification === 'NEAR_POOR'));
    const wanted = Math.min(candidates.length, random.int(10, 30));
    const chosen = new Set<string>();
    while (chosen.size < wanted) chosen.add(random.pick(candidates).householdId);
    for (const householdId of chosen) {
      const enrolledOn = shiftDays(model.startDate, random.int(0, 20));
      const history = assessmentsOf.get(householdId) ?? [];
      const baseline = history.filter((a) => a.assessedOn <= enrolledOn).sort((a, b) => b.year - a.year)[0];
      result.participants.push({ modelId: model.id, householdId, enrolledOn, classAtJoining: baseline?.classification ?? null });
      if (model.status !== 'COMPLETED') continue;
      for (const later of history.filter((a) => a.assessedOn > model.endDate)) {
        if (!random.chance(0.82)) continue;
        const standard = standardFor(options.standards, later.year, findCommune(later.communeCode)!.areaType)!;
        const improved: PovertyClass = random.chance(0.7) ? 'AVERAGE_LIVING' : 'ABOVE_AVERAGE';
        later.incomePerCapitaMonthly = incomeFor(random, improved, standard);
        later.deprivations = deprivationsFor(random, improved, standard);
        later.classification = classify({ incomePerCapitaMonthly: later.incomePerCapitaMonthly, deprivationCount: later.deprivations.length }, standard);
      }
    }

    if (model.status === 'COMPLETED' || (model.status === 'ACTIVE' && random.chance(0.3))) {
      const rating = random.weighted([['EXCELLENT', 2], ['GOOD', 5], ['FAIR', 2], ['POOR', 1]] as const);
      result.evaluations.push({
        modelId: model.id,
        evaluatedOn: model.status === 'COMPLETED' ? shiftDays(model.endDate, random.int(5, 40)) : dateIn(random, Math.max(startYear, 2024), 6, 9),
        rating,
        lessons: 'Synthetic evaluation: demo text, not a real review.',
        replicable: rating === 'EXCELLENT' || rating === 'GOOD',
      });
    }
  }
  return result;
}
