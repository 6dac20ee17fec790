import reference from '../data/ethnic-groups.json' with { type: 'json' };

/**
 * The 54 ethnic groups of the GSO classification, and which of them the Ethnic Committee counts as ethnic
 * minorities. One reference list: the Ethnic subgraph serves it (its migration holds the same rows, and a test
 * proves the two agree) and DOLISA counts minority households by it.
 */
export interface EthnicGroup {
  /** Two-digit GSO code, "01" Kinh to "54" Rơ-măm. */
  readonly code: string;
  readonly name: string;
  readonly isMinority: boolean;
}

export const ethnicGroupsSource: string = reference.source;

export const ethnicGroups: readonly EthnicGroup[] = Object.freeze(reference.groups.map((g) => Object.freeze({ ...g })));

const byCode = new Map(ethnicGroups.map((g) => [g.code, g]));

export function findEthnicGroup(code: string): EthnicGroup | undefined {
  return byCode.get(code);
}

/** Whether a household head of this group counts as an ethnic minority; unknown codes do not. */
export function isMinorityGroup(code: string): boolean {
  return byCode.get(code)?.isMinority ?? false;
}

/** The codes of the minority groups, for SQL filters (`head_ethnic_group in (...)`). */
export const MINORITY_GROUP_CODES: readonly string[] = ethnicGroups.filter((g) => g.isMinority).map((g) => g.code);
