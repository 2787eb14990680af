import { describe, expect, it } from 'vitest';
import { DICTIONARIES, enumLabel, formatDay, formatNumber, formatPercent, nameOf, parseLang, t } from './i18n';
import { AGENCY_LEVELS, AREA_TYPES, COMPONENT_KINDS, SCOPES, STATUSES, TIERS } from './enums';

describe('dictionaries', () => {
  it('have the same keys, none empty', () => {
    const vi = Object.keys(DICTIONARIES.vi).sort();
    const en = Object.keys(DICTIONARIES.en).sort();
    expect(en).toEqual(vi);
    for (const lang of ['vi', 'en'] as const) {
      for (const [k, v] of Object.entries(DICTIONARIES[lang])) expect(v.trim(), `${lang}.${k}`).not.toBe('');
    }
  });
  it('use the same placeholders in both languages', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
    for (const k of Object.keys(DICTIONARIES.vi) as (keyof typeof DICTIONARIES.vi)[]) {
      expect(ph(DICTIONARIES.en[k]), k).toBe(ph(DICTIONARIES.vi[k]));
    }
  });
  it('label every enum value', () => {
    const all: [string, readonly string[]][] = [
      ['Scope', SCOPES],
      ['Status', STATUSES],
      ['AgencyLevel', AGENCY_LEVELS],
      ['AreaType', AREA_TYPES],
      ['Tier', TIERS],
      ['ComponentKind', COMPONENT_KINDS],
    ];
    for (const [e, values] of all) for (const v of values) expect(enumLabel('vi', e, v)).not.toBe(v);
  });
});

describe('t', () => {
  it('is Vietnamese unless lang=en', () => {
    expect(parseLang(null)).toBe('vi');
    expect(parseLang('fr')).toBe('vi');
    expect(parseLang('en')).toBe('en');
    expect(t('vi', 'navOverview')).toBe('Tổng quan');
    expect(t('en', 'navOverview')).toBe('Overview');
  });
  it('fills placeholders and formats numbers for the language', () => {
    expect(t('vi', 'impactTotal', { n: 3492 })).toBe('3.492 thành phần bị ảnh hưởng');
    expect(t('en', 'impactTotal', { n: 3492 })).toBe('3,492 affected components');
    expect(t('en', 'searchResults', { q: 'ha noi' })).toBe('Search results for “ha noi”');
    expect(t('en', 'showingOf', { shown: 1 })).toBe('Showing 1 of {total}');
  });
  it('formats numbers and percentages', () => {
    expect(formatNumber('vi', 102176)).toBe('102.176');
    expect(formatNumber('en', 102176)).toBe('102,176');
    expect(formatPercent('en', 0.8366)).toBe('83.7%');
    expect(formatPercent('vi', 0.8366)).toMatch(/^83,7\s?%$/);
  });
  it('names nodes in the UI language, falling back to Vietnamese', () => {
    const n = { name: 'Hà Nội', nameEn: 'Hanoi' };
    expect(nameOf('vi', n)).toBe('Hà Nội');
    expect(nameOf('en', n)).toBe('Hanoi');
    expect(nameOf('en', { name: 'Hà Nội', nameEn: '' })).toBe('Hà Nội');
  });
  it('leaves unknown enum values as they are', () => {
    expect(enumLabel('en', 'Scope', 'GALACTIC')).toBe('GALACTIC');
    expect(enumLabel('en', 'AgencyLevel', 'UNOWNED')).toBe('No owner');
  });
});

describe('formatDay', () => {
  it('writes a day for the language, whatever the time zone', () => {
    expect(formatDay('en', '2026-11-27')).toBe('27 November 2026');
    expect(formatDay('vi', '2026-11-27')).toBe('27 tháng 11, 2026');
    expect(formatDay('en', '2026-01-01', 'short')).toBe('01/01/2026');
    expect(formatDay('vi', '2026-11-07', 'short')).toBe('07/11/2026');
    expect(t('en', 'asOfBanner', { day: formatDay('en', '2026-10-28') })).toBe('The model as of 28 October 2026');
    expect(t('vi', 'asOfBanner', { day: formatDay('vi', '2026-10-28') })).toBe('Mô hình như ngày 28 tháng 10, 2026');
  });
  it('leaves anything that is not a day as it is', () => {
    expect(formatDay('en', '2026-02-30')).toBe('2026-02-30');
    expect(formatDay('vi', 'yesterday')).toBe('yesterday');
  });
});
