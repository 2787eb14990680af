import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { graphql } from '../gql';
import { useQuery } from '../api';
import { QueryView } from '../components/Status';
import { Pager } from '../components/Pager';
import { LayerChip } from '../components/Bits';
import { useT, useTitle } from '../hooks';
import { AGENCY_LEVELS, AREA_TYPES, COMPONENT_KINDS, SCOPES, STATUSES, TIERS } from '../lib/enums';
import { enumLabel, formatNumber, nameOf, type MsgKey } from '../lib/i18n';
import { labelName } from '../lib/labels';
import { agenciesVars, catalogOptionsVars, componentsVars, referencesVars, searchVars } from '../lib/requests';
import {
  agencyHref,
  catalogHref,
  componentHref,
  cursorOffset,
  hitHref,
  parseCatalog,
  referenceHref,
  type CatalogState,
  type CatalogTab,
} from '../lib/url';
import { Link, navigate, useLocation } from '../router';

const SearchQuery = graphql(`
  query SearchPage($text: String!, $first: Int, $after: String) {
    searchHits(text: $text, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          label
          name
          nameEn
        }
      }
    }
  }
`);

const CatalogOptionsQuery = graphql(`
  query CatalogOptions($layer: String) {
    layers {
      code
      name
      nameEn
    }
    groups(layer: $layer) {
      code
      name
      nameEn
      layer {
        code
      }
    }
    frameworks {
      code
      name
      nameEn
    }
    provinces: agencies(first: 100, filter: { level: [PROVINCE] }) {
      edges {
        node {
          code
          name
          nameEn
        }
      }
    }
  }
`);

const ComponentsQuery = graphql(`
  query CatalogComponents($first: Int, $after: String, $filter: ComponentFilter) {
    components(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          name
          nameEn
          scope
          status
          kind
          layer {
            code
          }
          group {
            code
          }
          owner {
            code
            name
            nameEn
          }
        }
      }
    }
  }
`);

const AgenciesQuery = graphql(`
  query CatalogAgencies($first: Int, $after: String, $filter: AgencyFilter) {
    agencies(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          name
          nameEn
          level
          areaType
          province {
            code
            name
            nameEn
          }
        }
      }
    }
  }
`);

const ReferencesQuery = graphql(`
  query CatalogReferences($first: Int, $after: String, $filter: ReferenceComponentFilter) {
    referenceComponents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          ascii
          name
          nameEn
          tier
          areaType
          kind
          group {
            code
            layer {
              code
            }
          }
          realizedByCount
        }
      }
    }
  }
`);

