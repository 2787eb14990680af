import { Fragment, useEffect, useRef, useState } from 'react';
import { graphql } from '../gql';
import type { ConformanceProvinceQuery } from '../gql/graphql';
import { useQuery } from '../api';
import { Loading, QueryView } from '../components/Status';
import { AsOfBanner, AsOfControl, NothingRecorded, useRecordedSince } from '../components/AsOf';
import { ProvinceGaps } from '../components/ConformanceGaps';
import { useAfterFirstPaint, useT, useTitle } from '../hooks';
import { HEAT_CLASSES, heatClass, textOn } from '../lib/color';
import { heatColumns, heatRows, type HeatRow } from '../lib/heatmap';
import { moveInGrid, type GridPos } from '../lib/gridNav';
import { enumLabel, formatNumber, formatPercent, nameOf, type Lang } from '../lib/i18n';
import { agencyHref, asOfVars, conformanceHref, parseConformance, referenceHref, type ConformanceState } from '../lib/url';
import { nationVars, provinceVars } from '../lib/requests';
import { Link, navigate, useLocation } from '../router';

const NationQuery = graphql(`
  query ConformanceNation($framework: String, $asOf: Date) {
    groups(framework: $framework) {
      code
      name
      nameEn
      layer {
        code
        number
      }
    }
    conformanceSummary(asOf: $asOf) {
      total {
        communes
        supplementary {
          applicable
          realized
          exploited
          provided
          notDeployed
          score
        }
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
        agency {
          code
          name
          nameEn
        }
        communes
        supplementary {
          applicable
          realized
          exploited
          provided
          notDeployed
          score
        }
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
    }
  }
`);

const ProvinceQuery = graphql(`
  query ConformanceProvince($province: ID!, $asOf: Date) {
    conformanceSummary(province: $province, asOf: $asOf) {
      total {
        agency {
          code
          name
          nameEn
        }
        communes
        supplementary {
          applicable
          realized
          exploited
          provided
          notDeployed
          score
        }
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
        agency {
          code
          name
          nameEn
          areaType
        }
        communes
        supplementary {
          applicable
          realized
          exploited
          provided
          notDeployed
          score
        }
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
    }
  }
`);

const CommuneQuery = graphql(`
  query CommuneConformance($agency: ID!, $asOf: Date) {
    conformance(agency: $agency, asOf: $asOf) {
      agency {
        code
        name
        nameEn
      }
      frameworkCode
      supplementary {
        applicable
        realized
        exploited
        provided
        notDeployed
        score
      }
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
          tier
          areaType
          group {
            code
          }
        }
      }
    }
  }
`);

/** GridCellProps place a cell in the heatmap's grid: its position and whether it holds the tab stop. */
interface GridCellProps {
  at?: { r: number; c: number; tab: boolean };
}

function gridAttrs(at: GridCellProps['at']) {
  return at ? { 'data-r': at.r, 'data-c': at.c, tabIndex: at.tab ? 0 : -1 } : {};
}

function Cell({
  score,
  label,
  lang,
  onClick,
  active,
  testId,
  at,
}: {
  score: number | null;
  label: string;
  lang: Lang;
  onClick?: () => void;
  active?: boolean;
  testId?: string;
} & GridCellProps) {
  if (score === null) {
    return (
      <td className="heat na" aria-label={`${label}: —`} {...gridAttrs(at)}>
        —
      </td>
    );
  }
  const k = heatClass(score);
  const text = formatPercent(lang, score);
  // The colours are classes (styles/conformance.css), not a style on each of a thousand cells.
  return (
    <td className={`heat ${k < 0 ? 'hx' : `h${k}`}${active ? ' active' : ''}`}>
      {onClick ? (
        <button
          type="button"
          onClick={onClick}
          aria-label={`${label}: ${text}`}
          aria-pressed={active}
          data-testid={testId}
          {...gridAttrs(at)}
        >
          {Math.round(score * 100)}
        </button>
      ) : (
        <span aria-label={`${label}: ${text}`}>{Math.round(score * 100)}</span>
      )}
    </td>
  );
}

/** useGridFocus keeps the heatmap's one tab stop (a roving tabindex): the cell last focused, by
 * keys or by the mouse; move() focuses another cell. */
function useGridFocus() {
  const [pos, setPos] = useState<GridPos>({ r: 0, c: 0 });
  const at = (r: number, c: number) => ({ r, c, tab: r === pos.r && c === pos.c });
  const move = (table: HTMLElement, next: GridPos) => {
    setPos(next);
    table.querySelector<HTMLElement>(`[data-r="${next.r}"][data-c="${next.c}"]`)?.focus();
  };
  const focused = (el: EventTarget) => {
    if (!(el instanceof HTMLElement) || el.dataset.r === undefined) return;
    const r = Number(el.dataset.r);
    const c = Number(el.dataset.c);
    setPos((p) => (p.r === r && p.c === c ? p : { r, c }));
  };
  return { pos, at, move, focused };
}

