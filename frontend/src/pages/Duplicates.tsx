import { Fragment } from 'react';
import { graphql } from '../gql';
import { useQuery } from '../api';
import { QueryView } from '../components/Status';
import { AsOfBanner, AsOfControl } from '../components/AsOf';
import { useT, useTitle } from '../hooks';
import { safeFileName, toCsv } from '../lib/csv';
import { downloadText } from '../lib/download';
import { groupByPlatform, sortGroups } from '../lib/duplicates';
import { formatNumber, nameOf } from '../lib/i18n';
import { agencyHref, asOfVars, componentHref, duplicatesHref, nodeHref, parseDuplicates, type DuplicateSort } from '../lib/url';
import { Link, navigate, useLocation } from '../router';

const DuplicatesQuery = graphql(`
  query Duplicates($asOf: Date, $basis: [DuplicateBasis!], $minConfidence: Float) {
    duplication(asOf: $asOf, basis: $basis, minConfidence: $minConfidence) {
      count
      findings
      components {
        component {
          code
        }
        findings {
          component {
            code
            name
            nameEn
            scope
            status
          }
          agency {
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
          capabilities {
            id
            code
            name
            nameEn
          }
          shared {
            code
            name
            nameEn
          }
          basis
          confidence
          matchedTerms
          evidence
          evidenceEn
        }
      }
    }
  }
`);

