/**
 * Published province-level figures the synthetic data is calibrated to (../shared/DOMAIN.md, sources there).
 * Poor-household rates at each year's review; the 2024 figure is provisional.
 */
export const PROVINCE_CALIBRATION = {
  households: { 2022: 185_750, 2023: 187_000, 2024: 188_300 },
  poorRate: { 2022: 0.0593, 2023: 0.0421, 2024: 0.0276 },
  nearPoorRate: { 2022: 0.0543, 2023: 0.0461, 2024: 0.0394 },
  /** 2023 review: share of poor households whose head is of an ethnic minority. */
  minorityShareOfPoor2023: 0.6539,
  /**
   * Bác Ái's own rates were not found (DOMAIN.md): an assumption, far above the province and falling about
   * 4 pp a year, near target T5, so the demo shows both a met and a missed year.
   */
  poorDistrictPoorRate: { 2022: 0.36, 2023: 0.315, 2024: 0.277 },
  /** Ethnic minorities are 23.71% of the population. */
  minorityPopulationShare: 0.2371,
} as const;

export const CALIBRATED_YEARS = [2022, 2023, 2024] as const;
export type CalibratedYear = (typeof CALIBRATED_YEARS)[number];

/** Bác Ái, the poor district of Decision 353/QĐ-TTg. */
export const POOR_DISTRICT_CODE = '584';

/** Ethnic-minority area classification of Decision 861/QĐ-TTg (2021), 28 communes of Ninh Thuận. */
export const ETHNIC_AREA_861: Readonly<Record<string, 'REGION_I' | 'REGION_II' | 'REGION_III'>> = Object.freeze({
  ...Object.fromEntries(
    ['22822', '22828', '22885', '22853', '22837', '22843', '22783', '22786', '22789', '22792', '22795', '22798', '22801', '22804', '22807']
      .map((c) => [c, 'REGION_III' as const]),
  ),
  '22849': 'REGION_II',
  ...Object.fromEntries(
    ['22813', '22816', '22831', '22858', '22898', '22897', '22876', '22894', '22879', '22891', '22870', '22840']
      .map((c) => [c, 'REGION_I' as const]),
  ),
});

/** GSO ethnic codes most common among Ninh Thuận minorities. */
export const ETHNIC_CODES = { KINH: '01', HOA: '04', CO_HO: '16', CHAM: '17', RAGLAI: '21' } as const;