function Scale() {
  const { tr } = useT();
  return (
    <p className="scale" aria-hidden="true">
      {tr('scaleLow')}
      {HEAT_CLASSES.map((k) => (
        <span key={k.from} style={{ background: k.color, color: textOn(k.color) }}>
          {k.from === 1 ? '100' : `≥ ${Math.round(k.from * 100)}`}
        </span>
      ))}
      {tr('scaleHigh')} (%)
    </p>
  );
}

function CommuneMissing({ code, group, asOf }: { code: string; group: string | null; asOf: string | null }) {
  const { lang, tr } = useT();
  const res = useQuery(CommuneQuery, { agency: code, ...asOfVars(asOf) });
  return (
    <QueryView state={res}>
      {(d) => {
        const missing = d.conformance.items.filter((i) => i.state === 'MISSING' && (!group || i.reference.group.code === group));
        return (
          <div className="missing" data-testid="commune-missing">
            <h4>
              {tr('missingOf', { name: nameOf(lang, d.conformance.agency) })}
              {group ? ` · ${tr('filterGroup', { group })}` : ''} ({formatNumber(lang, missing.length)})
            </h4>
            {missing.length === 0 ? (
              <p>{tr('noneMissing')}</p>
            ) : (
              <ul className="rel-list">
                {missing.map((i) => (
                  <li key={i.reference.code}>
                    <Link to={referenceHref(i.reference.code, lang)}>
                      <code>{i.reference.code}</code> {nameOf(lang, i.reference)}
                    </Link>{' '}
                    <span className="muted">
                      ({enumLabel(lang, 'Tier', i.reference.tier)}
                      {i.reference.areaType ? ` · ${enumLabel(lang, 'AreaType', i.reference.areaType)}` : ''})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      }}
    </QueryView>
  );
}

type ProvinceChild = ConformanceProvinceQuery['conformanceSummary']['children'][number];

/** The first rows of the communes' table drawn with the rest of the province's view; the others
 * (a province has up to a few hundred communes, × the groups) once that is on the screen. */
const FIRST_COMMUNE_ROWS = 20;

/** CommunesTable: the province's communes × groups, each row opening what the commune misses. It
 * is below the heatmap: its rows past the first ones are drawn after the first paint (the table is
 * aria-busy until then). */
function CommunesTable({
  rows,
  s,
  cols,
  gi,
  summary,
  set,
}: {
  rows: HeatRow[];
  s: ConformanceState & { province: string };
  cols: readonly string[];
  gi: number;
  summary: readonly ProvinceChild[];
  set: (p: Partial<ConformanceState>) => void;
}) {
  const { lang, tr } = useT();
  const all = useAfterFirstPaint();
  const byCode = new Map(summary.map((c) => [c.agency?.code, c]));
  const shown = all ? rows : rows.filter((r, i) => i < FIRST_COMMUNE_ROWS || r.code === s.commune);
  return (
    <div className="table-wrap">
      <table className="heatmap communes" data-testid="communes-table" aria-busy={shown.length < rows.length}>
        <thead>
          <tr>
            <th scope="col">{tr('communes')}</th>
            <th scope="col">{tr('score')}</th>
            {cols.map((c) => (
              <th scope="col" key={c} className={c === s.group ? 'active' : undefined}>
                <button type="button" className="linklike" onClick={() => set({ group: c === s.group ? null : c })}>
                  {c}
                </button>
              </th>
            ))}
            <th scope="col">{tr('missing')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const open = s.commune === r.code;
            const missingInGroup = gi >= 0 ? (r.cells[gi]?.tally?.missing ?? 0) : null;
            const rollup = byCode.get(r.code);
            return (
              <Fragment key={r.code}>
                <tr className={open ? 'open' : undefined}>
                  <th scope="row">
                    <Link to={agencyHref(r.code, lang)}>{nameOf(lang, r)}</Link>
                    {rollup?.agency?.areaType && (
                      <span className="muted small"> · {enumLabel(lang, 'AreaType', rollup.agency.areaType)}</span>
                    )}
                  </th>
                  <Cell score={r.score} label={`${nameOf(lang, r)}`} lang={lang} />
                  {r.cells.map((c) => (
                    <Cell key={c.group} score={c.score} label={`${nameOf(lang, r)}, ${c.group}`} lang={lang} active={c.group === s.group} />
                  ))}
                  <td>
                    <button
                      type="button"
                      aria-expanded={open}
                      onClick={() => set({ commune: open ? null : r.code })}
                      data-testid="show-missing"
                    >
                      {open ? tr('hideMissing') : tr('showMissing')} ({formatNumber(lang, missingInGroup ?? rollup?.tally.missing ?? 0)})
                    </button>
                  </td>
                </tr>
                {open && (
                  <tr className="drill">
                    <td colSpan={cols.length + 3}>
                      <CommuneMissing code={r.code} group={s.group} asOf={s.asOf} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ProvincePanel({ s, columns }: { s: ConformanceState & { province: string }; columns: readonly string[] }) {
  const { lang, tr } = useT();
  const res = useQuery(ProvinceQuery, provinceVars(s.province, s.asOf));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [s.province, res.data]);
  // Each choice is a step in the browser's history: Back returns to the previous one.
  const set = (p: Partial<ConformanceState>) => navigate(conformanceHref({ ...s, ...p }, lang));
  return (
    <section className="province-panel" aria-labelledby="province-panel-title" data-testid="province-panel">
      <QueryView state={res}>
        {(d) => {
          const cols = heatColumns([d.conformanceSummary.total, ...d.conformanceSummary.children], columns);
          const rows = heatRows(d.conformanceSummary.children, cols);
          const gi = s.group ? cols.indexOf(s.group) : -1;
          const key = (r: HeatRow) => (gi >= 0 ? (r.cells[gi]?.score ?? 2) : r.score);
          rows.sort((a, b) => key(a) - key(b) || a.code.localeCompare(b.code));
          const p = d.conformanceSummary.total.agency;
          return (
            <>
              <div className="panel-head">
                <h2 id="province-panel-title" ref={heading} tabIndex={-1}>
                  {tr('communesOf', { name: p ? nameOf(lang, p) : s.province })}
                  {s.group ? ` · ${tr('filterGroup', { group: s.group })}` : ''}
                </h2>
                <div>
                  {s.group && (
                    <button type="button" onClick={() => set({ group: null })}>
                      {tr('allGroups')}
                    </button>
                  )}{' '}
                  <button type="button" onClick={() => navigate(conformanceHref({ asOf: s.asOf }, lang))}>
                    {tr('closePanel')}
                  </button>
                </div>
              </div>
              <p className="stat-line">
                {tr('communes')}: {formatNumber(lang, d.conformanceSummary.total.communes)} · {tr('score')}:{' '}
                <strong>{formatPercent(lang, d.conformanceSummary.total.tally.score)}</strong> · {tr('provided')}:{' '}
                {formatNumber(lang, d.conformanceSummary.total.tally.provided)} · {tr('missing')}:{' '}
                {formatNumber(lang, d.conformanceSummary.total.tally.missing)} · {tr('supplementary')}:{' '}
                {formatPercent(lang, d.conformanceSummary.total.supplementary.score)} ({tr('notDeployed')}:{' '}
                {formatNumber(lang, d.conformanceSummary.total.supplementary.notDeployed)})
                {p && (
                  <>
                    {' · '}
                    <Link to={agencyHref(p.code, lang)}>{nameOf(lang, p)}</Link>
                  </>
                )}
              </p>
              <CommunesTable rows={rows} s={s} cols={cols} gi={gi} summary={d.conformanceSummary.children} set={set} />
              <ProvinceGaps
                province={s.province}
                group={s.group}
                asOf={s.asOf}
                sortByName={s.gaps === 'name'}
                onSort={(byName) => set({ gaps: byName ? 'name' : null })}
              />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

export function Conformance() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = parseConformance(search);
  useTitle(`${tr('conformanceTitle')}${s.asOf ? ` (${s.asOf})` : ''}`);
  const rec = useRecordedSince(s.asOf);
  // Asked with the first recorded day (as on the Duplicates page), shown only once it says the
  // day is recorded.
  const res = useQuery(NationQuery, nationVars(s), rec.before);
  const setAsOf = (asOf: string | null) => navigate(conformanceHref({ ...s, asOf }, lang), { replace: true });
  const grid = useGridFocus();
  return (
    <section className="conformance">
      <h1>{tr('conformanceTitle')}</h1>
      <p className="intro">{tr('conformanceIntro')}</p>
      <div className="controls">
        <AsOfControl value={s.asOf} onChange={setAsOf} />
      </div>
      <AsOfBanner asOf={s.asOf} onNow={() => setAsOf(null)} />
      {s.asOf && rec.before && rec.first ? (
        <NothingRecorded asOf={s.asOf} first={rec.first} onFirst={(day) => setAsOf(day)} />
      ) : rec.loading ? (
        <Loading />
      ) : (
        <QueryView state={res}>
          {(d) => {
            const order = [...d.groups].sort((a, b) => a.layer.number - b.layer.number || a.code.localeCompare(b.code)).map((g) => g.code);
            const names = new Map(d.groups.map((g) => [g.code, g]));
            const cols = heatColumns(d.conformanceSummary.children, order);
            const rows = heatRows(d.conformanceSummary.children, cols).sort((a, b) => nameOf(lang, a).localeCompare(nameOf(lang, b), lang));
            const nation = d.conformanceSummary.total;
            const nationBy = new Map(nation.byGroup.map((g) => [g.groupCode, g.tally]));
            return (
              <>
                <p className="stat-line">
                  {tr('national')}: {tr('score')} <strong>{formatPercent(lang, nation.tally.score)}</strong> · {tr('communes')}:{' '}
                  {formatNumber(lang, nation.communes)} · {tr('realized')}: {formatNumber(lang, nation.tally.realized)} · {tr('exploited')}:{' '}
                  {formatNumber(lang, nation.tally.exploited)} · {tr('provided')}: {formatNumber(lang, nation.tally.provided)} ·{' '}
                  {tr('missing')}: {formatNumber(lang, nation.tally.missing)} · {tr('applicable')}:{' '}
                  {formatNumber(lang, nation.tally.applicable)}
                </p>
                <p className="stat-line" data-testid="nation-supplementary">
                  {tr('supplementary')}: <strong>{formatPercent(lang, nation.supplementary.score)}</strong> · {tr('realized')}:{' '}
                  {formatNumber(lang, nation.supplementary.realized)} · {tr('exploited')}:{' '}
                  {formatNumber(lang, nation.supplementary.exploited)} · {tr('provided')}:{' '}
                  {formatNumber(lang, nation.supplementary.provided)} · {tr('notDeployed')}:{' '}
                  {formatNumber(lang, nation.supplementary.notDeployed)} · {tr('applicable')}:{' '}
                  {formatNumber(lang, nation.supplementary.applicable)}
                </p>
                <Scale />
                <p id="heatmap-keys" className="note small">
                  {tr('heatmapKeys')}
                </p>
                <div className="table-wrap heat-wrap">
                  <table
                    className="heatmap"
                    role="grid"
                    aria-label={tr('heatmapLabel')}
                    aria-describedby="heatmap-keys"
                    data-testid="heatmap"
                    onKeyDown={(e) => {
                      const next = moveInGrid(grid.pos, e.key, e.ctrlKey || e.metaKey, rows.length, cols.length + 2);
                      if (!next) return;
                      e.preventDefault();
                      grid.move(e.currentTarget, next);
                    }}
                    onFocus={(e) => grid.focused(e.target)}
                  >
                    <thead>
                      <tr>
                        <th scope="col">{tr('province')}</th>
                        <th scope="col">{tr('score')}</th>
                        {cols.map((c) => {
                          const g = names.get(c);
                          return (
                            <th scope="col" key={c} title={g ? nameOf(lang, g) : c} className={c === s.group ? 'active' : undefined}>
                              <abbr title={g ? nameOf(lang, g) : c}>{c}</abbr>
                            </th>
                          );
                        })}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r, ri) => (
                        <tr key={r.code} className={r.code === s.province ? 'open' : undefined}>
                          <th scope="row">
                            <button
                              type="button"
                              className="linklike"
                              onClick={() => navigate(conformanceHref({ province: r.code, asOf: s.asOf }, lang))}
                              {...gridAttrs(grid.at(ri, 0))}
                            >
                              {nameOf(lang, r)}
                            </button>{' '}
                            <span className="muted small">({formatNumber(lang, r.communes)})</span>
                          </th>
                          <Cell
                            score={r.score}
                            label={nameOf(lang, r)}
                            lang={lang}
                            active={r.code === s.province && !s.group}
                            onClick={() => navigate(conformanceHref({ province: r.code, asOf: s.asOf }, lang))}
                            at={grid.at(ri, 1)}
                          />
                          {r.cells.map((c, ci) => (
                            <Cell
                              key={c.group}
                              score={c.score}
                              label={`${nameOf(lang, r)}, ${c.group}`}
                              lang={lang}
                              active={r.code === s.province && c.group === s.group}
                              onClick={() => navigate(conformanceHref({ province: r.code, group: c.group, asOf: s.asOf }, lang))}
                              testId={`cell-${r.code}-${c.group}`}
                              at={grid.at(ri, ci + 2)}
                            />
                          ))}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{tr('national')}</th>
                        <Cell score={nation.tally.score} label={tr('national')} lang={lang} />
                        {cols.map((c) => {
                          const t = nationBy.get(c);
                          return (
                            <Cell key={c} score={t && t.applicable > 0 ? t.score : null} label={`${tr('national')}, ${c}`} lang={lang} />
                          );
                        })}
                      </tr>
                    </tfoot>
                  </table>
                </div>
                {s.province && <ProvincePanel s={{ ...s, province: s.province }} columns={cols} />}
              </>
            );
          }}
        </QueryView>
      )}
    </section>
  );
}