export function Duplicates() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = parseDuplicates(search);
  useTitle(`${tr('duplicatesTitle')}${s.asOf ? ` (${s.asOf})` : ''}`);
  const res = useQuery(DuplicatesQuery, {
    ...asOfVars(s.asOf),
    ...(s.basis ? { basis: [s.basis] } : {}),
    ...(s.min ? { minConfidence: s.min } : {}),
  });
  const setAsOf = (asOf: string | null) => navigate(duplicatesHref({ ...s, asOf }, lang), { replace: true });
  const collate = (a: string, b: string) => a.localeCompare(b, lang);

  const header = (col: DuplicateSort, label: string, numeric: boolean) => {
    const active = s.sort === col;
    const nextDesc = active ? !s.desc : numeric;
    return (
      <th scope="col" aria-sort={active ? (s.desc ? 'descending' : 'ascending') : 'none'} className={numeric ? 'num' : undefined}>
        <button
          type="button"
          className="sort"
          onClick={() => navigate(duplicatesHref({ ...s, sort: col, desc: nextDesc }, lang), { replace: true })}
          aria-label={tr('sortBy', { col: label })}
        >
          {label} <span aria-hidden="true">{active ? (s.desc ? '▼' : '▲') : '↕'}</span>
        </button>
      </th>
    );
  };

  return (
    <section className="duplicates">
      <h1>{tr('duplicatesTitle')}</h1>
      <p className="intro">{tr('duplicatesIntro')}</p>
      <div className="controls">
        <AsOfControl value={s.asOf} onChange={setAsOf} />
        <label>
          {tr('dupBasis')}{' '}
          <select
            value={s.basis ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              const basis = v === 'DECLARED' || v === 'INFERRED' || v === 'CONFIRMED' ? v : null;
              navigate(duplicatesHref({ ...s, basis }, lang), { replace: true });
            }}
          >
            <option value="">{tr('dupBasisAll')}</option>
            <option value="DECLARED">{tr('dupBasis_DECLARED')}</option>
            <option value="INFERRED">{tr('dupBasis_INFERRED')}</option>
            <option value="CONFIRMED">{tr('dupBasis_CONFIRMED')}</option>
          </select>
        </label>
        <label>
          {tr('dupMinConfidence')}{' '}
          <select
            value={s.min ? String(s.min) : ''}
            onChange={(e) => navigate(duplicatesHref({ ...s, min: e.target.value ? Number(e.target.value) : null }, lang), { replace: true })}
          >
            <option value="">{tr('dupBasisAll')}</option>
            <option value="0.6">≥ 0.6</option>
            <option value="0.8">≥ 0.8</option>
            <option value="0.9">≥ 0.9</option>
            <option value="1">= 1</option>
          </select>
        </label>
      </div>
      <AsOfBanner asOf={s.asOf} onNow={() => setAsOf(null)} />
      <QueryView state={res}>
        {(d) => {
          const rows = d.duplication.components.flatMap((c) => c.findings);
          const groups = sortGroups(groupByPlatform(rows), s.sort, s.desc, collate);
          if (groups.length === 0) return <p>{tr('noDuplicates')}</p>;
          const exportCsv = () =>
            downloadText(
              toCsv(
                ['shared', 'component', 'name', 'nameEn', 'agency', 'province', 'capabilities', 'basis', 'confidence', 'matchedTerms', 'evidence', 'evidenceEn'],
                rows.map((x) => [
                  x.shared.code,
                  x.component.code,
                  x.component.name,
                  x.component.nameEn,
                  x.agency?.code ?? '',
                  x.province?.code ?? '',
                  x.capabilities.map((c) => c.code).join(';'),
                  x.basis,
                  String(x.confidence),
                  x.matchedTerms.join(';'),
                  x.evidence,
                  x.evidenceEn,
                ]),
              ),
              s.asOf ? `duplicates-${safeFileName(s.asOf)}.csv` : 'duplicates.csv',
            );
          return (
            <>
              <p className="stat-line">
                {tr('duplicatingComponents')}: <strong data-testid="dup-count">{formatNumber(lang, d.duplication.count)}</strong> ·{' '}
                {tr('dupFindings')}: {formatNumber(lang, d.duplication.findings)} ·{' '}
                <button type="button" onClick={exportCsv}>
                  {tr('exportCsv')}
                </button>
              </p>
              <div className="table-wrap">
                <table className="list dup-table" data-testid="duplicates-table">
                  <thead>
                    <tr>
                      {header('platform', tr('sharedPlatform'), false)}
                      {header('count', tr('duplicatesCount'), true)}
                      {header('provinces', tr('provincesCount'), true)}
                      <th scope="col">{tr('capabilities')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => {
                      const open = s.open === g.shared.code;
                      const panelId = `dup-${g.shared.code}`;
                      return (
                        <Fragment key={g.shared.code}>
                          <tr className={open ? 'open' : undefined}>
                            <th scope="row">
                              <button
                                type="button"
                                className="disclosure"
                                aria-expanded={open}
                                aria-controls={panelId}
                                onClick={() => navigate(duplicatesHref({ ...s, open: open ? null : g.shared.code }, lang), { replace: true })}
                              >
                                <span aria-hidden="true">{open ? '▾' : '▸'}</span> <code>{g.shared.code}</code> {nameOf(lang, g.shared)}
                              </button>
                            </th>
                            <td className="num">{formatNumber(lang, g.rows.length)}</td>
                            <td className="num">{formatNumber(lang, g.provinces)}</td>
                            <td>
                              {g.capabilities.map((c) => (
                                <code key={c} className="tag">
                                  {c}
                                </code>
                              ))}
                            </td>
                          </tr>
                          {open && (
                            <tr id={panelId} className="drill">
                              <td colSpan={4}>
                                <h2 className="drill-title">
                                  {tr('duplicatedBy')}: <Link to={componentHref(g.shared.code, lang)}>{nameOf(lang, g.shared)}</Link>
                                </h2>
                                <table className="list inner">
                                  <thead>
                                    <tr>
                                      <th scope="col">{tr('label_Component')}</th>
                                      <th scope="col">{tr('agency')}</th>
                                      <th scope="col">{tr('province')}</th>
                                      <th scope="col">{tr('capability')}</th>
                                      <th scope="col">{tr('dupBasis')}</th>
                                      <th scope="col">{tr('evidence')}</th>
                                    </tr>
                                  </thead>
                                  <tbody>
                                    {g.rows.map((r) => (
                                      <tr key={r.component.code}>
                                        <td>
                                          <Link to={componentHref(r.component.code, lang)}>{nameOf(lang, r.component)}</Link>
                                          <br />
                                          <code>{r.component.code}</code>
                                        </td>
                                        <td>{r.agency ? <Link to={agencyHref(r.agency.code, lang)}>{nameOf(lang, r.agency)}</Link> : '—'}</td>
                                        <td>{r.province ? <Link to={agencyHref(r.province.code, lang)}>{nameOf(lang, r.province)}</Link> : '—'}</td>
                                        <td>
                                          {r.capabilities.map((c) => (
                                            <Fragment key={c.code}>
                                              <Link to={nodeHref(c.id, lang)}>{nameOf(lang, c)}</Link>{' '}
                                            </Fragment>
                                          ))}
                                        </td>
                                        <td>
                                          {tr(`dupBasis_${r.basis}`)}
                                          <br />
                                          <span className="num">{r.confidence.toFixed(2)}</span>
                                        </td>
                                        <td className="evidence">{lang === 'vi' ? r.evidence : r.evidenceEn}</td>
                                      </tr>
                                    ))}
                                  </tbody>
                                </table>
                              </td>
                            </tr>
                          )}
                        </Fragment>
                      );
                    })}
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
