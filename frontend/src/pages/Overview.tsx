import { memo } from 'react';
import { graphql } from '../gql';
import type { OverviewCountsQuery } from '../gql/graphql';
import { useQuery } from '../api';
import { ErrorBox, QueryView, Skeleton } from '../components/Status';
import { useT, useTitle } from '../hooks';
import { layerColor } from '../lib/color';
import { enumLabel, formatNumber, formatPercent, nameOf, t, type Lang } from '../lib/i18n';
import { STATUS_COLORS, StackedBars } from '../components/Charts';
import { compareCodes, pivot } from '../lib/aggregate';
import { SCOPES, STATUSES } from '../lib/enums';
import { computeKpis, KPI_GROUPS, statusCounts, type Kpi, type KpiInputs } from '../lib/kpi';
import { measuredVars } from '../lib/requests';
import { catalogHref, href, nodeHref } from '../lib/url';
import { Link } from '../router';

const OverviewCountsQuery = graphql(`
  query OverviewCounts {
    layers {
      id
      code
      number
      name
      nameEn
      componentCount
      groups {
        id
        code
        name
        nameEn
        kind
        componentCount
      }
    }
    provinces: agencies(first: 1, filter: { level: [PROVINCE] }) {
      totalCount
    }
    communes: agencies(first: 1, filter: { level: [COMMUNE] }) {
      totalCount
    }
  }
`);

// The counts only the KPIs need: asked after the page is usable, so they do not slow it down.
// Every status and scope count of the KPIs in two grouped counts (one pass over the components
// and one over the few national ones), instead of seven filtered counts that each read them all.
const KpiCountsQuery = graphql(`
  query KpiCounts {
    byScopeStatus: componentAggregate(groupBy: [SCOPE, STATUS], first: 1000) {
      groups {
        keys {
          value
        }
        count
      }
    }
    nationalKinds: componentAggregate(filter: { scope: [NATIONAL] }, groupBy: [KIND], first: 1000) {
      groups {
        keys {
          value
        }
        count
      }
    }
  }
`);

const KpiConformanceQuery = graphql(`
  query KpiConformance {
    conformanceSummary {
      total {
        communes
        tally {
          applicable
          realized
          exploited
          provided
          missing
          score
        }
        byGroup {
          groupCode
          tally {
            applicable
            realized
            exploited
            provided
            missing
            score
          }
        }
      }
      children {
        tally {
          score
        }
      }
    }
  }
`);

const KpiDuplicatesQuery = graphql(`
  query KpiDuplicates {
    duplication {
      count
    }
  }
`);

const KpiRulesQuery = graphql(`
  query KpiRules {
    vapex: ruleViolationCount(rule: "R-API-VIA-VAPEX")
    ndc: ruleViolationCount(rule: "R-NATIONAL-DB-AT-NDC")
    systems: components(
      first: 1
      filter: {
        scope: [MINISTRY, PROVINCE, COMMUNE]
        status: [OPERATING, BUILDING]
        kind: [APPLICATION, PLATFORM, PORTAL, DATABASE, DASHBOARD, CHANNEL]
      }
    ) {
      totalCount
    }
  }
`);

const KpiMeasuredQuery = graphql(`
  query KpiMeasured($period: String!) {
    indicators {
      code
      name
      nameEn
      unit
      source
      thresholdSource
    }
    satisfaction: measurementSummary(indicator: "SATISFACTION", period: $period) {
      ...MeasuredTotal
    }
    processing: measurementSummary(indicator: "PROCESSING-TIME", period: $period) {
      ...MeasuredTotal
    }
    compliance: measurementSummary(indicator: "COMPLIANCE-COST", period: $period) {
      ...MeasuredTotal
    }
    efficiency: measurementSummary(indicator: "PUBLIC-RESOURCE-EFFICIENCY", period: $period) {
      ...MeasuredTotal
    }
    maturity: measurementSummary(indicator: "DATA-GOVERNANCE-MATURITY", period: $period) {
      ...MeasuredTotal
    }
    dxLevel: measurementSummary(indicator: "COMMUNE-DX-LEVEL", period: $period) {
      ...MeasuredTotal
    }
  }
  fragment MeasuredTotal on MeasurementSummary {
    indicator {
      code
    }
    total {
      value
      reported
      of
    }
  }
`);

