// Where communes miss essential reference components, in three places: a province's table (the
// conformance page), a commune's own conformance (its agency page) and the communes lacking one
// reference component (its page). One request each; the tables export exactly what they list.

import { graphql } from '../gql';
import { useQuery } from '../api';
import { useT } from '../hooks';
import { safeFileName, toCsv } from '../lib/csv';
import { downloadText } from '../lib/download';
import { GAPS_CSV_HEADER, gapsCsvRows, sortGaps } from '../lib/conformanceGaps';
import { enumLabel, formatNumber, formatPercent, nameOf } from '../lib/i18n';
import { agencyHref, conformanceHref, referenceHref } from '../lib/url';
import { GAPS_ALL, provinceGapsVars } from '../lib/requests';
import { Link } from '../router';
import { QueryView } from './Status';

const GapsQuery = graphql(`
  query ConformanceGaps($province: ID, $group: String, $reference: ID, $asOf: Date, $first: Int) {
    conformanceGaps(province: $province, group: $group, reference: $reference, asOf: $asOf, first: $first) {
      totalCount
      missing
      communes {
        commune {
          code
          name
          nameEn
          areaType
        }
        province {
          code
          name
          nameEn
        }
        missing {
          code
          name
          nameEn
        }
      }
    }
  }
`);

/** The most communes a province has is a few hundred: the table lists them all (the API's cap). */

/**
 * ProvinceGaps: the province's communes that miss essential components (of `group` when one is
 * chosen), sortable by the count missing or by name (`sortByName`, kept in the URL), exportable.
 */
