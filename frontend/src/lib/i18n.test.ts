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

// formatNumber, formatPercent and formatDay write without Intl (its first formatter costs a page
// tens of milliseconds); they must write exactly what Intl writes for the two languages.
describe('formats written as Intl writes them', () => {
  const locale = { vi: 'vi-VN', en: 'en-GB' } as const;
  // a fixed pseudo-random sequence (the same values on every run)
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const numbers = [
    0,
    -0,
    1,
    -1,
    7,
    10,
    999,
    1000,
    1234,
    9999,
    10000,
    102176,
    999999,
    1000000,
    1234567,
    2 ** 31,
    2 ** 53 - 1,
    1e15,
    1e20,
    0.5,
    0.25,
    0.125,
    1.005,
    2.0005,
    9.9995,
    999.9995,
    -1.5,
    -0.0004,
    0.0005,
    1e-7,
    1e21,
    123.456789,
    0.1 + 0.2,
    1 / 3,
    2 / 3,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (let i = 0; i < 3000; i++) {
    const scale = 10 ** Math.floor(rand() * 12 - 4);
    numbers.push((rand() - 0.3) * scale, Math.round((rand() - 0.3) * scale), Math.round(rand() * 100000) / 1000);
  }
  const ratios = [0, -0, 1, 0.8366, 0.0005, 0.00049, 0.0015, 0.0125, 0.0135, 0.9995, 0.99949, 1.5, 12.3456, -0.0001, 1e-9, 1 / 3, 2 / 3];
  for (let i = 0; i < 3000; i++) ratios.push(rand(), Math.round(rand() * 10000) / 10000, Math.round(rand() * 2000) / 2000, rand() * 3 - 1);
  for (let k = 0; k <= 1000; k++) ratios.push(k / 1000, k / 997);

  it('formatNumber', () => {
    for (const lang of ['vi', 'en'] as const) {
      const intl = new Intl.NumberFormat(locale[lang]);
      for (const n of numbers) expect([n, formatNumber(lang, n)]).toEqual([n, intl.format(n)]);
    }
  });
  it('formatPercent', () => {
    for (const lang of ['vi', 'en'] as const) {
      const intl = new Intl.NumberFormat(locale[lang], { style: 'percent', maximumFractionDigits: 1 });
      for (const r of ratios) expect([r, formatPercent(lang, r)]).toEqual([r, intl.format(r)]);
    }
  });
  it('formatDay', () => {
    const days: string[] = ['0099-12-25', '0999-01-31', '1000-01-01', '1970-01-01', '2000-02-29', '2026-11-27', '9999-12-31'];
    for (let i = 0; i < 2000; i++)
      days.push(new Date(Date.UTC(1950 + Math.floor(rand() * 150), 0, 1 + Math.floor(rand() * 366))).toISOString().slice(0, 10));
    for (const lang of ['vi', 'en'] as const) {
      const long = new Intl.DateTimeFormat(locale[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      const short = new Intl.DateTimeFormat(locale[lang], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
      for (const d of days) {
        const t = new Date(0);
        t.setUTCFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
        expect([d, formatDay(lang, d)]).toEqual([d, long.format(t)]);
        expect([d, formatDay(lang, d, 'short')]).toEqual([d, short.format(t)]);
      }
    }
  });
});
