import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { graphql } from '../gql';
import { useQuery } from '../api';
import { useT } from '../hooks';
import { nameOf } from '../lib/i18n';
import { catalogHref, hitHref } from '../lib/url';
import { navigate, useLocation } from '../router';
import { labelName } from '../lib/labels';

const SuggestQuery = graphql(`
  query Suggest($text: String!) {
    search(text: $text, first: 8) {
      id
      code
      label
      name
      nameEn
    }
  }
`);

/** SUGGEST_DELAY_MS: typing pauses this long before suggestions are asked for. */
export const SUGGEST_DELAY_MS = 220;
const MIN_CHARS = 2;

/** useDebounced is value once it has stopped changing for ms. */
function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** SearchBox is the header's search: an ARIA 1.2 combobox whose listbox suggests nodes by code
 * or name (accent-insensitive, codes without punctuation: the API's search) while typing;
 * ↑/↓ move through the suggestions, Enter opens the one chosen (or searches the catalog for the
 * text), Escape closes the list and then clears the text. */
export function SearchBox() {
  const { lang, tr } = useT();
  const { search, pathname } = useLocation();
  const current = pathname === '/catalog' ? (search.get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setQ(current), [current]);

  const typed = q.trim();
  const asked = useDebounced(typed, SUGGEST_DELAY_MS);
  const ready = open && asked.length >= MIN_CHARS && asked === typed;
  const res = useQuery(SuggestQuery, { text: asked }, !ready);
  const hits = ready ? (res.data?.search ?? []) : [];
  // The last option searches the catalog for the text itself.
  const count = ready && (res.data || res.error) ? hits.length + 1 : 0;
  const expanded = count > 0;
  useEffect(() => setActive(-1), [asked]);

  const go = (to: string) => {
    setOpen(false);
    setActive(-1);
    navigate(to);
  };
  const all = () => catalogHref({ q: typed }, lang);
  const choose = (i: number) => {
    const h = hits[i];
    go(h ? hitHref(h, lang) : all());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (expanded && active >= 0) choose(active);
    else go(all());
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        else if (count > 0) setActive((a) => (a + 1) % count);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (count > 0) setActive((a) => (a <= 0 ? count - 1 : a - 1));
        break;
      case 'Home':
      case 'End':
        // Move the caret in the text (the combobox keeps them), not through the list.
        setActive(-1);
        break;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (q) {
          e.preventDefault();
          setQ('');
        }
        break;
    }
  };
  const optionId = (i: number) => `${listId}-o${i}`;
  const status = !ready
    ? ''
    : res.loading
      ? ''
      : res.error
        ? tr('suggestFailed')
        : hits.length === 0
          ? tr('suggestNone', { q: asked })
          : tr('suggestCount', { n: hits.length });
  return (
    <form className="searchbox" role="search" onSubmit={submit}>
      <label htmlFor="global-search" className="visually-hidden">
        {tr('searchLabel')}
      </label>
      <div className="combo">
        <input
          ref={input}
          id="global-search"
          type="search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
          }}
          onKeyDown={onKey}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
          placeholder={tr('searchPlaceholder')}
          autoComplete="off"
          data-testid="global-search"
        />
        <ul id={listId} role="listbox" aria-label={tr('suggestions')} className="suggest" hidden={!expanded} data-testid="suggestions">
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: the input keeps the focus and its blur does not close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(i);
              }}
            >
              <span className="badge">{labelName(lang, h.label)}</span> <span className="suggest-name">{nameOf(lang, h)}</span>{' '}
              <code>{h.code}</code>
            </li>
          ))}
          {expanded && (
            <li
              id={optionId(hits.length)}
              role="option"
              aria-selected={active === hits.length}
              className={active === hits.length ? 'active all' : 'all'}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(hits.length);
              }}
            >
              {tr('suggestAll', { q: typed })}
            </li>
          )}
        </ul>
        <span className="visually-hidden" role="status" aria-live="polite">
          {status}
        </span>
      </div>
      <button type="submit">{tr('searchButton')}</button>
    </form>
  );
}
