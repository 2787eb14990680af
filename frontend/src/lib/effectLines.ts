import type { PreviewComponentChangeMutation } from '../gql/graphql';
import { te } from './editI18n';
import { enumLabel, type Lang } from './i18n';

// The effect before saving (previewComponentChange, components/ChangeEffect.tsx) in sentences.

export type Effect = PreviewComponentChangeMutation['previewComponentChange'];

/** list joins codes, the first `max` of them, saying how many more there are. */
function list(lang: Lang, codes: readonly string[], total = codes.length, max = 10): string {
  const shown = codes.slice(0, max).join(', ');
  const more = total - Math.min(codes.length, max);
  return more > 0 ? `${shown} ${te(lang, 'effectMore', { n: more })}` : shown;
}

function state(lang: Lang, s: string): string {
  return enumLabel(lang, 'ConformanceState', s);
}

/** effectLines is the effect as sentences, each with a test id. A partial effect (the server
 * evaluated only the first agencies affected) says so first, and never "no change". */
export function effectLines(lang: Lang, e: Effect): { id: string; text: string; tone?: 'good' | 'bad' }[] {
  const out: { id: string; text: string; tone?: 'good' | 'bad' }[] = [];
  if (e.operation === 'RETIRE') {
    out.push(
      e.dependentsTotal > 0
        ? {
            id: 'dependents',
            tone: 'bad',
            text: te(lang, 'effectDependents', {
              n: e.dependentsTotal,
              all: e.transitiveDependents,
              list: list(
                lang,
                e.dependents.map((d) => d.code),
                e.dependentsTotal,
              ),
            }),
          }
        : { id: 'dependents', text: te(lang, 'effectNoDependents') },
    );
    if (e.usersTotal > 0)
      out.push({
        id: 'users',
        tone: 'bad',
        text: te(lang, 'effectUsers', {
          n: e.usersTotal,
          list: list(
            lang,
            e.users.map((u) => u.code),
            e.usersTotal,
          ),
        }),
      });
  }
  if (e.changed.length > 0) out.push({ id: 'changed', text: te(lang, 'effectChanged', { fields: e.changed.join(', ') }) });
  for (const g of e.conformance) {
    const lost =
      !g.met &&
      (g.before === 'REALIZED' || g.before === 'EXPLOITS_SHARED' || g.before === 'PROVIDED_BY_PROVINCE') &&
      (g.after === 'MISSING' || g.after === 'NOT_DEPLOYED');
    const key = g.met ? 'effectMet' : lost ? 'effectLost' : 'effectOther';
    const what = g.communes === g.count ? te(lang, 'effectCommunes', { n: g.count }) : te(lang, 'effectAgencies', { n: g.count });
    out.push({
      id: `conformance-${g.reference.code}`,
      tone: g.met ? 'good' : lost ? 'bad' : undefined,
      text: te(lang, key, {
        n: g.count,
        what,
        ref: g.reference.code,
        from: state(lang, g.before),
        to: state(lang, g.after),
        list: list(
          lang,
          g.agencies.map((a) => a.code),
          g.count,
        ),
      }),
    });
  }
  if (e.becomeConformant.length > 0)
    out.push({
      id: 'become',
      tone: 'good',
      text: te(lang, 'effectBecome', {
        n: e.becomeConformant.length,
        list: list(
          lang,
          e.becomeConformant.map((a) => a.code),
        ),
      }),
    });
  if (e.stopConformant.length > 0)
    out.push({
      id: 'stop',
      tone: 'bad',
      text: te(lang, 'effectStop', {
        n: e.stopConformant.length,
        list: list(
          lang,
          e.stopConformant.map((a) => a.code),
        ),
      }),
    });
  const dup = [...new Set(e.duplicatesAdded.map((d) => d.shared.code))];
  if (dup.length > 0)
    out.push({ id: 'duplicates', tone: 'bad', text: te(lang, 'effectDuplicates', { n: dup.length, list: list(lang, dup) }) });
  const ended = [...new Set(e.duplicatesRemoved.map((d) => d.shared.code))];
  if (ended.length > 0)
    out.push({ id: 'duplicates-ended', tone: 'good', text: te(lang, 'effectDuplicatesEnded', { list: list(lang, ended) }) });
  const viol = e.violationsAdded.map((v) => (v.component ? `${v.ruleCode} (${v.component.code})` : v.ruleCode));
  if (viol.length > 0)
    out.push({ id: 'violations', tone: 'bad', text: te(lang, 'effectViolations', { n: viol.length, list: list(lang, viol) }) });
  const res = e.violationsResolved.map((v) => (v.component ? `${v.ruleCode} (${v.component.code})` : v.ruleCode));
  if (res.length > 0)
    out.push({ id: 'resolved', tone: 'good', text: te(lang, 'effectResolved', { n: res.length, list: list(lang, res) }) });
  if (out.every((l) => l.id === 'changed' || l.id === 'dependents'))
    out.push(
      e.agenciesLimited
        ? { id: 'nothing', text: te(lang, 'effectNothingAmong', { n: e.agenciesChecked }) }
        : { id: 'nothing', text: te(lang, 'effectNothing') },
    );
  if (e.operation !== 'RETIRE' && e.inferred.length > 0)
    out.push({
      id: 'inferred',
      text: te(lang, 'effectInferred', {
        n: e.inferred.length,
        list: list(
          lang,
          e.inferred.map((x) => x.code),
        ),
      }),
    });
  if (e.operation !== 'RETIRE' && e.suggested.length > 0)
    out.push({
      id: 'suggested',
      text: te(lang, 'effectSuggested', {
        list: list(
          lang,
          e.suggested.map((x) => x.code),
        ),
      }),
    });
  if (e.agenciesLimited) out.unshift({ id: 'limited', tone: 'bad', text: te(lang, 'effectLimited', { n: e.agenciesChecked }) });
  return out;
}

/** The codes of errors that asking again cannot mend: the draft, the rights or the request
 * itself is at fault, so the form shows the reason and no retry. Every other code (a deadline, an
 * unavailable or restarting database, a lost connection, an internal error, a rate limit) may pass. */
const finalCodes = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'QUERY_TOO_COMPLEX',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'GRAPHQL_VALIDATION_FAILED',
]);

/** effectFailure is what the form says when the effect could not be computed (an error that is
 * not the save's answer): past the server's deadline or while it is unavailable (a Neo4j just
 * restarted plans every statement again: issue 19), a plain sentence in the page's language that
 * the save stays possible; otherwise the error. The form offers to ask again (retry) unless the
 * error is one that asking again cannot mend. */
export function effectFailure(lang: Lang, code: string, message: string): { text: string; retry: boolean } {
  if (code === 'TIMEOUT' || code === 'UNAVAILABLE') {
    return { text: te(lang, 'effectTimedOut'), retry: true };
  }
  return { text: te(lang, 'effectFailed', { message: `${message} (${code})` }), retry: !finalCodes.has(code) };
}
