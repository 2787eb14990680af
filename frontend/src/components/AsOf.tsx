// The "as of" day of the analysis views: a native date control (the page keeps the day in its
// URL, ?asOf=YYYY-MM-DD) and the banner that says the page shows the model of an earlier day.

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../hooks';
import { formatDay } from '../lib/i18n';
import { asOfProblem, isDate, vietnamToday } from '../lib/url';
import { graphql } from '../gql';
import { useQuery } from '../api';

/** A typed day is applied once it has stayed the same this long (or on Enter, or on leaving the field). */
export const ASOF_COMMIT_DELAY_MS = 400;
/**
 * The earliest day the control offers. While a year is being typed the field goes through days
 * such as 0002-11-27 and 0020-11-27; those are not applied.
 */
export const ASOF_MIN = '1900-01-01';

/** committable: a complete day the control applies (a day after today is applied too: the API says why not). */
function committable(v: string): boolean {
  return isDate(v) && v >= ASOF_MIN;
}

/**
 * AsOfControl picks the day the page shows the model as of: value is the URL's asOf (null: now),
 * onChange receives a day or null ("Now" clears it).
 */
export function AsOfControl({ value, onChange }: { value: string | null; onChange: (asOf: string | null) => void }) {
  const { tr } = useT();
  const id = useId();
  const today = vietnamToday();
  const fromUrl = value !== null && isDate(value) ? value : '';
  const [draft, setDraft] = useState(fromUrl);
  useEffect(() => setDraft(fromUrl), [fromUrl]);
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    if (draft === fromUrl || !committable(draft)) return;
    const timer = setTimeout(() => change.current(draft), ASOF_COMMIT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, fromUrl]);

  const commitNow = () => {
    if (draft === fromUrl) return;
    if (committable(draft)) change.current(draft);
    else setDraft(fromUrl); // an unfinished or cleared field: back to the page's day
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commitNow();
    }
  };
  const invalid = value !== null && asOfProblem(value, today) !== null;

  return (
    <div className="field asof-field">
      <label htmlFor={id}>{tr('asOfLabel')}</label>
      <span className="asof-row">
        <input
          id={id}
          type="date"
          min={ASOF_MIN}
          max={today}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commitNow}
          onKeyDown={onKey}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-help`}
          data-testid="asof-input"
        />
        <button
          type="button"
          onClick={() => {
            setDraft('');
            change.current(null);
          }}
          disabled={value === null}
          aria-label={tr('asOfNowLabel')}
          data-testid="asof-now"
        >
          {tr('asOfNow')}
        </button>
      </span>
      <span id={`${id}-help`} className="visually-hidden">
        {tr('asOfHelp')}
      </span>
    </div>
  );
}

/**
 * AsOfBanner says that the page shows the model of a day, not the current one; nothing for now,
 * or for a value that is not a day up to today (the page shows the API's error for that).
 */
export function AsOfBanner({ asOf, onNow }: { asOf: string | null; onNow: () => void }) {
  const { lang, tr } = useT();
  const today = vietnamToday();
  if (asOf === null || asOfProblem(asOf, today) !== null) return null;
  return (
    <div className="note asof-banner" role="status" data-testid="asof-banner">
      <p>
        <strong>
          {tr('asOfBanner', { day: formatDay(lang, asOf) })}
          {asOf === today ? ` (${tr('asOfToday')})` : ''}
        </strong>{' '}
        <time dateTime={asOf} className="muted">
          ({asOf})
        </time>{' '}
        <button type="button" onClick={onNow}>
          {tr('asOfBackToNow')}
        </button>
      </p>
      <p className="small">{tr('asOfBannerNote')}</p>
    </div>
  );
}

const RecordedSinceQuery = graphql(`
  query RecordedSince {
    recordedSince
  }
`);

/**
 * useRecordedSince tells whether a page's day is before the first recorded day (the API's
 * recordedSince): then nothing was recorded, and the page must say so rather than show zeros.
 */
export function useRecordedSince(asOf: string | null): { first: string | null; before: boolean; loading: boolean } {
  const q = useQuery(RecordedSinceQuery, {}, asOf === null);
  const first = q.data?.recordedSince ?? null;
  // A day that is not one (2026-02-30) is not "before the records": the API refuses it, and the
  // page shows that refusal.
  const before = asOf !== null && first !== null && isDay(asOf) && asOf < first;
  return { first, before, loading: asOf !== null && q.loading };
}

/** isDay: s is a real calendar day written YYYY-MM-DD. */
function isDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** NothingRecorded: the page's day is before the records begin; offers the first recorded day. */
export function NothingRecorded({ asOf, first, onFirst }: { asOf: string; first: string; onFirst: (day: string) => void }) {
  const { lang, tr } = useT();
  return (
    <div className="note nothing-recorded" role="status" data-testid="nothing-recorded">
      <p>
        <strong>{tr('nothingRecorded', { day: formatDay(lang, asOf), first: formatDay(lang, first) })}</strong>
      </p>
      <p>
        <button type="button" onClick={() => onFirst(first)}>
          {tr('goToFirstDay', { first: formatDay(lang, first) })}
        </button>
      </p>
    </div>
  );
}
