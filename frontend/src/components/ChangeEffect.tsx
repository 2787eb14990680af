import { useEffect, useId, useState } from 'react';
import { graphql } from '../gql';
import type { ComponentChangeInput, PreviewComponentChangeMutation } from '../gql/graphql';
import { ApiError, gqlRequest } from '../api';
import { te } from '../lib/editI18n';
import { effectFailure, effectLines } from '../lib/effectLines';
import type { Lang } from '../lib/i18n';

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
  | { kind: 'failed'; error: ApiError; retry?: () => void };

/** The wait after the last edit before the effect is asked for. */
const DEBOUNCE_MS = 500;

/** usePreview asks the server for change's effect (null: nothing to preview), once the form rests. */
export function usePreview(change: ComponentChangeInput | null): PreviewState {
  const key = change ? JSON.stringify(change) : '';
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  // Asked again (the form's retry after a failure): a new round of the effect below.
  const [round, setRound] = useState(0);
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
          setState(refused ? { kind: 'refused', error: err } : { kind: 'failed', error: err, retry: () => setRound((r) => r + 1) });
        },
      );
    const timer = setTimeout(() => void ask(1), DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [key, round]);
  return state;
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
        {s.kind === 'failed' && <EffectFailed lang={lang} error={s.error} retry={s.retry} />}
        {s.kind === 'done' && (
          <>
            <ul className="effect-list">
              {effectLines(lang, s.effect).map((l) => (
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

/** EffectFailed says why there is no effect to show, and offers to ask again when that may help. */
function EffectFailed({ lang, error, retry }: { lang: Lang; error: ApiError; retry?: () => void }) {
  const f = effectFailure(lang, error.code, error.message);
  return (
    <div className="notice bad" data-testid="effect-failed" data-code={error.code}>
      <p>{f.text}</p>
      {f.retry && retry && (
        <button type="button" onClick={retry} data-testid="effect-retry">
          {te(lang, 'effectRetry')}
        </button>
      )}
    </div>
  );
}
