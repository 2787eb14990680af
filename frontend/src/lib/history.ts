// A component's history as the API lists it (componentVersions: oldest first, each component's
// earlier property values and then the component itself), turned into the rows of a table:
// each version from the day its values began until the next version began (or the component was
// retired). A code that was reused after a retirement gives several components: one group each.

export interface VersionFields {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  scope: string;
  status: string;
  dueYear?: number | null;
  exposesApi: boolean;
  /** Since when the component exists (null: since before records began). */
  validFrom?: string | null;
  /** The day it was retired; null while it is current. */
  validTo?: string | null;
  /** Since when these values hold (null: since validFrom). */
  versionFrom?: string | null;
}

/** The property values a version holds, compared from one version to the next. */
export const HISTORY_FIELDS = ['name', 'nameEn', 'status', 'scope', 'kind', 'exposesApi', 'dueYear'] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

export interface HistoryRow<V extends VersionFields> {
  version: V;
  /** The first day these values held; null: since before records began. */
  from: string | null;
  /** The first day they no longer held (the next version's first day, or the retirement); null: they still hold. */
  until: string | null;
  /** The values the component has now (the last version of a component that is not retired). */
  current: boolean;
  /** The fields that differ from the previous version (none for the first). */
  changed: HistoryField[];
}

export interface HistoryGroup<V extends VersionFields> {
  id: string;
  code: string;
  validFrom: string | null;
  /** The day the component was retired; null while it is current. */
  validTo: string | null;
  rows: HistoryRow<V>[];
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** componentIdOf is the id of the component a version belongs to: an earlier version's id is the
 * component's id, "@" and the day the version ended. */
export const componentIdOf = (id: string): string => id.split('@')[0] ?? id;

/** historyGroups groups the versions by component (in the API's order) and dates each one. */
export function historyGroups<V extends VersionFields>(versions: readonly V[]): HistoryGroup<V>[] {
  const byId = new Map<string, V[]>();
  for (const v of versions) {
    const key = componentIdOf(v.id);
    const list = byId.get(key);
    if (list) list.push(v);
    else byId.set(key, [v]);
  }
  const out: HistoryGroup<V>[] = [];
  for (const [id, vs] of byId) {
    const last = vs[vs.length - 1];
    if (!last) continue;
    const validTo = last.validTo ?? null;
    const froms = vs.map((v) => v.versionFrom ?? v.validFrom ?? null);
    const rows = vs.map((v, i): HistoryRow<V> => {
      const prev = i > 0 ? vs[i - 1] : undefined;
      return {
        version: v,
        from: froms[i] ?? null,
        until: i + 1 < vs.length ? (froms[i + 1] ?? null) : validTo,
        current: i === vs.length - 1 && validTo === null,
        changed: prev ? HISTORY_FIELDS.filter((f) => !same(prev[f], v[f])) : [],
      };
    });
    out.push({ id, code: last.code, validFrom: last.validFrom ?? null, validTo, rows });
  }
  return out;
}

/** validOnNoDay: a version that began the day it ended (a component updated and retired on one day). */
export function validOnNoDay(row: { from: string | null; until: string | null }): boolean {
  return row.from !== null && row.until !== null && row.until <= row.from;
}
