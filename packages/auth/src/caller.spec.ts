import { describe, expect, it } from 'vitest';
import { communes, communesOfDistrict } from '@ntg/admin-units';
import { areaLevelOf, covers, coversUnit, makeCaller, testCaller } from './caller';

const province = testCaller({ department: 'PROVINCE', role: 'analyst', area: '58' });
const thuanBac = testCaller({ department: 'DOLISA', role: 'officer', area: '588' });
const ninhHai = testCaller({ department: 'DOLISA', role: 'officer', area: '586' });
const phuocBinh = testCaller({ department: 'DOLISA', role: 'officer', area: '22783' });

describe('covers', () => {
  it('the province covers all 65 communes and nothing else', () => {
    expect(communes).toHaveLength(65);
    for (const c of communes) expect(covers(province, c.code)).toBe(true);
    expect(covers(province, '99999')).toBe(false);
    expect(covers(province, '584')).toBe(false); // a district is not a commune
  });

  it('a district covers exactly the communes the reference data lists under it, not a code range', () => {
    // 22837 (Công Hải) belongs to Thuận Bắc 588 although its code sits between Ninh Hải's 22834 and 22846.
    expect(covers(thuanBac, '22837')).toBe(true);
    expect(covers(ninhHai, '22837')).toBe(false);
    expect(covers(ninhHai, '22834')).toBe(true);
    expect(covers(ninhHai, '22846')).toBe(true);
    for (const c of communes) expect(covers(thuanBac, c.code)).toBe(c.districtCode === '588');
    expect(communes.filter((c) => covers(thuanBac, c.code)).map((c) => c.code)).toEqual(communesOfDistrict('588').map((c) => c.code));
  });

  it('a commune covers only itself', () => {
    expect(communes.filter((c) => covers(phuocBinh, c.code)).map((c) => c.code)).toEqual(['22783']);
    expect(covers('22783', '22783')).toBe(true);
    expect(covers('22783', '22786')).toBe(false);
  });

  it('coversUnit: districts from the province or themselves, the province only from the province', () => {
    expect(coversUnit(province, '584')).toBe(true);
    expect(coversUnit(thuanBac, '588')).toBe(true);
    expect(coversUnit(thuanBac, '586')).toBe(false);
    expect(coversUnit(phuocBinh, '584')).toBe(false);
    expect(coversUnit(province, '58')).toBe(true);
    expect(coversUnit(thuanBac, '58')).toBe(false);
    expect(coversUnit(thuanBac, '22837')).toBe(true);
    expect(coversUnit(province, 'abc')).toBe(false);
  });
});

describe('callers', () => {
  it('know their area level and refuse unknown departments, roles and areas', () => {
    expect(province.areaLevel).toBe('PROVINCE');
    expect(thuanBac.areaLevel).toBe('DISTRICT');
    expect(phuocBinh.areaLevel).toBe('COMMUNE');
    expect(areaLevelOf('583')).toBeUndefined(); // well-formed, but no such district
    expect(areaLevelOf('01')).toBeUndefined(); // another province
    expect(() => makeCaller({ department: 'POLICE' as never, role: 'officer', area: '58' })).toThrow(/department/);
    expect(() => makeCaller({ department: 'DOLISA', role: 'admin' as never, area: '58' })).toThrow(/role/);
    expect(() => makeCaller({ department: 'DOLISA', role: 'officer', area: '22999' })).toThrow(/Area/);
  });
});
