import { graphql } from '../gql';
import { ApiError, useQuery } from '../api';
import { ErrorBox, QueryView } from '../components/Status';
import { Facts, LayerChip } from '../components/Bits';
import { Pager } from '../components/Pager';
import { useT, useTitle } from '../hooks';
import { enumLabel, formatNumber, nameOf } from '../lib/i18n';
import { agencyHref, catalogHref, componentHref, href, impactHref, nodeHref, referenceHref } from '../lib/url';
import { Link, useLocation } from '../router';

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

export function ComponentPage({ code }: { code: string }) {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const after = search.get('after') ?? '';
  const res = useQuery(ComponentQuery, { code, after: after || null });
  const c = res.data?.component;
  useTitle(c ? nameOf(lang, c) : code);
  return (
    <QueryView state={res}>
      {(d) =>
        !d.component ? (
          <ErrorBox
            error={new ApiError(tr('nodeNotFound', { what: tr('label_Component').toLowerCase(), code }), 'NOT_FOUND', null)}
          />
        ) : (
          <article className="detail">
            <p className="kicker">
              {tr('label_Component')} · <code>{d.component.code}</code>
            </p>
            <h1>{nameOf(lang, d.component)}</h1>
            {lang === 'vi' ? <p className="subtitle">{d.component.nameEn}</p> : <p className="subtitle" lang="vi">{d.component.name}</p>}
            <p className="actions">
              <Link className="button-link" to={impactHref({ of: d.component.code, depth: 3, dir: 'DEPENDENTS' }, lang)}>
                {tr('exploreImpact')}
              </Link>
            </p>
            <Facts
              items={[
                [
                  tr('layer'),
                  <>
                    <LayerChip code={d.component.layer.code} /> <Link to={nodeHref(d.component.layer.id, lang)}>{nameOf(lang, d.component.layer)}</Link>
                  </>,
                ],
                [tr('group'), d.component.group ? <Link to={nodeHref(d.component.group.id, lang)}>{d.component.group.code} — {nameOf(lang, d.component.group)}</Link> : null],
                [tr('kind'), enumLabel(lang, 'ComponentKind', d.component.kind)],
                [tr('scope'), enumLabel(lang, 'Scope', d.component.scope)],
                [tr('status'), enumLabel(lang, 'Status', d.component.status)],
                [tr('dueYear'), d.component.dueYear ?? null],
                [tr('exposesApi'), d.component.exposesApi ? tr('yes') : tr('no')],
                [tr('owner'), d.component.owner ? <Link to={agencyHref(d.component.owner.code, lang)}>{nameOf(lang, d.component.owner)}</Link> : '—'],
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
                        <LayerChip code={x.layer.code} /> <Link to={componentHref(x.code, lang)}>{nameOf(lang, x)}</Link> <code>{x.code}</code>
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
            <p>
              <Link to={catalogHref({ layer: d.component.layer.code, group: d.component.group?.code ?? '' }, lang)}>{tr('viewInCatalog')}</Link>
            </p>
          </article>
        )
      }
    </QueryView>
  );
}
