import { describe, expect, it } from 'vitest';
import { EMPTY, apiFieldError, reapply, updateInput, validate, type FormValues } from './componentForm';

const ok: FormValues = { ...EMPTY, code: 'HN-CONG-DVC', name: 'Cổng dịch vụ công', nameEn: 'Public service portal' };

describe('validate', () => {
  it('accepts what the API accepts', () => {
    expect(validate(ok, true)).toEqual({});
    expect(validate({ ...ok, dueYear: '2030', securityLevel: '3' }, true)).toEqual({});
  });
  it('refuses what the API refuses, per field', () => {
    const e = validate({ ...ok, code: 'hn cong', name: '  ', nameEn: 'x'.repeat(301), dueYear: '1999', securityLevel: '6' }, true);
    expect(e.code?.key).toBe('errCode');
    expect(e.name?.key).toBe('required');
    expect(e.nameEn?.key).toBe('errNameLen');
    expect(e.dueYear?.key).toBe('errDueYear');
    expect(e.securityLevel?.key).toBe('errSecurityLevel');
  });
  it('does not check the code of an existing component', () => {
    expect(validate({ ...ok, code: 'whatever it was' }, false)).toEqual({});
  });
  it('counts characters, not UTF-16 units, after NFC', () => {
    expect(validate({ ...ok, name: 'Ư'.repeat(300) }, true)).toEqual({});
  });
});

describe('apiFieldError', () => {
  it('places a refusal on the field the API names', () => {
    expect(apiFieldError('BAD_USER_INPUT', 'dueYear must be …', { field: 'dueYear' }, true)).toEqual({
      field: 'dueYear',
      error: { key: 'errDueYear', detail: 'dueYear must be …' },
    });
    expect(apiFieldError('BAD_USER_INPUT', 'name: U+001B (ESC) at 3', { field: 'name' }, true)?.error.key).toBe('errText');
  });
  it('reads a conflict on create as a code already taken', () => {
    expect(apiFieldError('CONFLICT', 'a record with that id or code already exists', {}, true)?.field).toBe('code');
  });
  it('leaves errors about no field to the form', () => {
    expect(apiFieldError('FORBIDDEN', 'outside the scope', {}, false)).toBeNull();
    expect(apiFieldError('CONFLICT', 'changed since', { revision: 2 }, false)).toBeNull();
  });
});

describe('reapply and updateInput', () => {
  const base = { ...ok, status: 'PLANNED' as const };
  it("keeps one's own edits and takes the newer values elsewhere", () => {
    const mine = { ...base, name: 'Tên của tôi' };
    const fresh = { ...base, status: 'OPERATING' as const, name: 'Tên của người khác' };
    expect(reapply(base, mine, fresh)).toEqual({ ...fresh, name: 'Tên của tôi' });
  });
  it('sends only the changed fields, numbers as numbers', () => {
    expect(updateInput(base, { ...base, name: ' Mới ', dueYear: '2031' })).toEqual({ name: 'Mới', dueYear: 2031 });
    expect(updateInput(base, base)).toEqual({});
  });
});
