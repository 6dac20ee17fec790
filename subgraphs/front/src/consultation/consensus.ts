import type { ConsensusFlag, LivelihoodModelStatus } from '../generated/types';
import type { ConsultationRow } from './loaders';

/** Below this share agreeing, the Front flags a model LOW_CONSENSUS. */
export const LOW_CONSENSUS_BELOW = 0.7;

/** The statuses in which a model must have been chosen by consultation: it has been approved. */
const CONSULTATION_EXPECTED: readonly LivelihoodModelStatus[] = ['APPROVED', 'ACTIVE', 'COMPLETED'];

/**
 * The consultation a model's consensus rests on: the latest dated on or before its approval day (a consultation
 * and the approval may fall on the same day; dates carry no time), or the latest of all while it is not approved.
 * `consultations` are oldest first.
 */
export function decisiveConsultation(consultations: readonly ConsultationRow[], approvedOn: string | null): ConsultationRow | null {
  const before = approvedOn === null ? consultations : consultations.filter((c) => c.heldOn <= approvedOn);
  return before.at(-1) ?? null;
}

export function agreeRate(consultation: Pick<ConsultationRow, 'agree' | 'participants'>): number {
  return consultation.agree / consultation.participants;
}

/** NO_CONSULTATION or LOW_CONSENSUS for a model approved, active or completed; null otherwise. */
export function consensusFlag(status: LivelihoodModelStatus, decisive: ConsultationRow | null): ConsensusFlag | null {
  if (!CONSULTATION_EXPECTED.includes(status)) return null;
  if (!decisive) return 'NO_CONSULTATION';
  return agreeRate(decisive) < LOW_CONSENSUS_BELOW ? 'LOW_CONSENSUS' : null;
}
