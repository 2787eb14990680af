import { graphql } from '../gql';
import { ApiError, useQuery } from '../api';
import { ErrorBox, QueryView } from '../components/Status';
import { Facts, LayerChip } from '../components/Bits';
import { Pager } from '../components/Pager';
import { ReferenceGaps } from '../components/ConformanceGaps';
import { useT, useTitle } from '../hooks';
import { enumLabel, formatNumber, nameOf } from '../lib/i18n';
import { referenceVars } from '../lib/requests';
import { agencyHref, catalogHref, componentHref, href, nodeHref } from '../lib/url';
import { Link, useLocation } from '../router';

const ReferenceQuery = graphql(`
  query ReferenceDetail($code: String!, $after: String) {
    referenceComponent(code: $code) {
      id
      code
      ascii
      name
      nameEn
      tier
      areaType
      kind
      exploitsShared
      catchAll
      source
      group {
        id
        code
        name
        nameEn
        layer {
          code
          name
          nameEn
        }
      }
      framework {
        id
        code
        name
        nameEn
      }
      provides {
        id
        code
        name
        nameEn
      }
      realizedByCount
      realizedBy(first: 100, after: $after) {
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
            status
            owner {
              code
              name
              nameEn
              level
              province {
                code
                name
                nameEn
              }
            }
          }
        }
      }
    }
  }
`);

export function ReferencePage({ code }: { code: string }) {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const after = search.get('after') ?? '';
  const res = useQuery(ReferenceQuery, referenceVars(code, after));
  const r = res.data?.referenceComponent;
  useTitle(r ? `${r.code} ${nameOf(lang, r)}` : code);
  return (
    <QueryView state={res}>
      {(d) =>
        !d.referenceComponent ? (
          <ErrorBox
            error={new ApiError(tr('nodeNotFound', { what: tr('label_ReferenceComponent').toLowerCase(), code }), 'NOT_FOUND', null)}
          />
        ) : (
          <article className="detail">
            <p className="kicker">
              {tr('label_ReferenceComponent')} · <code>{d.referenceComponent.code}</code>
              {d.referenceComponent.ascii !== d.referenceComponent.code && (
                <>
                  {' '}
                  (<code>{d.referenceComponent.ascii}</code>)
                </>
              )}
            </p>
            <h1>{nameOf(lang, d.referenceComponent)}</h1>
            {lang === 'vi' ? (
              <p className="subtitle">{d.referenceComponent.nameEn}</p>
            ) : (
              <p className="subtitle" lang="vi">
                {d.referenceComponent.name}
              </p>
            )}
            <Facts
              items={[
                [
                  tr('group'),
                  <>
                    <LayerChip code={d.referenceComponent.group.layer.code} />{' '}
                    <Link to={nodeHref(d.referenceComponent.group.id, lang)}>
                      {d.referenceComponent.group.code} — {nameOf(lang, d.referenceComponent.group)}
                    </Link>
                  </>,
                ],
                [
                  tr('framework'),
                  <Link to={nodeHref(d.referenceComponent.framework.id, lang)}>{nameOf(lang, d.referenceComponent.framework)}</Link>,
                ],
                [
                  tr('tier'),
                  enumLabel(lang, 'Tier', d.referenceComponent.tier) +
                    (d.referenceComponent.areaType ? ` · ${enumLabel(lang, 'AreaType', d.referenceComponent.areaType)}` : ''),
                ],
                [tr('kindLabel'), enumLabel(lang, 'RefKind', d.referenceComponent.kind)],
                [tr('exploitsShared'), d.referenceComponent.exploitsShared ? tr('yes') : null],
                [tr('catchAll'), d.referenceComponent.catchAll ? tr('yes') : null],
                [tr('source'), d.referenceComponent.source],
              ]}
            />
            <div className="relations">
              <section className="wide">
                <h2>
                  {tr('realizedByAgencies')} ({formatNumber(lang, d.referenceComponent.realizedByCount)})
                </h2>
                {d.referenceComponent.realizedBy.totalCount === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <>
                    <div className="table-wrap">
                      <table className="list" data-testid="realized-by">
                        <thead>
                          <tr>
                            <th scope="col">{tr('agency')}</th>
                            <th scope="col">{tr('province')}</th>
                            <th scope="col">{tr('label_Component')}</th>
                            <th scope="col">{tr('status')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {d.referenceComponent.realizedBy.edges.map(({ node: c }) => (
                            <tr key={c.id}>
                              <td>{c.owner ? <Link to={agencyHref(c.owner.code, lang)}>{nameOf(lang, c.owner)}</Link> : '—'}</td>
                              <td>
                                {c.owner?.province ? (
                                  <Link to={agencyHref(c.owner.province.code, lang)}>{nameOf(lang, c.owner.province)}</Link>
                                ) : (
                                  '—'
                                )}
                              </td>
                              <td>
                                <Link to={componentHref(c.code, lang)}>
                                  <code>{c.code}</code>
                                </Link>
                              </td>
                              <td>{enumLabel(lang, 'Status', c.status)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    <Pager
                      at={(a) => href(`/reference/${encodeURIComponent(code)}`, { after: a }, lang)}
                      after={after}
                      pageInfo={d.referenceComponent.realizedBy.pageInfo}
                      shown={d.referenceComponent.realizedBy.edges.length}
                      total={d.referenceComponent.realizedBy.totalCount}
                    />
                  </>
                )}
              </section>
              {d.referenceComponent.tier === 'COMMUNE_ESSENTIAL' && d.referenceComponent.framework.code === 'KTTS-XA' && (
                <ReferenceGaps code={d.referenceComponent.code} />
              )}
              <section>
                <h2>{tr('capabilities')}</h2>
                {d.referenceComponent.provides.length === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <ul className="rel-list">
                    {d.referenceComponent.provides.map((p) => (
                      <li key={p.id}>
                        <Link to={nodeHref(p.id, lang)}>{nameOf(lang, p)}</Link> <code>{p.code}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <p>
              <Link to={catalogHref({ tab: 'references', group: d.referenceComponent.group.code }, lang)}>{tr('viewInCatalog')}</Link>
            </p>
          </article>
        )
      }
    </QueryView>
  );
}
