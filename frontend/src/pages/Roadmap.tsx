// The roadmap: national platforms by due year and status, and the dashboard questions of issue
// 18 (components by province and status, L3 components per ministry, communes by area type with
// their conformance score), each one aggregation query of the API.
import { memo } from 'react';
import { graphql } from '../gql';
import type {
  CommuneScoresQuery as CommuneScoresQueryData,
  MinistryL3Query as MinistryL3QueryData,
  ProvinceStatusQuery as ProvinceStatusQueryData,
  RoadmapQuery as RoadmapQueryData,
} from '../gql/graphql';
import { useQuery } from '../api';
import { QueryView } from '../components/Status';
import { STATUS_COLORS, StackedBars, type BarRow, type Segment } from '../components/Charts';
import { useT, useTitle } from '../hooks';
import { heatColor, textOn } from '../lib/color';
import { compareCodes, NONE, pivot, type AggGroup } from '../lib/aggregate';
import { STATUSES } from '../lib/enums';
import { enumLabel, formatNumber, formatPercent, nameOf, type Lang } from '../lib/i18n';
import { roadmapVars } from '../lib/requests';
import { agencyHref, componentHref } from '../lib/url';
import { Link } from '../router';

const RoadmapQuery = graphql(`
  query Roadmap($year: Int!) {
    byYear: componentAggregate(
      where: { scope: { eq: NATIONAL }, dueYear: { isNull: false } }
      groupBy: [DUE_YEAR, STATUS]
      orderBy: KEY_ASC
      first: 500
    ) {
      count
      groups {
        keys {
          value
        }
        count
      }
    }
    undated: componentAggregate(where: { scope: { eq: NATIONAL }, dueYear: { isNull: true } }) {
      count
    }
    late: components(
      first: 100
      where: { scope: { eq: NATIONAL }, dueYear: { lte: $year }, status: { notIn: [OPERATING, RETIRED] } }
      orderBy: [{ field: DUE_YEAR }, { field: NAME }]
    ) {
      totalCount
      edges {
        node {
          id
          code
          name
          nameEn
          kind
          status
          dueYear
        }
      }
    }
  }
`);

const ProvinceStatusQuery = graphql(`
  query ProvinceStatus {
    componentAggregate(groupBy: [PROVINCE, STATUS], first: 1000) {
      groups {
        keys {
          value
          name
          nameEn
        }
        count
      }
    }
  }
`);

const MinistryL3Query = graphql(`
  query MinistryL3 {
    componentAggregate(where: { layer: { eq: "L3" }, ownerLevel: { eq: MINISTRY } }, groupBy: [OWNER], first: 100) {
      count
      groups {
        keys {
          value
          name
          nameEn
        }
        count
      }
    }
  }
`);

