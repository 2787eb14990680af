import { Fragment, useMemo, useState } from 'react';
import { DuplicateReview } from '../components/DuplicateReview';
import { useSession } from '../session';
import { graphql } from '../gql';
import { useQuery } from '../api';
import { Loading, QueryView } from '../components/Status';
import { AsOfBanner, AsOfControl, NothingRecorded, useRecordedSince } from '../components/AsOf';
import { useT, useTitle } from '../hooks';
import { safeFileName, toCsv } from '../lib/csv';
import { downloadText } from '../lib/download';
import { filterWorklist, platformsOf, sortWorklist, WORKLIST_CSV_HEADER, worklistCsvRows } from '../lib/duplicates';
import { formatNumber, nameOf } from '../lib/i18n';
import { duplicationVars } from '../lib/requests';
import {
  agencyHref,
  componentHref,
  duplicatesHref,
  DUPLICATES_PAGE,
  nodeHref,
  parseDuplicates,
  type DuplicateSort,
  type DuplicatesState,
} from '../lib/url';
import { Link, navigate, useLocation } from '../router';

const DuplicationQuery = graphql(`
  query DuplicationWorklist($asOf: Date, $basis: [DuplicateBasis!], $minConfidence: Float, $review: [ReviewState!], $province: ID) {
    duplication(asOf: $asOf, basis: $basis, minConfidence: $minConfidence, review: $review, province: $province) {
      count
      findings
      platforms {
        platform {
          code
          name
          nameEn
          scope
        }
        components
      }
      components {
        component {
          code
          name
          nameEn
        }
        agency {
          code
          name
          nameEn
        }
        province {
          code
          name
          nameEn
        }
        confidence
        basis
        findings {
          shared {
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
          basis
          confidence
          matchedTerms
          review
          reviewNote
          reviewedBy
          reviewedAt
          evidence
          evidenceEn
        }
      }
    }
  }
`);

