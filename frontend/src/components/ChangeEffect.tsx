import { useEffect, useId, useState } from 'react';
import { graphql } from '../gql';
import type { ComponentChangeInput, PreviewComponentChangeMutation } from '../gql/graphql';
import { ApiError, gqlRequest } from '../api';
import { te } from '../lib/editI18n';
import { enumLabel, type Lang } from '../lib/i18n';

// Effect before saving: what the component form's save would do, as the server computes it by
// running the save in a transaction it rolls back (previewComponentChange). Nothing here
// guesses: a refused save is shown refused with the API's own message.

const Preview = graphql(`
  mutation PreviewComponentChange($change: ComponentChangeInput!) {
    previewComponentChange(change: $change) {
      operation
      changed
      conformance {
        reference {
          code
        }
        before
        after
        met
        count
        communes
        agencies {
          code
        }
      }
      becomeConformant {
        code
      }
      stopConformant {
        code
      }
      agenciesChecked
      agenciesLimited
      duplicatesAdded {
        shared {
          code
        }
      }
      duplicatesRemoved {
        shared {
          code
        }
      }
      inferred {
        code
      }
      suggested {
        code
      }
      violationsAdded {
        ruleCode
        component {
          code
        }
      }
      violationsResolved {
        ruleCode
        component {
          code
        }
      }
      dependents {
        code
      }
      dependentsTotal
      transitiveDependents
      users {
        code
      }
      usersTotal
    }
  }
`);

type Effect = PreviewComponentChangeMutation['previewComponentChange'];

export type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'done'; effect: Effect }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'failed'; error: ApiError };

/** The wait after the last edit before the effect is asked for. */
const DEBOUNCE_MS = 500;

/** usePreview asks the server for change's effect (null: nothing to preview), once the form rests. */
export function usePreview(change: ComponentChangeInput | null): PreviewState {
  const key = change ? JSON.stringify(change) : '';
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  useEffect(() => {
    if (!key) {
      setState({ kind: 'idle' });
      return;
    }
    setState({ kind: 'loading' });
    const ctl = new AbortController();
    const ask = (tries: number) =>
      gqlRequest(Preview, { change: JSON.parse(key) as ComponentChangeInput }, ctl.signal).then(
        (d) => setState({ kind: 'done', effect: d.previewComponentChange }),
        (e: unknown) => {
          if (ctl.signal.aborted) return;
          const err = e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null);
          // A busy server may run past its deadline once (a cold start): asked again, once.
          if ((err.code === 'TIMEOUT' || err.code === 'UNAVAILABLE') && tries > 0) {
            void ask(tries - 1);
            return;
          }
          // The save's own refusals; anything else (a timeout, the network) is not the save's answer.
          const refused = ['FORBIDDEN', 'CONFLICT', 'BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED'].includes(err.code);
          setState({ kind: refused ? 'refused' : 'failed', error: err });
        },
      );
    const timer = setTimeout(() => void ask(1), DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [key]);
  return state;
}

/** list joins codes, the first `max` of them, saying how many more there are. */
function list(lang: Lang, codes: readonly string[], total = codes.length, max = 10): string {
  const shown = codes.slice(0, max).join(', ');
  const more = total - Math.min(codes.length, max);
  return more > 0 ? `${shown} ${te(lang, 'effectMore', { n: more })}` : shown;
}

function state(lang: Lang, s: string): string {
  return enumLabel(lang, 'ConformanceState', s);
}

/** Lines is the effect as sentences, each with a test id. */
function lines(lang: Lang, e: Effect): { id: string; text: string; tone?: 'good' | 'bad' }[] {
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
  if (out.every((l) => l.id === 'changed' || l.id === 'dependents')) out.push({ id: 'nothing', text: te(lang, 'effectNothing') });
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
  if (e.agenciesLimited) out.push({ id: 'limited', text: te(lang, 'effectLimited', { n: e.agenciesChecked }) });
  return out;
}

/** ChangeEffect shows what saving `change` would do (nothing while change is null). */
export function ChangeEffect({ lang, change, retire = false }: { lang: Lang; change: ComponentChangeInput | null; retire?: boolean }) {
  const s = usePreview(change);
  return <EffectPanel lang={lang} state={s} title={te(lang, retire ? 'effectRetireTitle' : 'effectTitle')} />;
}

/** EffectPanel shows a preview's state (usePreview) under title; level: its heading's level. */
export function EffectPanel({ lang, state: s, title, level = 2 }: { lang: Lang; state: PreviewState; title: string; level?: 2 | 3 | 4 }) {
  const id = useId();
  if (s.kind === 'idle') return null;
  const H = `h${level}` as 'h2' | 'h3' | 'h4';
  return (
    <section className="effect" aria-labelledby={`${id}-title`} data-testid="effect" data-state={s.kind}>
      <H id={`${id}-title`}>{title}</H>
      <div aria-live="polite">
        {s.kind === 'loading' && <p className="muted">{te(lang, 'effectLoading')}</p>}
        {s.kind === 'refused' && (
          <p className="notice bad" data-testid="effect-refused">
            {te(lang, 'effectRefused')}
            <span lang="en">{s.error.message}</span> ({s.error.code})
          </p>
        )}
        {s.kind === 'failed' && (
          <p className="notice bad" data-testid="effect-failed">
            {te(lang, 'effectFailed', { message: `${s.error.message} (${s.error.code})` })}
          </p>
        )}
        {s.kind === 'done' && (
          <>
            <ul className="effect-list">
              {lines(lang, s.effect).map((l) => (
                <li key={l.id} data-testid={`effect-${l.id}`} className={l.tone}>
                  {l.text}
                </li>
              ))}
            </ul>
            <p className="hint">{te(lang, 'effectIntro')}</p>
          </>
        )}
      </div>
    </section>
  );
}
