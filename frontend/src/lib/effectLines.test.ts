import { describe, expect, it } from 'vitest';
import { effectFailure, effectLines, type Effect } from './effectLines';

const none: Effect = {
  operation: 'UPDATE',
  changed: [],
  conformance: [],
  becomeConformant: [],
  stopConformant: [],
  agenciesChecked: 150,
  agenciesLimited: false,
  duplicatesAdded: [],
  duplicatesRemoved: [],
  inferred: [],
  suggested: [],
  violationsAdded: [],
  violationsResolved: [],
  dependents: [],
  dependentsTotal: 0,
  transitiveDependents: 0,
  users: [],
  usersTotal: 0,
};

const lost: Effect = {
  ...none,
  conformance: [
    {
      reference: { code: 'ƯDCQS7' },
      before: 'PROVIDED_BY_PROVINCE',
      after: 'MISSING',
      met: false,
      count: 2,
      communes: 2,
      agencies: [{ code: 'X1' }, { code: 'X2' }],
    },
  ],
};

describe('the effect before saving', () => {
  it('says "no change" only when every agency affected was evaluated', () => {
    expect(effectLines('en', none).map((l) => l.id)).toEqual(['nothing']);
    expect(effectLines('en', none)[0]?.text).toBe('No change to conformance, duplicate findings or rule violations.');
  });

  it('says plainly, first and in both languages, that a limited effect is partial', () => {
    for (const e of [
      { ...none, agenciesLimited: true },
      { ...lost, agenciesLimited: true },
    ]) {
      const en = effectLines('en', e);
      const vi = effectLines('vi', e);
      expect(en[0]).toMatchObject({ id: 'limited', tone: 'bad' });
      expect(en[0]?.text).toBe(
        'Partial effect: the server evaluated only the first 150 agencies affected. This change affects more agencies, so the figures below may be incomplete.',
      );
      expect(vi[0]).toMatchObject({ id: 'limited', tone: 'bad' });
      expect(vi[0]?.text).toMatch(/^Tác động một phần: máy chủ chỉ tính 150 cơ quan đầu tiên chịu ảnh hưởng\./);
      expect(en.map((l) => l.text).join(' ')).not.toContain('No change to conformance, duplicate findings or rule violations.');
    }
    const nothing = effectLines('en', { ...none, agenciesLimited: true }).find((l) => l.id === 'nothing');
    expect(nothing?.text).toBe('No change to conformance, duplicate findings or rule violations among the 150 agencies evaluated.');
    expect(effectLines('vi', { ...lost, agenciesLimited: true }).map((l) => l.id)).toEqual(['limited', 'conformance-ƯDCQS7']);
  });
});

describe('effectFailure', () => {
  it('says in the page language that time ran out and the save stays possible', () => {
    const vi = effectFailure('vi', 'TIMEOUT', 'the request ran past its deadline');
    expect(vi.retry).toBe(true);
    expect(vi.text).toContain('chưa tính xong tác động trong thời hạn');
    expect(vi.text).toContain('vẫn có thể lưu');
    expect(vi.text).not.toContain('deadline');
    const en = effectFailure('en', 'UNAVAILABLE', 'the database is unavailable; try again later');
    expect(en.text).toContain('could not compute the effect in time');
    expect(en.text).toContain('You can still save');
  });

  it('shows other errors with their message and code', () => {
    const f = effectFailure('en', 'CLIENT_ERROR', 'Failed to fetch');
    expect(f.text).toBe('The effect could not be computed: Failed to fetch (CLIENT_ERROR)');
    expect(f.retry).toBe(true);
  });

  it('offers no retry for an error that asking again cannot mend', () => {
    const f = effectFailure('vi', 'BAD_USER_INPUT', 'mã không hợp lệ');
    expect(f.text).toContain('mã không hợp lệ (BAD_USER_INPUT)');
    expect(f.retry).toBe(false);
    expect(effectFailure('en', 'FORBIDDEN', 'not yours').retry).toBe(false);
    expect(effectFailure('en', 'INTERNAL', 'internal error (request abc)').retry).toBe(true);
  });
});