// Components by scope and status: one aggregation (grouped and counted by the database).
const ScopeStatusQuery = graphql(`
  query OverviewScopeStatus {
    componentAggregate(groupBy: [SCOPE, STATUS]) {
      count
      groups {
        keys {
          value
        }
        count
      }
    }
  }
`);

const KpiNdxpQuery = graphql(`
  query KpiNdxp {
    impact(of: "NDXP", maxDepth: 1) {
      byProvince {
        key
      }
    }
  }
`);

function KpiValue({ kpi, lang, pending }: { kpi: Kpi; lang: Lang; pending: boolean }) {
  if (pending)
    return (
      <span className="kpi-value pending" data-testid={`kpi-${kpi.id}-pending`}>
        <span className="skeleton kpi-skeleton" aria-hidden="true" />
        <span className="kpi-computing">{t(lang, 'kpiComputing')}</span>
      </span>
    );
  if (kpi.value === null) return <span className="kpi-value na">{t(lang, 'kpiUnavailable')}</span>;
  const good = kpi.kind === 'ratio' ? kpi.value >= 0.8 : kpi.value <= kpi.target;
  return (
    <span className={`kpi-value ${good ? 'good' : 'warn'}`}>
      {kpi.kind === 'ratio' ? formatPercent(lang, kpi.value) : formatNumber(lang, kpi.value)}
    </span>
  );
}

/** KpiCard: a KPI whose value waits for a request still running is "computing", never "not
 * available" (that, and its note, only once every request it needs has answered). */
function KpiCard({ kpi, lang, loading }: { kpi: Kpi; lang: Lang; loading: boolean }) {
  const pending = loading && kpi.value === null && kpi.inputs.some((i) => i.value === null);
  return (
    <div className="kpi" data-testid={`kpi-${kpi.id}`} aria-busy={pending}>
      <h4>{t(lang, kpi.title)}</h4>
      <KpiValue kpi={kpi} lang={lang} pending={pending} />
      {kpi.kind === 'ratio' && kpi.value !== null && (
        <div className="meter" aria-hidden="true">
          <span style={{ width: `${Math.round(kpi.value * 100)}%` }} />
        </div>
      )}
      {!pending && kpi.value === null && kpi.note && <p className="note small">{t(lang, kpi.note)}</p>}
      {kpi.caveat && (
        <p className="note small" data-testid={`kpi-${kpi.id}-caveat`}>
          {t(lang, kpi.caveat, kpi.caveatVars)}
        </p>
      )}
      <p className="formula">
        <span className="visually-hidden">{t(lang, 'kpiFormula')}: </span>
        {t(lang, kpi.formula)}
      </p>
      <p className="inputs">
        {kpi.inputs.map((i, n) => (
          <span key={n}>
            <code>{i.name}</code> = {i.value === null ? '—' : formatNumber(lang, i.value)}
          </span>
        ))}
      </p>
    </div>
  );
}

/** The counts by layer, memoised on their answer: the page renders again as each of its nine
 * answers arrives, and these four tables are not redone each time. */