export function ProvinceGaps({
  province,
  group,
  asOf,
  sortByName,
  onSort,
}: {
  province: string;
  group: string | null;
  asOf: string | null;
  sortByName: boolean;
  onSort: (byName: boolean) => void;
}) {
  const { lang, tr } = useT();
  const res = useQuery(GapsQuery, provinceGapsVars(province, group, asOf));
  const collate = (a: string, b: string) => a.localeCompare(b, lang);
  return (
    <section className="gaps" aria-labelledby="gaps-title" data-testid="province-gaps">
      <h3 id="gaps-title">
        {tr('gapsTitle')}
        {group ? ` · ${tr('filterGroup', { group })}` : ''}
      </h3>
      <QueryView state={res}>
        {(d) => {
          const g = d.conformanceGaps;
          if (g.totalCount === 0) return <p data-testid="gaps-none">{tr('gapsNone')}</p>;
          const rows = sortGaps(g.communes, sortByName, collate, lang);
          const exportCsv = () =>
            downloadText(
              toCsv(GAPS_CSV_HEADER, gapsCsvRows(rows, lang)),
              `${safeFileName(['missing', province, group, asOf].filter((x): x is string => !!x).join('-'))}.csv`,
            );
          const sortHeader = (byName: boolean, label: string, numeric: boolean) => {
            const active = sortByName === byName;
            return (
              <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (byName ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="sort" onClick={() => onSort(byName)} aria-label={tr('sortBy', { col: label })}>
                  {label} <span aria-hidden="true">{active ? (byName ? '▲' : '▼') : '↕'}</span>
                </button>
              </th>
            );
          };
          return (
            <>
              <p className="stat-line">
                <strong data-testid="gaps-summary">{tr('gapsSummary', { n: g.totalCount, m: g.missing })}</strong> ·{' '}
                <button type="button" onClick={exportCsv} data-testid="gaps-export">
                  {tr('gapsExport', { n: rows.length })}
                </button>
              </p>
              <div className="table-wrap">
                <table className="list" data-testid="gaps-table">
                  <thead>
                    <tr>
                      {sortHeader(true, tr('communes'), false)}
                      {sortHeader(false, tr('gapsMissingCount'), true)}
                      <th scope="col">{tr('gapsMissingItems')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((c) => (
                      <tr key={c.commune.code} data-code={c.commune.code}>
                        <th scope="row">
                          <Link to={agencyHref(c.commune.code, lang)}>{nameOf(lang, c.commune)}</Link>
                          {c.commune.areaType && <span className="muted small"> · {enumLabel(lang, 'AreaType', c.commune.areaType)}</span>}
                        </th>
                        <td className="num">{formatNumber(lang, c.missing.length)}</td>
                        <td>
                          {c.missing.map((m) => (
                            <Link key={m.code} to={referenceHref(m.code, lang)} className="tag" title={nameOf(lang, m)}>
                              {m.code}
                            </Link>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

/** ReferenceGaps: on an essential commune item's page, the communes (of the nation) lacking it. */
export function ReferenceGaps({ code }: { code: string }) {
  const { lang, tr } = useT();
  const res = useQuery(GapsQuery, { reference: code, first: GAPS_ALL });
  return (
    <section className="wide" aria-labelledby="reference-gaps-title" data-testid="reference-gaps">
      <h2 id="reference-gaps-title">{tr('referenceLacking')}</h2>
      <QueryView state={res}>
        {(d) => {
          const g = d.conformanceGaps;
          if (g.totalCount === 0) return <p>{tr('referenceLackingNone')}</p>;
          const exportCsv = () =>
            downloadText(toCsv(GAPS_CSV_HEADER, gapsCsvRows(g.communes, lang)), `${safeFileName(`lacking-${code}`)}.csv`);
          return (
            <>
              <p className="stat-line">
                <strong data-testid="reference-gaps-summary">{tr('referenceLackingSummary', { n: g.totalCount })}</strong> ·{' '}
                <button type="button" onClick={exportCsv} data-testid="reference-gaps-export">
                  {tr('gapsExport', { n: g.communes.length })}
                </button>
              </p>
              <div className="table-wrap scroll-y">
                <table className="list" data-testid="reference-gaps-table">
                  <thead>
                    <tr>
                      <th scope="col">{tr('communes')}</th>
                      <th scope="col">{tr('province')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.communes.map((c) => (
                      <tr key={c.commune.code}>
                        <th scope="row">
                          <Link to={agencyHref(c.commune.code, lang)}>{nameOf(lang, c.commune)}</Link>
                        </th>
                        <td>{c.province ? <Link to={agencyHref(c.province.code, lang)}>{nameOf(lang, c.province)}</Link> : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

const CommuneQuery = graphql(`
  query CommuneOwnConformance($agency: ID!) {
    conformance(agency: $agency) {
      tally {
        applicable
        realized
        exploited
        provided
        missing
        score
      }
      items {
        state
        reference {
          code
          name
          nameEn
        }
      }
    }
  }
`);

/** CommuneConformance: on a commune's page, its score and the essential items it misses. */
export function CommuneConformance({ code, province }: { code: string; province: string | null }) {
  const { lang, tr } = useT();
  const res = useQuery(CommuneQuery, { agency: code });
  return (
    <section className="wide" aria-labelledby="commune-conformance-title" data-testid="commune-conformance">
      <h2 id="commune-conformance-title">{tr('communeConformance')}</h2>
      <QueryView state={res}>
        {(d) => {
          const t = d.conformance.tally;
          const missing = d.conformance.items.filter((i) => i.state === 'MISSING');
          return (
            <>
              <p>
                {tr('communeConformanceLine', {
                  score: formatPercent(lang, t.score),
                  met: t.realized + t.exploited + t.provided,
                  applicable: t.applicable,
                  missing: t.missing,
                })}{' '}
                <Link to={conformanceHref({ province, commune: code }, lang)}>{tr('viewConformance')}</Link>
              </p>
              {missing.length === 0 ? (
                <p>{tr('noneMissing')}</p>
              ) : (
                <>
                  <h3>{tr('gapsMissingItems')}</h3>
                  <ul className="rel-list" data-testid="commune-conformance-missing">
                    {missing.map((i) => (
                      <li key={i.reference.code}>
                        <Link to={referenceHref(i.reference.code, lang)}>
                          <code>{i.reference.code}</code> {nameOf(lang, i.reference)}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