const CommuneScoreQuery = graphql(`
  query CommuneScores {
    agencyAggregate(where: { level: { eq: COMMUNE } }, groupBy: [AREA_TYPE], stats: [CONFORMANCE_SCORE], orderBy: AVG_ASC) {
      groups {
        keys {
          value
        }
        count
        stats {
          avg
          min
        }
      }
    }
    agencies(first: 15, where: { level: { eq: COMMUNE } }, orderBy: [{ field: CONFORMANCE_SCORE }, { field: NAME }]) {
      edges {
        node {
          id
          code
          name
          nameEn
          areaType
          conformanceScore
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

function statusSegments(lang: Lang): Segment[] {
  return STATUSES.map((s) => ({ key: s, label: enumLabel(lang, 'Status', s), color: STATUS_COLORS[s] ?? '#999' }));
}

function rowsOf(groups: readonly AggGroup[], lang: Lang, none: string, label: (key: string, name: string | null) => string): BarRow[] {
  return pivot(groups).map((r) => ({
    key: r.key,
    label: r.key === NONE ? none : label(r.key, lang === 'en' ? (r.nameEn ?? r.name) : r.name),
    parts: r.parts,
  }));
}

function Score({ score, lang }: { score: number | null | undefined; lang: Lang }) {
  if (score === null || score === undefined) return <span>—</span>;
  const bg = heatColor(score);
  return (
    <span className="score-chip" style={{ background: bg, color: textOn(bg) }}>
      {formatPercent(lang, score)}
    </span>
  );
}

// Each section is memoised on its answer: the page renders again as each of its four answers
// arrives, and the sections already drawn (charts of a few hundred SVG elements) are not redone.

const ByYear = memo(function ByYear({ d }: { d: RoadmapQueryData }) {
  const { lang, tr } = useT();
  const { year } = roadmapVars();
  const segments = statusSegments(lang);
  const none = tr('noneRecorded');
  return (
    <>
      <StackedBars
        testId="roadmap-by-year"
        title={tr('roadmapByYear')}
        lang={lang}
        segments={segments}
        labelWidth={80}
        rows={rowsOf(d.byYear.groups, lang, none, (k) => k).sort((a, b) => compareCodes(a.key, b.key))}
      />
      <p className="note small" data-testid="roadmap-undated">
        {tr('roadmapUndated', { n: formatNumber(lang, d.undated.count) })}
      </p>
      <h3>
        {tr('roadmapLate', { year })} ({formatNumber(lang, d.late.totalCount)})
      </h3>
      <table className="groups-table" data-testid="roadmap-late">
        <thead>
          <tr>
            <th scope="col">{tr('dueYear')}</th>
            <th scope="col">{tr('name')}</th>
            <th scope="col">{tr('kind')}</th>
            <th scope="col">{tr('status')}</th>
          </tr>
        </thead>
        <tbody>
          {d.late.edges.map(({ node: c }) => (
            <tr key={c.id}>
              <td className="num">{c.dueYear}</td>
              <th scope="row">
                <Link to={componentHref(c.code, lang)}>{nameOf(lang, c)}</Link>
              </th>
              <td>{enumLabel(lang, 'ComponentKind', c.kind)}</td>
              <td>{enumLabel(lang, 'Status', c.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
});

const ByProvince = memo(function ByProvince({ d }: { d: ProvinceStatusQueryData }) {
  const { lang, tr } = useT();
  const none = tr('noneRecorded');
  const segments = statusSegments(lang);
  return (
    <StackedBars
      testId="roadmap-by-province"
      title={tr('roadmapByProvince')}
      lang={lang}
      segments={segments}
      rows={rowsOf(d.componentAggregate.groups, lang, none, (k, n) => n ?? k)}
    />
  );
});

const Ministries = memo(function Ministries({ d }: { d: MinistryL3QueryData }) {
  const { lang, tr } = useT();
  const none = tr('noneRecorded');
  return (
    <StackedBars
      testId="roadmap-ministries"
      title={tr('roadmapMinistries')}
      lang={lang}
      segments={[{ key: NONE, label: 'L3', color: '#17803d' }]}
      rows={rowsOf(d.componentAggregate.groups, lang, none, (k, n) => n ?? k)}
    />
  );
});

const CommuneScores = memo(function CommuneScores({ d }: { d: CommuneScoresQueryData }) {
  const { lang, tr } = useT();
  const none = tr('noneRecorded');
  return (
    <>
      <table className="groups-table" data-testid="roadmap-communes">
        <thead>
          <tr>
            <th scope="col">{tr('areaType')}</th>
            <th scope="col" className="num">
              {tr('communes')}
            </th>
            <th scope="col" className="num">
              {tr('roadmapAverage')}
            </th>
            <th scope="col" className="num">
              {tr('roadmapLowest')}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.agencyAggregate.groups.map((g) => (
            <tr key={g.keys[0]?.value ?? NONE}>
              <th scope="row">{g.keys[0]?.value ? enumLabel(lang, 'AreaType', g.keys[0].value) : none}</th>
              <td className="num">{formatNumber(lang, g.count)}</td>
              <td className="num">
                <Score score={g.stats[0]?.avg} lang={lang} />
              </td>
              <td className="num">
                <Score score={g.stats[0]?.min} lang={lang} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{tr('roadmapWorst')}</h3>
      <table className="groups-table" data-testid="roadmap-worst">
        <tbody>
          {d.agencies.edges.map(({ node: a }) => (
            <tr key={a.id}>
              <th scope="row">
                <Link to={agencyHref(a.code, lang)}>{nameOf(lang, a)}</Link>
              </th>
              <td>{a.province ? nameOf(lang, a.province) : ''}</td>
              <td>{a.areaType ? enumLabel(lang, 'AreaType', a.areaType) : ''}</td>
              <td className="num">
                <Score score={a.conformanceScore} lang={lang} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
});

export function Roadmap() {
  const { tr } = useT();
  useTitle(tr('roadmapTitle'));
  const { year } = roadmapVars();
  const road = useQuery(RoadmapQuery, { year });
  // The communes' scores (the worst communes: what the page is for) are asked for with the
  // national roadmap; the provinces' chart, which reads every component, once both have answered
  // (the ministries' is cheap and goes with it): the two heavy ones never share the database's
  // CPUs, where asked at once each could miss the server's deadline on a loaded machine. Session
  // 9: asked after the provinces' chart, the scores came two round trips after the roadmap, each
  // started only when the main thread was free again. prefetch.ts asks in the same order.
  const communes = useQuery(CommuneScoreQuery, {});
  const later = road.loading || communes.loading;
  const provinces = useQuery(ProvinceStatusQuery, {}, later);
  const ministries = useQuery(MinistryL3Query, {}, later);
  return (
    <section className="roadmap">
      <h1>{tr('roadmapTitle')}</h1>
      <p className="intro">{tr('roadmapIntro')}</p>

      <h2>{tr('roadmapByYear')}</h2>
      <QueryView state={road}>{(d) => <ByYear d={d} />}</QueryView>

      <h2>{tr('roadmapByProvince')}</h2>
      <QueryView state={provinces}>{(d) => <ByProvince d={d} />}</QueryView>

      <h2>{tr('roadmapMinistries')}</h2>
      <QueryView state={ministries}>{(d) => <Ministries d={d} />}</QueryView>

      <h2>{tr('roadmapCommunes')}</h2>
      <QueryView state={communes}>{(d) => <CommuneScores d={d} />}</QueryView>
    </section>
  );
}