const Layers = memo(function Layers({ d }: { d: OverviewCountsQuery }) {
  const { lang, tr } = useT();
  return (
    <>
      <p className="stat-line" data-testid="overview-total">
        {tr('componentsTotal')}:{' '}
        <strong>
          {formatNumber(
            lang,
            d.layers.reduce((a, l) => a + l.componentCount, 0),
          )}
        </strong>{' '}
        · {tr('agencies')}: {formatNumber(lang, d.provinces.totalCount)} {tr('enum.AgencyLevel.PROVINCE').toLowerCase()},{' '}
        {formatNumber(lang, d.communes.totalCount)} {tr('communes').toLowerCase()}
      </p>
      <div className="layers">
        {[...d.layers]
          .sort((a, b) => b.number - a.number)
          .map((l) => {
            const max = Math.max(1, ...l.groups.map((g) => g.componentCount));
            return (
              <article key={l.id} className="layer-card" style={{ borderTopColor: layerColor(l.code) }}>
                <h3>
                  <span className="layer-chip" style={{ background: layerColor(l.code) }}>
                    {l.code}
                  </span>{' '}
                  <Link to={nodeHref(l.id, lang)}>{nameOf(lang, l)}</Link>
                </h3>
                <p className="layer-count">
                  <Link to={catalogHref({ layer: l.code }, lang)}>
                    {formatNumber(lang, l.componentCount)} {tr('components').toLowerCase()}
                  </Link>
                </p>
                <table className="groups-table">
                  <caption className="visually-hidden">
                    {tr('groupsOfLayer')} {l.code}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr('group')}</th>
                      <th scope="col" className="num">
                        {tr('count')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...l.groups]
                      .sort((a, b) => b.componentCount - a.componentCount || compareCodes(a.code, b.code))
                      .map((g) => (
                        <tr key={g.id}>
                          <th scope="row">
                            <Link to={catalogHref({ layer: l.code, group: g.code }, lang)} title={nameOf(lang, g)}>
                              <code>{g.code}</code> <span className="group-name">{nameOf(lang, g)}</span>
                            </Link>
                          </th>
                          <td className="num">
                            <span className="bar" aria-hidden="true">
                              <span
                                style={{
                                  width: `${(g.componentCount / max) * 100}%`,
                                  background: layerColor(l.code),
                                }}
                              />
                            </span>
                            {formatNumber(lang, g.componentCount)}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </article>
            );
          })}
      </div>
    </>
  );
});

export function Overview() {
  const { lang, tr } = useT();
  useTitle(tr('overviewTitle'));
  const counts = useQuery(OverviewCountsQuery, {});
  // The analyses are asked for with the counts, not after them (on the first page load prefetch.ts
  // has started all of them: useQuery takes those requests over). Waiting for the counts put a
  // second round trip before the KPIs, and its start waited for the main thread, busy with the
  // first render (session 9's trace: the KPIs asked for ~450 ms after the counts were).
  // A cold analysis (the nation's conformance roll-up above all) can pass the server's deadline
  // under load while the server goes on computing and caching it: asked once more on TIMEOUT.
  const again = { retryTimeouts: 1 };
  const kc = useQuery(KpiCountsQuery, {}, false, again);
  const conf = useQuery(KpiConformanceQuery, {}, false, again);
  const dups = useQuery(KpiDuplicatesQuery, {}, false, again);
  const rules = useQuery(KpiRulesQuery, {}, false, again);
  const ndxp = useQuery(KpiNdxpQuery, {}, false, again);
  const { period } = measuredVars();
  const measured = useQuery(KpiMeasuredQuery, { period }, false, again);
  const byScope = useQuery(ScopeStatusQuery, {}, false, again);
  const sources = [
    { q: kc, what: tr('srcCounts') },
    { q: conf, what: tr('srcConformance') },
    { q: dups, what: tr('srcDuplication') },
    { q: rules, what: tr('srcRules') },
    { q: ndxp, what: tr('srcNdxp') },
  ];
  // The KPIs read the counts too (components, provinces): they compute until those have come.
  const kpiLoading = counts.loading || sources.some((s) => s.q.loading);
  const running = sources.filter((s) => s.q.loading);
  const retrying = running.some((s) => s.q.retried > 0);

  const c = counts.data;
  const k = kc.data;
  const allComponents = c ? c.layers.reduce((a, l) => a + l.componentCount, 0) : null;
  const total = conf.data?.conformanceSummary.total;
  const inputs: KpiInputs = {
    communes: total?.tally ?? null,
    cyber: total?.byGroup.find((g) => g.groupCode === 'ANM')?.tally ?? null,
    provinceScores: conf.data ? conf.data.conformanceSummary.children.map((ch) => ch.tally.score) : null,
    provinces: c?.provinces.totalCount ?? null,
    ndxpProvinces: ndxp.data ? ndxp.data.impact.byProvince.length : null,
    vapexViolations: rules.data ? rules.data.vapex : null,
    vapexSystems: rules.data ? rules.data.systems.totalCount : null,
    components: allComponents,
    ...statusCounts(k),
    ndcViolations: rules.data ? rules.data.ndc : null,
    duplicates: dups.data ? dups.data.duplication.count : null,
  };
  const list = computeKpis(inputs);

  return (
    <section className="overview">
      <h1>{tr('overviewTitle')}</h1>
      <p className="intro">{tr('overviewIntro')}</p>

      <h2>{tr('countsByLayer')}</h2>
      <QueryView
        state={counts}
        skeleton={
          <div className="layers" data-testid="overview-skeleton">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} rows={6} className="layer-card" what={i === 0 ? tr('countsByLayer') : undefined} />
            ))}
          </div>
        }
      >
        {(d) => <Layers d={d} />}
      </QueryView>

      <h2>{tr('kpiTitle')}</h2>
      <p className="intro">{tr('kpiIntro')}</p>
      {sources.map((s) =>
        s.q.error ? <ErrorBox key={s.what} error={s.q.error} onRetry={s.q.reload} title={tr('kpiSourceFailed', { what: s.what })} /> : null,
      )}
      <p className="kpi-status" role="status" data-testid="kpi-status">
        {running.length > 0 ? tr(retrying ? 'kpiComputingSlow' : 'kpiComputingWhat', { what: running.map((s) => s.what).join(', ') }) : ''}
      </p>
      <div className="kpi-groups" data-testid="kpi-groups" aria-busy={kpiLoading || counts.loading}>
        {KPI_GROUPS.map((g, i) => (
          <section key={g.id} className="kpi-group" aria-labelledby={`kpi-g-${g.id}`}>
            <h3 id={`kpi-g-${g.id}`}>
              {i + 1}. {tr(g.title)}
            </h3>
            {list
              .filter((x) => x.group === g.id)
              .map((x) => (
                <KpiCard key={x.id} kpi={x} lang={lang} loading={kpiLoading} />
              ))}
          </section>
        ))}
      </div>
      <section className="kpi-measured" aria-labelledby="kpi-g-measured" data-testid="kpi-measured">
        <h3 id="kpi-g-measured">{tr('kpiGroupMeasured')}</h3>
        <p className="note small">{tr('kpiMeasuredIntro', { period })}</p>
        {measured.error && (
          <ErrorBox error={measured.error} onRetry={measured.reload} title={tr('kpiSourceFailed', { what: tr('srcMeasured') })} />
        )}
        {measured.loading && <Skeleton rows={6} what={tr('kpiGroupMeasured')} />}
        {measured.data && (
          <table className="groups-table">
            <tbody>
              {[
                measured.data.satisfaction,
                measured.data.processing,
                measured.data.compliance,
                measured.data.efficiency,
                measured.data.maturity,
                measured.data.dxLevel,
              ].map((m) => {
                const ind = measured.data?.indicators.find((x) => x.code === m.indicator.code);
                return (
                  <tr key={m.indicator.code} data-testid={`measured-${m.indicator.code}`}>
                    <th scope="row" title={ind ? `${ind.source} · ${ind.thresholdSource}` : undefined}>
                      {ind ? nameOf(lang, ind) : m.indicator.code}
                    </th>
                    <td className="num">
                      {m.total.value === null || m.total.value === undefined
                        ? tr('kpiMeasuredNone')
                        : `${formatNumber(lang, Math.round(m.total.value * 100) / 100)} ${ind?.unit ?? ''}`}
                    </td>
                    <td className="num">{tr('kpiMeasuredCoverage', { reported: m.total.reported, of: m.total.of })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <h2>{tr('overviewByScope')}</h2>
      <QueryView state={byScope} skeleton={<Skeleton rows={5} what={tr('overviewByScope')} />}>
        {(d) => (
          <StackedBars
            testId="overview-by-scope"
            title={tr('overviewByScope')}
            lang={lang}
            labelWidth={140}
            segments={STATUSES.map((st) => ({ key: st, label: enumLabel(lang, 'Status', st), color: STATUS_COLORS[st] ?? '#999' }))}
            rows={pivot(d.componentAggregate.groups, SCOPES).map((r) => ({
              key: r.key,
              label: r.key ? enumLabel(lang, 'Scope', r.key) : tr('noneRecorded'),
              parts: r.parts,
            }))}
          />
        )}
      </QueryView>
      <p className="hint">
        <Link to={href('/roadmap', {}, lang)}>{tr('navRoadmap')}</Link> ·{' '}
        <Link to={href('/conformance', {}, lang)}>{tr('navConformance')}</Link> ·{' '}
        <Link to={href('/duplicates', {}, lang)}>{tr('navDuplicates')}</Link> ·{' '}
        <Link to={href('/impact', { of: 'NDXP', depth: 3 }, lang)}>{tr('navImpact')}: NDXP</Link>
      </p>
    </section>
  );
}