function SearchResults({ s }: { s: CatalogState }) {
  const { lang, tr } = useT();
  const res = useQuery(SearchQuery, searchVars(s));
  const start = cursorOffset(s.after) + 1;
  return (
    <section aria-labelledby="search-results">
      <h2 id="search-results">{tr('searchResults', { q: s.q })}</h2>
      <QueryView state={res}>
        {(d) => {
          const c = d.searchHits;
          const total = c.totalCountExact ? formatNumber(lang, c.totalCount) : tr('atLeast', { n: c.totalCount });
          return c.edges.length === 0 ? (
            <p>{tr('searchNoResults', { q: s.q })}</p>
          ) : (
            <>
              <p className="stat-line" role="status" data-testid="search-total">
                {tr('searchTotal', { total, from: start, to: start + c.edges.length - 1 })}
              </p>
              <ol className="hits" data-testid="search-hits" start={start}>
                {c.edges.map(({ node: h }) => (
                  <li key={h.id}>
                    <span className="badge">{labelName(lang, h.label)}</span> <Link to={hitHref(h, lang)}>{nameOf(lang, h)}</Link>{' '}
                    <code>{h.code}</code>
                    {lang === 'vi' && h.nameEn && <span className="muted"> — {h.nameEn}</span>}
                    {lang === 'en' && h.nameEn && h.nameEn !== h.name && (
                      <span className="muted" lang="vi">
                        {' '}
                        — {h.name}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
              <Pager
                at={(after) => catalogHref({ q: s.q, after }, lang)}
                after={s.after}
                pageInfo={c.pageInfo}
                shown={start + c.edges.length - 1}
                total={c.totalCount}
              />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function Checks<T extends string>({
  legend,
  values,
  selected,
  label,
  onChange,
}: {
  legend: string;
  values: readonly T[];
  selected: readonly T[];
  label: (v: T) => string;
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v}>
          <input
            type="checkbox"
            checked={selected.includes(v)}
            onChange={(e) => onChange(e.target.checked ? [...selected, v] : selected.filter((x) => x !== v))}
          />{' '}
          {label(v)}
        </label>
      ))}
    </fieldset>
  );
}

function Select({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  const { tr } = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{tr('any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ s, set }: { s: CatalogState; set: (p: Partial<CatalogState>) => void }) {
  const { lang, tr } = useT();
  const opts = useQuery(CatalogOptionsQuery, catalogOptionsVars(s));
  const d = opts.data;
  const layerOpts = (d?.layers ?? []).map((l) => ({ value: l.code, label: `${l.code} — ${nameOf(lang, l)}` }));
  const groupOpts = (d?.groups ?? []).map((g) => ({ value: g.code, label: `${g.code} — ${nameOf(lang, g)}` }));
  const provinceOpts = (d?.provinces.edges ?? [])
    .map((e) => ({ value: e.node.code, label: nameOf(lang, e.node) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const frameworkOpts = (d?.frameworks ?? []).map((f) => ({ value: f.code, label: nameOf(lang, f) }));
  const synthOpts = [
    { value: 'true', label: tr('yes') },
    { value: 'false', label: tr('no') },
  ];
  const synth = s.synthetic === null ? '' : String(s.synthetic);
  const setSynth = (v: string) => set({ synthetic: v === '' ? null : v === 'true' });
  return (
    <form className="filters" aria-label={tr('filters')} onSubmit={(e) => e.preventDefault()}>
      {s.tab !== 'agencies' && (
        <>
          <Select id="f-layer" label={tr('layer')} value={s.layer} options={layerOpts} onChange={(v) => set({ layer: v, group: '' })} />
          <Select id="f-group" label={tr('group')} value={s.group} options={groupOpts} onChange={(v) => set({ group: v })} />
        </>
      )}
      {s.tab === 'components' && (
        <>
          <Select id="f-province" label={tr('province')} value={s.province} options={provinceOpts} onChange={(v) => set({ province: v })} />
          <Select id="f-synth" label={tr('synthetic')} value={synth} options={synthOpts} onChange={setSynth} />
          <Checks
            legend={tr('scope')}
            values={SCOPES}
            selected={s.scope}
            label={(v) => enumLabel(lang, 'Scope', v)}
            onChange={(v) => set({ scope: v })}
          />
          <Checks
            legend={tr('status')}
            values={STATUSES}
            selected={s.status}
            label={(v) => enumLabel(lang, 'Status', v)}
            onChange={(v) => set({ status: v })}
          />
          <Checks
            legend={tr('kind')}
            values={COMPONENT_KINDS}
            selected={s.kind}
            label={(v) => enumLabel(lang, 'ComponentKind', v)}
            onChange={(v) => set({ kind: v })}
          />
        </>
      )}
      {s.tab === 'agencies' && (
        <>
          <Select id="f-province" label={tr('province')} value={s.province} options={provinceOpts} onChange={(v) => set({ province: v })} />
          <Select
            id="f-area"
            label={tr('areaType')}
            value={s.areaType ?? ''}
            options={AREA_TYPES.map((a) => ({ value: a, label: enumLabel(lang, 'AreaType', a) }))}
            onChange={(v) => set({ areaType: AREA_TYPES.find((a) => a === v) ?? null })}
          />
          <Select id="f-synth" label={tr('synthetic')} value={synth} options={synthOpts} onChange={setSynth} />
          <Checks
            legend={tr('level')}
            values={AGENCY_LEVELS}
            selected={s.level}
            label={(v) => enumLabel(lang, 'AgencyLevel', v)}
            onChange={(v) => set({ level: v })}
          />
        </>
      )}
      {s.tab === 'references' && (
        <>
          <Select
            id="f-framework"
            label={tr('framework')}
            value={s.framework}
            options={frameworkOpts}
            onChange={(v) => set({ framework: v })}
          />
          <Select
            id="f-area"
            label={tr('areaType')}
            value={s.areaType ?? ''}
            options={AREA_TYPES.map((a) => ({ value: a, label: enumLabel(lang, 'AreaType', a) }))}
            onChange={(v) => set({ areaType: AREA_TYPES.find((a) => a === v) ?? null })}
          />
          <Checks
            legend={tr('tier')}
            values={TIERS}
            selected={s.tier}
            label={(v) => enumLabel(lang, 'Tier', v)}
            onChange={(v) => set({ tier: v })}
          />
        </>
      )}
      <p>
        <Link to={catalogHref({ tab: s.tab }, lang)}>{tr('clearFilters')}</Link>
      </p>
    </form>
  );
}

function Results({ s }: { s: CatalogState }) {
  switch (s.tab) {
    case 'components':
      return <ComponentResults s={s} />;
    case 'agencies':
      return <AgencyResults s={s} />;
    case 'references':
      return <ReferenceResults s={s} />;
  }
}

function Table({ head, children }: { head: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="list">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function ComponentResults({ s }: { s: CatalogState }) {
  const { lang, tr } = useT();
  const res = useQuery(ComponentsQuery, componentsVars(s));
  return (
    <QueryView state={res}>
      {(d) => (
        <>
          <p className="stat-line" role="status">
            {tr('resultsCount', { n: d.components.totalCount })}
          </p>
          <Table head={[tr('code'), tr('name'), tr('layer'), tr('scope'), tr('status'), tr('owner')]}>
            {d.components.edges.map(({ node: c }) => (
              <tr key={c.id}>
                <td>
                  <Link to={componentHref(c.code, lang)}>
                    <code>{c.code}</code>
                  </Link>
                </td>
                <td>{nameOf(lang, c)}</td>
                <td>
                  <LayerChip code={c.layer.code} /> {c.group ? <code>{c.group.code}</code> : null}
                </td>
                <td>{enumLabel(lang, 'Scope', c.scope)}</td>
                <td>{enumLabel(lang, 'Status', c.status)}</td>
                <td>{c.owner ? <Link to={agencyHref(c.owner.code, lang)}>{nameOf(lang, c.owner)}</Link> : '—'}</td>
              </tr>
            ))}
          </Table>
          <Pager
            at={(after) => catalogHref({ ...s, after }, lang)}
            after={s.after}
            pageInfo={d.components.pageInfo}
            shown={d.components.edges.length}
            total={d.components.totalCount}
          />
        </>
      )}
    </QueryView>
  );
}

function AgencyResults({ s }: { s: CatalogState }) {
  const { lang, tr } = useT();
  const res = useQuery(AgenciesQuery, agenciesVars(s));
  return (
    <QueryView state={res}>
      {(d) => (
        <>
          <p className="stat-line" role="status">
            {tr('resultsCount', { n: d.agencies.totalCount })}
          </p>
          <Table head={[tr('code'), tr('name'), tr('level'), tr('areaType'), tr('province')]}>
            {d.agencies.edges.map(({ node: a }) => (
              <tr key={a.id}>
                <td>
                  <Link to={agencyHref(a.code, lang)}>
                    <code>{a.code}</code>
                  </Link>
                </td>
                <td>{nameOf(lang, a)}</td>
                <td>{enumLabel(lang, 'AgencyLevel', a.level)}</td>
                <td>{a.areaType ? enumLabel(lang, 'AreaType', a.areaType) : '—'}</td>
                <td>{a.province ? <Link to={agencyHref(a.province.code, lang)}>{nameOf(lang, a.province)}</Link> : '—'}</td>
              </tr>
            ))}
          </Table>
          <Pager
            at={(after) => catalogHref({ ...s, after }, lang)}
            after={s.after}
            pageInfo={d.agencies.pageInfo}
            shown={d.agencies.edges.length}
            total={d.agencies.totalCount}
          />
        </>
      )}
    </QueryView>
  );
}

function ReferenceResults({ s }: { s: CatalogState }) {
  const { lang, tr } = useT();
  const res = useQuery(ReferencesQuery, referencesVars(s));
  return (
    <QueryView state={res}>
      {(d) => (
        <>
          <p className="stat-line" role="status">
            {tr('resultsCount', { n: d.referenceComponents.totalCount })}
          </p>
          <Table head={[tr('code'), tr('name'), tr('group'), tr('tier'), tr('realizedBy')]}>
            {d.referenceComponents.edges.map(({ node: r }) => (
              <tr key={r.id}>
                <td>
                  <Link to={referenceHref(r.code, lang)}>
                    <code>{r.code}</code>
                  </Link>
                </td>
                <td>{nameOf(lang, r)}</td>
                <td>
                  <LayerChip code={r.group.layer.code} /> <code>{r.group.code}</code>
                </td>
                <td>
                  {enumLabel(lang, 'Tier', r.tier)}
                  {r.areaType ? ` · ${enumLabel(lang, 'AreaType', r.areaType)}` : ''}
                </td>
                <td className="num">{formatNumber(lang, r.realizedByCount)}</td>
              </tr>
            ))}
          </Table>
          <Pager
            at={(after) => catalogHref({ ...s, after }, lang)}
            after={s.after}
            pageInfo={d.referenceComponents.pageInfo}
            shown={d.referenceComponents.edges.length}
            total={d.referenceComponents.totalCount}
          />
        </>
      )}
    </QueryView>
  );
}

const TABS: readonly { tab: CatalogTab; key: MsgKey }[] = [
  { tab: 'components', key: 'tabComponents' },
  { tab: 'agencies', key: 'tabAgencies' },
  { tab: 'references', key: 'tabReferences' },
];

export function Catalog() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = parseCatalog(search);
  useTitle(s.q ? tr('searchResults', { q: s.q }) : tr('catalogTitle'));
  const [q, setQ] = useState(s.q);
  useEffect(() => setQ(s.q), [s.q]);
  const set = (p: Partial<CatalogState>) => navigate(catalogHref({ ...s, after: '', ...p }, lang));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: q.trim() });
  };
  return (
    <section className="catalog">
      <h1>{tr('catalogTitle')}</h1>
      <p className="intro">{tr('catalogIntro')}</p>
      <form className="searchbox big" role="search" onSubmit={submit}>
        <label htmlFor="catalog-search" className="visually-hidden">
          {tr('searchLabel')}
        </label>
        <input
          id="catalog-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={tr('searchPlaceholder')}
          data-testid="catalog-search"
        />
        <button type="submit">{tr('searchButton')}</button>
        {s.q && (
          <Link to={catalogHref({ ...s, q: '', after: '' }, lang)} className="button-link">
            {tr('clearSearch')}
          </Link>
        )}
      </form>
      {s.q ? (
        <SearchResults s={s} />
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={tr('catalogTitle')}>
            {TABS.map((x) => (
              <Link
                key={x.tab}
                role="tab"
                aria-selected={s.tab === x.tab}
                to={catalogHref({ tab: x.tab }, lang)}
                className={s.tab === x.tab ? 'tab active' : 'tab'}
              >
                {tr(x.key)}
              </Link>
            ))}
          </div>
          <div className="catalog-body">
            <Filters s={s} set={set} />
            <div className="catalog-results" role="tabpanel">
              <Results s={s} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
