import type { ModelRating } from '../generated/types';

/** DOLISA's ratings from worst to best. */
const RATING_ORDER: readonly ModelRating[] = ['POOR', 'FAIR', 'GOOD', 'EXCELLENT'];

/**
 * The lowest rating of DOLISA's latest evaluation at which the Front counts a model effective, for its
 * commendation flag: the one place to change when the programme sets another threshold.
 */
export const EFFECTIVE_FROM_RATING: ModelRating = 'GOOD';

/** Whether a rating (null: never evaluated) counts as effective. */
export function isRatedEffective(rating: ModelRating | null | undefined): boolean {
  return rating != null && RATING_ORDER.indexOf(rating) >= RATING_ORDER.indexOf(EFFECTIVE_FROM_RATING);
}
