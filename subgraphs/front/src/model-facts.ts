import type { LivelihoodModelStatus, ModelRating } from './generated/types';

/**
 * A LivelihoodModel as the Front's resolvers receive it: DOLISA's key, plus the DOLISA fields a flag requires
 * when the gateway sends them (`@requires`); the Front keeps no copy of any of them.
 */
export interface ModelRepresentation {
  readonly id: string;
  readonly status?: LivelihoodModelStatus;
  readonly statusHistory?: readonly { readonly from?: LivelihoodModelStatus | null; readonly to: LivelihoodModelStatus; readonly on: string }[];
  readonly evaluation?: { readonly rating: ModelRating } | null;
}

/** A required field the gateway did not send: a planning fault, never answered with a guess. */
export function required<T>(value: T | undefined, field: string, model: ModelRepresentation): T {
  if (value === undefined) throw new Error(`LivelihoodModel ${model.id}: DOLISA's ${field} was not provided (@requires)`);
  return value;
}

/**
 * The day DOLISA approved the model: its latest change to APPROVED (the same day DOLISA's approvedOn gives),
 * null while it has never been approved.
 */
export function approvalDay(model: ModelRepresentation): string | null {
  const history = required(model.statusHistory, 'statusHistory', model);
  let day: string | null = null;
  for (const change of history) if (change.to === 'APPROVED' && (day === null || change.on >= day)) day = change.on;
  return day;
}
