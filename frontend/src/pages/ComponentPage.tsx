import { useEffect } from 'react';
import { graphql } from '../gql';
import { ApiError, useQuery } from '../api';
import { Neighbourhood, prefetchNeighbourhood } from './Neighbourhood';
import { ErrorBox, QueryView } from '../components/Status';
import { Facts, LayerChip } from '../components/Bits';
import { Pager } from '../components/Pager';
import { useT, useTitle } from '../hooks';
import { enumLabel, formatDay, formatNumber, nameOf, type Lang } from '../lib/i18n';
import { componentVars } from '../lib/requests';
import { historyGroups, validOnNoDay, type HistoryField, type HistoryRow, type VersionFields } from '../lib/history';
import { agencyHref, catalogHref, componentHref, editHref, href, impactHref, nodeHref, referenceHref } from '../lib/url';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { te } from '../lib/editI18n';

const ComponentQuery = graphql(`
  query ComponentDetail($code: String!, $after: String) {
    component(code: $code) {
      id
      code
      name
      nameEn
      kind
      scope
      status
      dueYear
      exposesApi
      synthetic
      source
      validFrom
      validTo
      versionFrom
      layer {
        id
        code
        name
        nameEn
      }
      group {
        id
        code
        name
        nameEn
      }
      owner {
        code
        name
        nameEn
        level
      }
      dependsOn {
        id
        code
        name
        nameEn
        layer {
          code
        }
      }
      dependents(first: 25, after: $after) {
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
            layer {
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
      realizes {
        id
        code
        name
        nameEn
        tier
      }
      provides {
        id
        code
        name
        nameEn
      }
      usedBy {
        id
        code
        name
        nameEn
        level
      }
    }
  }
`);

const VersionsQuery = graphql(`
  query ComponentVersions($of: ID!) {
    componentVersions(of: $of) {
      id
      code
      name
      nameEn
      kind
      scope
      status
      dueYear
      exposesApi
      validFrom
      validTo
      versionFrom
    }
  }
`);

function Day({ day, lang, style = 'short' }: { day: string; lang: Lang; style?: 'long' | 'short' }) {
  return <time dateTime={day}>{formatDay(lang, day, style)}</time>;
}

/**
 * ComponentHistory lists every version of the components that had the code, oldest first (one
 * table per component: a code reused after a retirement has several). currentId: the component
 * the page shows (null: none has the code now). A code nothing ever had shows nothing.
 */
