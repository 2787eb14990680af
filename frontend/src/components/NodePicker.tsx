import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { graphql } from '../gql';
import { gqlRequest } from '../api';
import { useT } from '../hooks';
import { nameOf } from '../lib/i18n';
import { te } from '../lib/editI18n';

const NodeSearch = graphql(`
  query NodeSearch($text: String!, $label: String) {
    search(text: $text, first: 12, label: $label) {
      id
      code
      label
      name
      nameEn
    }
  }
`);

export interface PickedNode {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

/**
 * NodePicker is a combobox over the accent-insensitive search, limited to one label: type a
 * code or a name ("ha noi", "NDXP", "dinh danh"), move with the arrows, pick with Enter.
 * exclude: codes not to offer (already related).
 */
export function NodePicker({
  label,
  nodeLabel,
  onPick,
  exclude = [],
  testId,
  disabled = false,
}: {
  label: string;
  nodeLabel: 'Component' | 'Agency' | 'ReferenceComponent' | 'Capability';
  onPick: (n: PickedNode) => void;
  exclude?: readonly string[];
  testId?: string;
  disabled?: boolean;
}) {
  const { lang } = useT();
  const id = useId();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<PickedNode[] | null>(null);
  const [active, setActive] = useState(-1);
  const excluded = exclude.join('\n');

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setOptions(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      gqlRequest(NodeSearch, { text: q, label: nodeLabel }, ctl.signal).then(
        (d) => {
          const skip = new Set(excluded.split('\n'));
          setOptions(d.search.filter((h) => !skip.has(h.code)).slice(0, 10));
          setActive(0);
        },
        () => setOptions([]),
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, nodeLabel, excluded]);

  const pick = (n: PickedNode) => {
    setText('');
    setOptions(null);
    setActive(-1);
    onPick(n);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = options?.length ?? 0;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const o = options?.[active];
      if (o) pick(o);
    } else if (e.key === 'Escape') {
      setOptions(null);
    }
  };

  const listId = `${id}-list`;
  const open = options !== null;
  return (
    <div className="picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 && options[active] ? `${id}-opt-${active}` : undefined}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        onBlur={() => setTimeout(() => setOptions(null), 200)}
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
      />
      <ul id={listId} role="listbox" className="picker-list" hidden={!open}>
        {open && options.length === 0 && <li className="muted">{te(lang, 'noResults')}</li>}
        {options?.map((o, i) => (
          <li
            key={o.code}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            <code>{o.code}</code> {nameOf(lang, o)}
          </li>
        ))}
      </ul>
    </div>
  );
}
