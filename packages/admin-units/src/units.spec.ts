import { describe, expect, it } from 'vitest';
import { communes, districts, findCommune, levelOfCode, province, communesOfDistrict, inForceOn } from './units';
import { requireUnit } from './graphql';

describe('Ninh Thuận administrative units (GSO 2023 list)', () => {
  it('has 1 province, 7 districts and 65 communes: 47 xã, 15 phường, 3 thị trấn', () => {
    expect(province.code).toBe('58');
    expect(districts.map((d) => d.code)).toEqual(['582', '584', '585', '586', '587', '588', '589']);
    expect(communes).toHaveLength(65);
    const count = (kind: string) => communes.filter((c) => c.kind === kind).length;
    expect([count('COMMUNE'), count('WARD'), count('TOWNSHIP')]).toEqual([47, 15, 3]);
  });

  it('derives the area type from the kind and keeps parents from the data, not from code ranges', () => {
    expect(findCommune('22774')).toMatchObject({ name: 'Thành Hải', kind: 'COMMUNE', areaType: 'RURAL', districtCode: '582' });
    expect(findCommune('22810')).toMatchObject({ kind: 'TOWNSHIP', areaType: 'URBAN', districtCode: '585' });
    // 22837 sits numerically among Ninh Hải's codes but belongs to Thuận Bắc
    expect(findCommune('22837')?.districtCode).toBe('588');
    expect(communesOfDistrict('584')).toHaveLength(9);
  });

  it('records validity: three wards merged in late 2024', () => {
    expect(findCommune('22747')?.validUntil).toBe('2024-10-31');
    expect(findCommune('22738')?.validUntil).toBeNull();
    expect(inForceOn(findCommune('22747')!, '2024-06-01')).toBe(true);
    expect(inForceOn(findCommune('22747')!, '2025-01-01')).toBe(false);
  });

  it('tells malformed codes (BAD_USER_INPUT) from unknown ones (NOT_FOUND)', () => {
    expect(levelOfCode('58')).toBe('PROVINCE');
    expect(levelOfCode('2278x')).toBeUndefined();
    expect(() => requireUnit('COMMUNE', '227')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(() => requireUnit('COMMUNE', '99999')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }));
    expect(requireUnit('DISTRICT', '584').name).toBe('Bác Ái');
  });
});
