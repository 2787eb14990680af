// The component form's logic, pure: its values, the checks the API makes (so that the form
// refuses what the API would, before sending), the API's refusals mapped to a field and a
// message in the page's language, and the reapplying of one's edits onto a newer revision.

import type { ComponentKind, Scope, Status } from './enums';
import type { EditKey } from './editI18n';

export interface FormValues {
  code: string;
  name: string;
  nameEn: string;
  kind: ComponentKind;
  scope: Scope;
  status: Status;
  layer: string;
  owner: string;
  dueYear: string;
  exposesApi: boolean;
  securityLevel: string;
  restrictedData: boolean;
}

export type Field = keyof FormValues;

export const FIELDS: readonly Field[] = [
  'code',
  'name',
  'nameEn',
  'kind',
  'scope',
  'status',
  'layer',
  'owner',
  'dueYear',
  'exposesApi',
  'securityLevel',
  'restrictedData',
];

export const EMPTY: FormValues = {
  code: '',
  name: '',
  nameEn: '',
  kind: 'APPLICATION',
  scope: 'PROVINCE',
  status: 'PLANNED',
  layer: 'L3',
  owner: '',
  dueYear: '',
  exposesApi: false,
  securityLevel: '',
  restrictedData: false,
};

/** The API's rules (resolvers/mutate.go, textpolicy): the same pattern and bounds. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,63}$/;
export const MAX_NAME = 300;

export interface FieldError {
  key: EditKey;
  detail?: string;
}

/** validate checks the values as the API will; create: the code is checked too. */
export function validate(v: FormValues, create: boolean): Partial<Record<Field, FieldError>> {
  const out: Partial<Record<Field, FieldError>> = {};
  if (create && !CODE_PATTERN.test(v.code.trim())) out.code = { key: v.code.trim() ? 'errCode' : 'required' };
  for (const f of ['name', 'nameEn'] as const) {
    const n = [...v[f].normalize('NFC').trim()].length;
    if (n === 0) out[f] = { key: 'required' };
    else if (n > MAX_NAME) out[f] = { key: 'errNameLen' };
  }
  if (v.dueYear.trim() !== '') {
    const y = Number(v.dueYear);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) out.dueYear = { key: 'errDueYear' };
  }
  if (v.securityLevel.trim() !== '') {
    const l = Number(v.securityLevel);
    if (!Number.isInteger(l) || l < 1 || l > 5) out.securityLevel = { key: 'errSecurityLevel' };
  }
  if (!v.layer) out.layer = { key: 'required' };
  return out;
}

const FIELD_ERRORS: Partial<Record<string, EditKey>> = {
  code: 'errCode',
  dueYear: 'errDueYear',
  securityLevel: 'errSecurityLevel',
  owner: 'errOwner',
  layer: 'errLayer',
};

/**
 * apiFieldError places an API refusal: the field it names (extensions.field) and a message key
 * of the page's language, with the API's own words as detail; null when it is about no field.
 */
export function apiFieldError(
  code: string,
  message: string,
  extensions: Readonly<Record<string, unknown>>,
  create: boolean,
): { field: Field; error: FieldError } | null {
  const f = typeof extensions.field === 'string' ? extensions.field : '';
  if (code === 'CONFLICT' && create) return { field: 'code', error: { key: 'errCodeTaken' } };
  if (!(FIELDS as readonly string[]).includes(f)) return null;
  const field = f as Field;
  if (field === 'name' || field === 'nameEn') {
    return {
      field,
      error: /too long|characters/.test(message) && !/U\+/.test(message) ? { key: 'errNameLen' } : { key: 'errText', detail: message },
    };
  }
  const key = FIELD_ERRORS[field];
  return { field, error: key ? { key, detail: message } : { key: 'errText', detail: message } };
}

/** changedFields lists the fields whose values differ between two forms. */
export function changedFields(a: FormValues, b: FormValues): Field[] {
  return FIELDS.filter((f) => a[f] !== b[f]);
}

/**
 * reapply puts one's own edits (the fields changed from `base`, the values the form was opened
 * with) onto `fresh`, the values of the newer revision; the other fields take the newer values.
 */
export function reapply(base: FormValues, mine: FormValues, fresh: FormValues): FormValues {
  const out = { ...fresh };
  for (const f of changedFields(base, mine)) (out as Record<Field, unknown>)[f] = mine[f];
  return out;
}

/** UpdateInput is what updateComponent takes: only the fields changed from base. */
export function updateInput(base: FormValues, v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of changedFields(base, v)) {
    if (f === 'code') continue;
    if (f === 'dueYear' || f === 'securityLevel') {
      if (v[f].trim() !== '') out[f] = Number(v[f]);
      continue;
    }
    out[f] = typeof v[f] === 'string' ? (v[f] as string).trim() : v[f];
  }
  return out;
}
