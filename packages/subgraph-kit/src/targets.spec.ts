import { describe, expect, it } from 'vitest';
import { targetStatus, yearProgress } from './targets';

describe('target status', () => {
  const share = { measure: 'FRACTION', min: 1, max: null };
  const fall = { measure: 'PP', min: -2, max: -1.5 };
  it('meets a share at or above its minimum and a fall at or below its maximum, MET/MISSED after the year', () => {
    expect(targetStatus(share, 1, true)).toBe('MET');
    expect(targetStatus(share, 0.98, true)).toBe('MISSED');
    expect(targetStatus(fall, -1.5, true)).toBe('MET');
    expect(targetStatus(fall, -3.2, true)).toBe('MET');
    expect(targetStatus(fall, -1.4, true)).toBe('MISSED');
  });
  it('says ON_TRACK or AT_RISK while the year runs, and NO_DATA without a figure', () => {
    expect(targetStatus(fall, -1.6, false)).toBe('ON_TRACK');
    expect(targetStatus(fall, -0.2, false)).toBe('AT_RISK');
    expect(targetStatus(fall, null, true)).toBe('NO_DATA');
  });
  it('excludes the bound for "more than" targets: exactly -3.0 pp does not meet a fall of more than 3 pp', () => {
    const moreThanThree = { measure: 'PP', min: null, max: -3 };
    expect(targetStatus(moreThanThree, -3, true, { exclusive: true })).toBe('MISSED');
    expect(targetStatus(moreThanThree, -3.0001, true, { exclusive: true })).toBe('MET');
    expect(targetStatus(moreThanThree, -3, true)).toBe('MET');
  });
  it('never says MET while coverage is below 1: MISSED after the year, ON_TRACK or AT_RISK during it', () => {
    expect(targetStatus(share, 1, true, { coverage: 1 })).toBe('MET');
    expect(targetStatus(share, 1, true, { coverage: 0.95 })).toBe('MISSED');
    expect(targetStatus(share, 1, false, { coverage: 0.95 })).toBe('ON_TRACK');
    expect(targetStatus(share, 0.9, false, { coverage: 0.95 })).toBe('AT_RISK');
    expect(targetStatus(share, null, true, { coverage: 0 })).toBe('NO_DATA');
  });
  it('knows whether a year is over on a date', () => {
    expect(yearProgress(2024, '2024-10-31')).toEqual({ yearClosed: false, until: '2024-10-31' });
    expect(yearProgress(2024, '2026-11-27')).toEqual({ yearClosed: true, until: '2024-12-31' });
  });
});
