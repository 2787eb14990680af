import { graphql } from '../gql';
import { ApiError, useQuery } from '../api';
import { ErrorBox, QueryView } from '../components/Status';
import { Facts, LayerChip } from '../components/Bits';
import { Pager } from '../components/Pager';
import { CommuneConformance } from '../components/ConformanceGaps';
import { useT, useTitle } from '../hooks';
import { enumLabel, formatNumber, nameOf } from '../lib/i18n';
import { agencyVars } from '../lib/requests';
import { agencyHref, catalogHref, componentHref, conformanceHref, href } from '../lib/url';
import { Link, useLocation } from '../router';

const AgencyQuery = graphql(`
  query AgencyDetail($code: String!, $after: String, $partsAfter: String) {
    agency(code: $code) {
      id
      code
      name
      nameEn
      level
      areaType
      synthetic
      source
      partOf {
        code
        name
        nameEn
        level
      }
      province {
        code
        name
        nameEn
      }
      parts(first: 100, after: $partsAfter) {
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
          }
        }
      }
      owns(first: 100, after: $after) {
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
            layer {
              code
            }
          }
        }
      }
      uses {
        id
        code
        name
        nameEn
        layer {
          code
        }
      }
    }
  }
`);

export function AgencyPage({ code }: { code: string }) {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const after = search.get('after') ?? '';
  const partsAfter = search.get('parts') ?? '';
  const res = useQuery(AgencyQuery, agencyVars(code, after, partsAfter));
  const a = res.data?.agency;
  useTitle(a ? nameOf(lang, a) : code);
  const base = `/agency/${encodeURIComponent(code)}`;
  return (
    <QueryView state={res}>
      {(d) =>
        !d.agency ? (
          <ErrorBox error={new ApiError(tr('nodeNotFound', { what: tr('agency').toLowerCase(), code }), 'NOT_FOUND', null)} />
        ) : (
          <article className="detail">
            <p className="kicker">
              {tr('label_Agency')} · <code>{d.agency.code}</code>
            </p>
            <h1>{nameOf(lang, d.agency)}</h1>
            {lang === 'vi' ? (
              <p className="subtitle">{d.agency.nameEn}</p>
            ) : (
              <p className="subtitle" lang="vi">
                {d.agency.name}
              </p>
            )}
            {(d.agency.level === 'PROVINCE' || d.agency.level === 'COMMUNE') && (
              <p className="actions">
                <Link
                  className="button-link"
                  to={
                    d.agency.level === 'PROVINCE'
                      ? conformanceHref({ province: d.agency.code }, lang)
                      : conformanceHref({ province: d.agency.province?.code ?? null, commune: d.agency.code }, lang)
                  }
                >
                  {tr('viewConformance')}
                </Link>{' '}
                <Link className="button-link" to={catalogHref({ province: d.agency.province?.code ?? d.agency.code }, lang)}>
                  {tr('components')}
                </Link>
              </p>
            )}
            <Facts
              items={[
                [tr('level'), enumLabel(lang, 'AgencyLevel', d.agency.level)],
                [tr('areaType'), d.agency.areaType ? enumLabel(lang, 'AreaType', d.agency.areaType) : null],
                [
                  tr('partOf'),
                  d.agency.partOf ? <Link to={agencyHref(d.agency.partOf.code, lang)}>{nameOf(lang, d.agency.partOf)}</Link> : null,
                ],
                [
                  tr('province'),
                  d.agency.province && d.agency.province.code !== d.agency.code ? (
                    <Link to={agencyHref(d.agency.province.code, lang)}>{nameOf(lang, d.agency.province)}</Link>
                  ) : null,
                ],
                [tr('synthetic'), d.agency.synthetic ? tr('yes') : null],
                [tr('source'), d.agency.source],
              ]}
            />
            <div className="relations">
              {d.agency.level === 'COMMUNE' && <CommuneConformance code={d.agency.code} province={d.agency.province?.code ?? null} />}
              <section>
                <h2>
                  {tr('owns')} ({formatNumber(lang, d.agency.owns.totalCount)})
                </h2>
                {d.agency.owns.totalCount === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <>
                    <ul className="rel-list">
                      {d.agency.owns.edges.map(({ node: c }) => (
                        <li key={c.id}>
                          <LayerChip code={c.layer.code} /> <Link to={componentHref(c.code, lang)}>{nameOf(lang, c)}</Link>{' '}
                          <code>{c.code}</code> <span className="muted">({enumLabel(lang, 'Status', c.status)})</span>
                        </li>
                      ))}
                    </ul>
                    <Pager
                      at={(x) => href(base, { after: x, parts: partsAfter }, lang)}
                      after={after}
                      pageInfo={d.agency.owns.pageInfo}
                      shown={d.agency.owns.edges.length}
                      total={d.agency.owns.totalCount}
                    />
                  </>
                )}
              </section>
              <section>
                <h2>
                  {tr('uses')} ({formatNumber(lang, d.agency.uses.length)})
                </h2>
                {d.agency.uses.length === 0 ? (
                  <p className="muted">{tr('none')}</p>
                ) : (
                  <ul className="rel-list">
                    {d.agency.uses.map((c) => (
                      <li key={c.id}>
                        <LayerChip code={c.layer.code} /> <Link to={componentHref(c.code, lang)}>{nameOf(lang, c)}</Link>{' '}
                        <code>{c.code}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              {d.agency.parts.totalCount > 0 && (
                <section>
                  <h2>
                    {tr('parts')} ({formatNumber(lang, d.agency.parts.totalCount)})
                  </h2>
                  <ul className="rel-list columns">
                    {d.agency.parts.edges.map(({ node: p }) => (
                      <li key={p.id}>
                        <Link to={agencyHref(p.code, lang)}>{nameOf(lang, p)}</Link>
                        {p.areaType && <span className="muted"> ({enumLabel(lang, 'AreaType', p.areaType)})</span>}
                      </li>
                    ))}
                  </ul>
                  <Pager
                    at={(x) => href(base, { after, parts: x }, lang)}
                    after={partsAfter}
                    pageInfo={d.agency.parts.pageInfo}
                    shown={d.agency.parts.edges.length}
                    total={d.agency.parts.totalCount}
                  />
                </section>
              )}
            </div>
          </article>
        )
      }
    </QueryView>
  );
}