function ComponentHistory({ code, currentId }: { code: string; currentId: string | null }) {
  const { lang, tr } = useT();
  const res = useQuery(VersionsQuery, { of: code });
  if (currentId === null && res.error?.code === 'NOT_FOUND') return null;
  const cell = (row: HistoryRow<VersionFields>, field: HistoryField, value: string) =>
    row.changed.includes(field) ? (
      <td className="changed" title={tr('historyChanged')}>
        {value}
        <span className="visually-hidden"> ({tr('historyChanged')})</span>
      </td>
    ) : (
      <td>{value}</td>
    );
  return (
    <section className="history" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">{tr('history')}</h2>
      <p className="muted small">{tr('historyIntro')}</p>
      <QueryView state={res}>
        {(d) =>
          historyGroups(d.componentVersions).map((g) => (
            <div key={g.id} className="history-group" data-testid="history-group">
              {((currentId !== null && g.id !== currentId) || g.validTo !== null) && (
                <h3>
                  {currentId !== null && g.id !== currentId ? `${tr('historyOther', { code: g.code })}. ` : ''}
                  {g.validTo !== null ? tr('historyRetiredOn', { day: formatDay(lang, g.validTo) }) : ''}
                </h3>
              )}
              <div className="table-wrap">
                <table className="list history-table" data-testid="history-table">
                  <caption className="visually-hidden">
                    {tr('history')} · {g.code} · {tr('historyVersions', { n: g.rows.length })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr('historyFrom')}</th>
                      <th scope="col">{tr('historyUntil')}</th>
                      <th scope="col">{tr('name')}</th>
                      <th scope="col">{tr('status')}</th>
                      <th scope="col">{tr('scope')}</th>
                      <th scope="col">{tr('kind')}</th>
                      <th scope="col">{tr('exposesApi')}</th>
                      <th scope="col">{tr('dueYear')}</th>
                      <th scope="col">{tr('historyImpact')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.rows.map((row, i) => {
                      const v = row.version;
                      const noDay = validOnNoDay(row);
                      return (
                        <tr key={i} className={row.current ? 'current' : undefined} data-testid="history-row">
                          <td>{row.from !== null ? <Day day={row.from} lang={lang} /> : tr('beforeRecords')}</td>
                          <td>
                            {row.until !== null ? <Day day={row.until} lang={lang} /> : tr('historyNow')}
                            {row.current && <span className="badge">{tr('historyCurrent')}</span>}
                            {noDay && <span className="muted small"> ({tr('historyNoDay')})</span>}
                          </td>
                          {cell(row, lang === 'en' ? 'nameEn' : 'name', nameOf(lang, v))}
                          {cell(row, 'status', enumLabel(lang, 'Status', v.status))}
                          {cell(row, 'scope', enumLabel(lang, 'Scope', v.scope))}
                          {cell(row, 'kind', enumLabel(lang, 'ComponentKind', v.kind))}
                          {cell(row, 'exposesApi', v.exposesApi ? tr('yes') : tr('no'))}
                          {cell(row, 'dueYear', String(v.dueYear ?? '—'))}
                          <td>
                            {row.from !== null && !noDay ? (
                              <Link
                                to={impactHref(
                                  { of: g.id === currentId ? g.code : g.id, depth: 3, dir: 'DEPENDENTS', asOf: row.from },
                                  lang,
                                )}
                                aria-label={tr('historyImpactOn', { day: formatDay(lang, row.from) })}
                              >
                                {formatDay(lang, row.from, 'short')}
                              </Link>
                            ) : (
                              '—'
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          ))
        }
      </QueryView>
    </section>
  );
}

export function ComponentPage({ code }: { code: string }) {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const after = search.get('after') ?? '';
  const res = useQuery(ComponentQuery, componentVars(code, after));
  // The neighbourhood (graph and its request) starts now, not once this answer is drawn.
  useEffect(() => prefetchNeighbourhood(code), [code]);
  const c = res.data?.component;
  const { mayEdit } = useSession();
  useTitle(c ? nameOf(lang, c) : code);
  return (
    <QueryView state={res}>
      {(d) =>
        !d.component ? (
          <>
            <ErrorBox error={new ApiError(tr('nodeNotFound', { what: tr('label_Component').toLowerCase(), code }), 'NOT_FOUND', null)} />
            <ComponentHistory code={code} currentId={null} />
          </>
        ) : (
          <article className="detail">
            <p className="kicker">
              {tr('label_Component')} · <code>{d.component.code}</code>
            </p>
            <h1>{nameOf(lang, d.component)}</h1>
            {lang === 'vi' ? (
              <p className="subtitle">{d.component.nameEn}</p>
            ) : (
              <p className="subtitle" lang="vi">
                {d.component.name}
              </p>
            )}
            <p className="actions">
              <Link className="button-link" to={impactHref({ of: d.component.code, depth: 3, dir: 'DEPENDENTS' }, lang)}>
                {tr('exploreImpact')}
              </Link>
              {mayEdit(d.component.owner?.code) && (
                <>
                  {' '}
                  <Link className="button-link" to={editHref(d.component.code, lang)} data-testid="edit-component">
                    {te(lang, 'editComponent')}
                  </Link>
                </>
              )}
            </p>
            <Facts
              items={[
                [
                  tr('layer'),
                  <>
                    <LayerChip code={d.component.layer.code} />{' '}
                    <Link to={nodeHref(d.component.layer.id, lang)}>{nameOf(lang, d.component.layer)}</Link>
                  </>,
                ],
                [
                  tr('group'),
                  d.component.group ? (
                    <Link to={nodeHref(d.component.group.id, lang)}>
                      {d.component.group.code} — {nameOf(lang, d.component.group)}
                    </Link>
                  ) : null,
                ],
                [tr('kind'), enumLabel(lang, 'ComponentKind', d.component.kind)],
                [tr('scope'), enumLabel(lang, 'Scope', d.component.scope)],
                [tr('status'), enumLabel(lang, 'Status', d.component.status)],
                [tr('dueYear'), d.component.dueYear ?? null],
                [tr('exposesApi'), d.component.exposesApi ? tr('yes') : tr('no')],
                [
                  tr('owner'),
                  d.component.owner ? <Link to={agencyHref(d.component.owner.code, lang)}>{nameOf(lang, d.component.owner)}</Link> : '—',
                ],
                [
                  tr('validFrom'),
                  d.component.validFrom ? <Day day={d.component.validFrom} lang={lang} style="long" /> : tr('beforeRecords'),
                ],
                [tr('versionFrom'), d.component.versionFrom ? <Day day={d.component.versionFrom} lang={lang} style="long" /> : null],
                [tr('validTo'), d.component.validTo ? <Day day={d.component.validTo} lang={lang} style="long" /> : null],
                [tr('synthetic'), d.component.synthetic ? tr('yes') : null],
                [tr('source'), d.component.source],
              ]}
            />
            <div className="relations">
              <section>
                <h2>
                  {tr('dependsOn')} ({formatNumber(lang, d.component.dependsOn.length)})
                </h2>
                {d.component.dependsOn.length === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <ul className="rel-list">
                    {d.component.dependsOn.map((x) => (
                      <li key={x.id}>
                        <LayerChip code={x.layer.code} /> <Link to={componentHref(x.code, lang)}>{nameOf(lang, x)}</Link>{' '}
                        <code>{x.code}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section className="wide">
                <h2>
                  {tr('dependents')} ({formatNumber(lang, d.component.dependents.totalCount)})
                </h2>
                {d.component.dependents.totalCount === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <>
                    <div className="table-wrap">
                      <table className="list" data-testid="dependents">
                        <thead>
                          <tr>
                            <th scope="col">{tr('layer')}</th>
                            <th scope="col">{tr('code')}</th>
                            <th scope="col">{tr('name')}</th>
                            <th scope="col">{tr('owner')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {d.component.dependents.edges.map(({ node: x }) => (
                            <tr key={x.id}>
                              <td>
                                <LayerChip code={x.layer.code} />
                              </td>
                              <td>
                                <Link to={componentHref(x.code, lang)}>
                                  <code>{x.code}</code>
                                </Link>
                              </td>
                              <td>{nameOf(lang, x)}</td>
                              <td>{x.owner ? <Link to={agencyHref(x.owner.code, lang)}>{nameOf(lang, x.owner)}</Link> : '—'}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    <Pager
                      at={(a) => href(`/component/${encodeURIComponent(code)}`, { after: a }, lang)}
                      after={after}
                      pageInfo={d.component.dependents.pageInfo}
                      shown={d.component.dependents.edges.length}
                      total={d.component.dependents.totalCount}
                    />
                    <p>
                      <Link to={impactHref({ of: d.component.code, depth: 3, dir: 'DEPENDENTS' }, lang)}>{tr('exploreImpact')} →</Link>
                    </p>
                  </>
                )}
              </section>
              <section>
                <h2>{tr('realizes')}</h2>
                {d.component.realizes.length === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <ul className="rel-list">
                    {d.component.realizes.map((r) => (
                      <li key={r.id}>
                        <Link to={referenceHref(r.code, lang)}>
                          <code>{r.code}</code> {nameOf(lang, r)}
                        </Link>{' '}
                        <span className="muted">({enumLabel(lang, 'Tier', r.tier)})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section>
                <h2>{tr('capabilities')}</h2>
                {d.component.provides.length === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <ul className="rel-list">
                    {d.component.provides.map((p) => (
                      <li key={p.id}>
                        <Link to={nodeHref(p.id, lang)}>{nameOf(lang, p)}</Link> <code>{p.code}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section>
                <h2>
                  {tr('usedBy')} ({formatNumber(lang, d.component.usedBy.length)})
                </h2>
                {d.component.usedBy.length === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <ul className="rel-list columns">
                    {d.component.usedBy.map((a) => (
                      <li key={a.id}>
                        <Link to={agencyHref(a.code, lang)}>{nameOf(lang, a)}</Link>{' '}
                        <span className="muted">({enumLabel(lang, 'AgencyLevel', a.level)})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <Neighbourhood code={d.component.code} />
            <ComponentHistory code={d.component.code} currentId={d.component.id} />
            <p>
              <Link to={catalogHref({ layer: d.component.layer.code, group: d.component.group?.code ?? '' }, lang)}>
                {tr('viewInCatalog')}
              </Link>
            </p>
          </article>
        )
      }
    </QueryView>
  );
}