const ProvincesQuery = graphql(`
  query DuplicationProvinces {
    agencies(first: 100, filter: { level: [PROVINCE] }) {
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

/**
 * The duplication worklist: one row per duplicating component, filtered by platform, province,
 * basis, confidence and review state (all in the URL); the platforms with their counts, those
 * nothing duplicates included; a CSV of exactly the rows the filters leave.
 */
export function Duplicates() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = parseDuplicates(search);
  useTitle(`${tr('duplicatesTitle')}${s.asOf ? ` (${s.asOf})` : ''}`);
  const rec = useRecordedSince(s.asOf);
  // The detector is an analysis: cold (a day never asked, a loaded server) it can pass the
  // server's deadline while the server goes on and caches it; asked once more on TIMEOUT.
  // Asked with the first recorded day, not after it (a day before the records is cheap to ask,
  // and the page shows "nothing recorded" rather than its answer).
  const res = useQuery(DuplicationQuery, duplicationVars(s), rec.before, { retryTimeouts: 1 });
  const provinces = useQuery(ProvincesQuery, {});
  const session = useSession();
  // What the last review did, said after the list reloads (a dismissed row may have left it).
  const [done, setDone] = useState('');
  // The list of every platform (hundreds) is built only once it is opened.
  const [platformsOpen, setPlatformsOpen] = useState(false);
  const go = (p: Partial<DuplicatesState>, keepPage = false) =>
    navigate(duplicatesHref({ ...s, ...(keepPage ? {} : { page: 1 }), ...p }, lang), { replace: true });
  const collate = (a: string, b: string) => a.localeCompare(b, lang);
  const provinceOptions = useMemo(
    () => (provinces.data?.agencies.edges ?? []).map((e) => e.node).sort((a, b) => nameOf(lang, a).localeCompare(nameOf(lang, b), lang)),
    [provinces.data, lang],
  );

  const header = (col: DuplicateSort, label: string, numeric: boolean) => {
    const active = s.sort === col;
    const nextDesc = active ? !s.desc : numeric;
    return (
      <th scope="col" aria-sort={active ? (s.desc ? 'descending' : 'ascending') : 'none'} className={numeric ? 'num' : undefined}>
        <button type="button" className="sort" onClick={() => go({ sort: col, desc: nextDesc })} aria-label={tr('sortBy', { col: label })}>
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
        <AsOfControl value={s.asOf} onChange={(asOf) => go({ asOf })} />
        <label>
          {tr('sharedPlatform')}{' '}
          <select
            className="dup-platform-select"
            value={s.platform ?? ''}
            onChange={(e) => go({ platform: e.target.value || null })}
            data-testid="dup-platform"
          >
            <option value="">{tr('dupPlatformAll')}</option>
            {(() => {
              const ps = res.data?.duplication.platforms ?? [];
              const opt = (p: { code: string; name: string; nameEn: string }) => (
                <option key={p.code} value={p.code}>
                  {p.code} · {nameOf(lang, p)}
                </option>
              );
              return (
                <>
                  <optgroup label={tr('dupPlatformsWith')}>{ps.filter((p) => p.components > 0).map((p) => opt(p.platform))}</optgroup>
                  <optgroup label={tr('dupNone')}>{ps.filter((p) => p.components === 0).map((p) => opt(p.platform))}</optgroup>
                  {s.platform &&
                    !ps.some((p) => p.platform.code === s.platform) &&
                    opt({ code: s.platform, name: s.platform, nameEn: s.platform })}
                </>
              );
            })()}
          </select>
        </label>
        <label>
          {tr('province')}{' '}
          <select value={s.province ?? ''} onChange={(e) => go({ province: e.target.value || null })} data-testid="dup-province">
            <option value="">{tr('dupProvinceAll')}</option>
            {provinceOptions.map((p) => (
              <option key={p.code} value={p.code}>
                {nameOf(lang, p)}
              </option>
            ))}
            {s.province && !provinceOptions.some((p) => p.code === s.province) && <option value={s.province}>{s.province}</option>}
          </select>
        </label>
        <label>
          {tr('dupBasis')}{' '}
          <select
            value={s.basis ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              go({ basis: v === 'DECLARED' || v === 'INFERRED' || v === 'CONFIRMED' ? v : null });
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
          <select value={s.min ? String(s.min) : ''} onChange={(e) => go({ min: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{tr('dupBasisAll')}</option>
            <option value="0.6">≥ {formatNumber(lang, 0.6)}</option>
            <option value="0.8">≥ {formatNumber(lang, 0.8)}</option>
            <option value="0.9">≥ {formatNumber(lang, 0.9)}</option>
            <option value="1">= 1</option>
          </select>
        </label>
        <label>
          {tr('dupReview')}{' '}
          <select
            value={s.review ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              go({ review: v === 'UNREVIEWED' || v === 'CONFIRMED' || v === 'DISMISSED' ? v : null });
            }}
            data-testid="dup-review"
          >
            <option value="">{tr('dupReviewDefault')}</option>
            <option value="UNREVIEWED">{tr('review_UNREVIEWED')}</option>
            <option value="CONFIRMED">{tr('review_CONFIRMED')}</option>
            <option value="DISMISSED">{tr('review_DISMISSED')}</option>
          </select>
        </label>
      </div>
      <AsOfBanner asOf={s.asOf} onNow={() => go({ asOf: null })} />
      {s.asOf && rec.before && rec.first ? (
        <NothingRecorded asOf={s.asOf} first={rec.first} onFirst={(day) => go({ asOf: day })} />
      ) : rec.loading ? (
        <Loading />
      ) : (
        <QueryView state={res}>
          {(d) => {
            const all = d.duplication.components;
            const filtered = filterWorklist(all, s.platform ?? null);
            const rows = sortWorklist(filtered, s.sort, s.desc, collate, lang);
            const pages = Math.max(1, Math.ceil(rows.length / DUPLICATES_PAGE));
            const page = Math.min(s.page ?? 1, pages);
            const shown = rows.slice((page - 1) * DUPLICATES_PAGE, page * DUPLICATES_PAGE);
            const platforms = [...d.duplication.platforms].sort(
              (a, b) => b.components - a.components || a.platform.code.localeCompare(b.platform.code),
            );
            const clean = platforms.filter((p) => p.components === 0).length;
            const selected = s.platform ? platforms.find((p) => p.platform.code === s.platform) : undefined;
            const platformName = selected ? `${selected.platform.code} (${nameOf(lang, selected.platform)})` : (s.platform ?? '');
            const exportCsv = () => {
              const parts = [
                'duplicates',
                s.platform,
                s.province,
                s.basis?.toLowerCase(),
                s.min ? `min${s.min}` : null,
                s.review?.toLowerCase(),
                s.asOf,
              ].filter((x): x is string => !!x);
              downloadText(toCsv(WORKLIST_CSV_HEADER, worklistCsvRows(rows, lang)), `${safeFileName(parts.join('-'))}.csv`);
            };
            return (
              <>
                <p className="note" role="status" data-testid="dup-review-done" hidden={!done}>
                  {done}
                </p>
                <p className="stat-line" data-testid="dup-summary">
                  <strong>
                    {s.platform
                      ? tr('dupSummaryOne', { n: rows.length, platform: platformName })
                      : tr('dupSummary', { n: rows.length, p: platformsOf(rows) })}
                  </strong>{' '}
                  ·{' '}
                  <button type="button" onClick={exportCsv} disabled={rows.length === 0} data-testid="dup-export">
                    {tr('dupExportRows', { n: rows.length })}
                  </button>
                </p>
                {s.platform && rows.length === 0 ? (
                  <p className="note" role="status" data-testid="dup-clean">
                    {tr('dupPlatformClean', { platform: platformName })}
                  </p>
                ) : rows.length === 0 ? (
                  <p role="status" data-testid="dup-none">
                    {all.length === 0 ? tr('noDuplicates') : tr('dupNoRows')}
                  </p>
                ) : (
                  <>
                    <div className="table-wrap">
                      <table className="list dup-table" data-testid="duplicates-table">
                        <caption className="visually-hidden">{tr('dupWorklist')}</caption>
                        <thead>
                          <tr>
                            {header('component', tr('label_Component'), false)}
                            {header('province', tr('province'), false)}
                            {header('platforms', tr('dupPlatformsDuplicated'), true)}
                            <th scope="col">{tr('capabilities')}</th>
                            <th scope="col">{tr('dupBasis')}</th>
                            {header('confidence', tr('dupConfidence'), true)}
                            <th scope="col">{tr('dupReview')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {shown.map((r) => {
                            const open = s.open === r.component.code;
                            const panelId = `dup-${r.component.code}`;
                            const reviews = [...new Set(r.findings.map((f) => f.review))];
                            return (
                              <Fragment key={r.component.code}>
                                <tr className={open ? 'open' : undefined} data-code={r.component.code}>
                                  <th scope="row">
                                    <button
                                      type="button"
                                      className="disclosure"
                                      aria-expanded={open}
                                      aria-controls={panelId}
                                      aria-label={tr('dupShowEvidence', { code: r.component.code })}
                                      onClick={() => go({ open: open ? null : r.component.code }, true)}
                                    >
                                      <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                                    </button>{' '}
                                    <Link to={componentHref(r.component.code, lang)}>{nameOf(lang, r.component)}</Link>
                                    <br />
                                    <code>{r.component.code}</code>
                                    {r.agency && (
                                      <>
                                        <br />
                                        <Link className="small" to={agencyHref(r.agency.code, lang)}>
                                          {nameOf(lang, r.agency)}
                                        </Link>
                                      </>
                                    )}
                                  </th>
                                  <td>
                                    {r.province ? <Link to={agencyHref(r.province.code, lang)}>{nameOf(lang, r.province)}</Link> : '—'}
                                  </td>
                                  <td className="num">
                                    {r.findings.map((f) => (
                                      <code key={f.shared.code} className="tag">
                                        {f.shared.code}
                                      </code>
                                    ))}
                                  </td>
                                  <td>
                                    {[...new Map(r.findings.flatMap((f) => f.capabilities).map((c) => [c.code, c])).values()].map((c) => (
                                      <Fragment key={c.code}>
                                        <Link to={nodeHref(c.id, lang)}>{nameOf(lang, c)}</Link>{' '}
                                      </Fragment>
                                    ))}
                                  </td>
                                  <td>{tr(`dupBasis_${r.basis}`)}</td>
                                  <td className="num">{formatNumber(lang, Number(r.confidence.toFixed(2)))}</td>
                                  <td>{reviews.map((v) => tr(`review_${v}`)).join(', ')}</td>
                                </tr>
                                {open && (
                                  <tr id={panelId} className="drill">
                                    <td colSpan={7}>
                                      {!s.asOf && !session.mayEdit(r.agency?.code) && <p className="note small">{tr('dupReviewSignIn')}</p>}
                                      <ul className="evidence-list">
                                        {r.findings.map((f) => (
                                          <li key={f.shared.code} className="evidence" data-testid="dup-evidence">
                                            <strong>
                                              <Link to={componentHref(f.shared.code, lang)}>{f.shared.code}</Link> ·{' '}
                                              {nameOf(lang, f.shared)}:
                                            </strong>{' '}
                                            {lang === 'vi' ? f.evidence : f.evidenceEn}
                                            {f.review !== 'UNREVIEWED' && (
                                              <p className="dup-reviewed" data-testid={`dup-reviewed-${f.shared.code}`}>
                                                <em>
                                                  {tr(`review_${f.review}`)}
                                                  {f.reviewNote ? `: ${f.reviewNote}` : ''}
                                                </em>
                                                {f.reviewedBy && (
                                                  <span className="muted small">
                                                    {' '}
                                                    ({tr('dupReviewedBy', { who: f.reviewedBy, at: f.reviewedAt ?? '' })})
                                                  </span>
                                                )}
                                              </p>
                                            )}
                                            {!s.asOf && session.mayEdit(r.agency?.code) && (
                                              <DuplicateReview
                                                component={r.component.code}
                                                shared={f.shared.code}
                                                onDone={(action) => {
                                                  setDone(
                                                    tr(`dupReviewDone_${action}`, { component: r.component.code, shared: f.shared.code }),
                                                  );
                                                  res.reload();
                                                }}
                                              />
                                            )}
                                          </li>
                                        ))}
                                      </ul>
                                    </td>
                                  </tr>
                                )}
                              </Fragment>
                            );
                          })}
                        </tbody>
                      </table>
                    </div>
                    {pages > 1 && (
                      <nav className="pager" aria-label={tr('page')}>
                        <span>{tr('dupPage', { page, pages })}</span>
                        {page > 1 && (
                          <button type="button" onClick={() => go({ page: page - 1 }, true)}>
                            ← {tr('prevPage')}
                          </button>
                        )}
                        {page < pages && (
                          <button type="button" onClick={() => go({ page: page + 1 }, true)} data-testid="dup-next">
                            {tr('nextPage')} →
                          </button>
                        )}
                      </nav>
                    )}
                  </>
                )}
                <details
                  className="dup-platforms"
                  open={!!s.platform && rows.length === 0}
                  onToggle={(e) => setPlatformsOpen(e.currentTarget.open)}
                >
                  <summary>
                    {tr('dupByPlatform')}: {tr('dupByPlatformCount', { n: platforms.length, c: clean })}
                  </summary>
                  <div className="table-wrap">
                    <table className="list" data-testid="dup-platforms">
                      <thead>
                        <tr>
                          <th scope="col">{tr('sharedPlatform')}</th>
                          <th scope="col" className="num">
                            {tr('duplicatingComponents')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {(platformsOpen || (!!s.platform && rows.length === 0) ? platforms : []).map((p) => (
                          <tr key={p.platform.code} data-code={p.platform.code}>
                            <th scope="row">
                              <button
                                type="button"
                                className="linklike"
                                onClick={() => go({ platform: p.platform.code })}
                                aria-label={tr('dupFilterTo', { code: p.platform.code })}
                              >
                                <code>{p.platform.code}</code>
                              </button>{' '}
                              {nameOf(lang, p.platform)}
                            </th>
                            <td className="num">{p.components === 0 ? tr('dupNone') : formatNumber(lang, p.components)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              </>
            );
          }}
        </QueryView>
      )}
    </section>
  );
}
