import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { graphql } from '../gql';
import { gqlRequest } from '../api';
import { useT } from '../hooks';
import { nameOf } from '../lib/i18n';

const PickerSearch = graphql(`
  query PickerSearch($text: String!) {
    search(text: $text, first: 20) {
      id
      code
      label
      name
      nameEn
    }
  }
`);

interface Option {
  code: string;
  name: string;
  nameEn: string;
}

/** ComponentPicker is a combobox: type a code or a name, pick a component from the search. */
export function ComponentPicker({ value, onPick, label }: { value: string; onPick: (code: string) => void; label: string }) {
  const { lang } = useT();
  const id = useId();
  const [text, setText] = useState(value);
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => setText(value), [value]);

  useEffect(() => {
    const q = text.trim();
    if (!open || q.length < 2 || q === value) {
      setOptions([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      gqlRequest(PickerSearch, { text: q }, ctl.signal).then(
        (d) => {
          setOptions(d.search.filter((h) => h.label === 'Component').slice(0, 10));
          setActive(-1);
        },
        () => setOptions([]),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, open, value]);

  const pick = (code: string) => {
    setOpen(false);
    setOptions([]);
    setText(code);
    onPick(code);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && options.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp' && options.length) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const o = options[active];
      pick(o ? o.code : text.trim());
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const showList = open && options.length > 0;
  return (
    <div className="picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${id}-opt-${active}` : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKey}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        autoComplete="off"
        spellCheck={false}
        data-testid="impact-of"
      />
      <ul id={listId} role="listbox" className="picker-list" hidden={!showList}>
        {options.map((o, i) => (
          <li
            key={o.code}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o.code);
            }}
          >
            <code>{o.code}</code> {nameOf(lang, o)}
          </li>
        ))}
      </ul>
    </div>
  );
}
