import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorBox, Loading } from '../components/Status';
import { AsOfBanner } from '../components/AsOf';
import { useT, useTitle } from '../hooks';
import { safeFileName } from '../lib/csv';
import { download, downloadText } from '../lib/download';
import { formatDay } from '../lib/i18n';
import { buildImpactGraph, itemsCsv, provinceAggId, provincesCsv, type ImpactGraph } from '../lib/impactGraph';
import { impactHref, parseImpact, type ImpactState } from '../lib/url';
import { navigate, useLocation } from '../router';
import { useImpactData } from './impactData';
import type { GraphHandle } from './ImpactGraphView';
import { ImpactControls, ImpactGraphPanel, ImpactHead, ImpactSide, loadGraphView, LoadProgress } from './ImpactParts';

/** Most components drawn one by one; a larger result is rolled up by province. */
export const MAX_NODES = 150;

/** The impact page: its state (the URL, the selected node, the graph's handle) and its parts. */
export function Impact() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = parseImpact(search);
  useTitle(`${tr('impactTitle')}: ${s.of}${s.asOf ? ` (${s.asOf})` : ''}`);
  const data = useImpactData(s);
  useEffect(() => {
    loadGraphView().catch(() => undefined);
  }, []);
  const [handle, setHandle] = useState<GraphHandle | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [csvBusy, setCsvBusy] = useState(false);
  const onReady = useCallback((h: GraphHandle | null) => setHandle(h), []);
  const go = (p: Partial<ImpactState>) => {
    setSelectedId(null);
    navigate(impactHref({ ...s, ...p }, lang));
  };

  const sum = data.summary.data?.impact;
  // While the remaining pages load in the background, the graph shows the first page (with the
  // summary's counts); it is redrawn once they are all in (or when the loading stops).
  const drawnItems = !data.ready ? null : data.busy ? data.first : data.items;
  const graph: ImpactGraph | null = useMemo(() => {
    if (!sum || drawnItems === null) return null;
    return buildImpactGraph({
      root: {
        code: sum.root.code,
        name: sum.root.name,
        nameEn: sum.root.nameEn,
        layer: sum.root.layer.code,
        dependsOn: sum.direction === 'DEPENDENCIES' ? sum.root.dependsOn.map((d) => d.code) : [],
      },
      maxDepth: sum.maxDepth,
      total: sum.total,
      items: drawnItems,
      byProvince: sum.byProvince,
      maxNodes: MAX_NODES,
    });
  }, [sum, drawnItems]);
  const shown = graph;
  const selected = shown?.nodes.find((n) => n.id === selectedId) ?? null;

  // Exports of an earlier day say which day in their name.
  const fileBase = `impact-${safeFileName(s.of)}-d${s.depth}${s.asOf ? `-${safeFileName(s.asOf)}` : ''}`;
  const exportPng = async () => {
    if (!handle) return;
    download(await handle.png(), `${fileBase}.png`);
  };
  const exportCsv = async () => {
    setCsvBusy(true);
    try {
      const items = data.complete ? data.items : await data.loadRest();
      downloadText(itemsCsv(items), `${fileBase}.csv`);
    } catch {
      // the page error is shown by the data hook
    } finally {
      setCsvBusy(false);
    }
  };
  const exportProvinces = () => {
    if (sum) downloadText(provincesCsv(sum.byProvince, sum.total), `${fileBase}-provinces.csv`);
  };
  const pickProvince = (key: string) => {
    const id = provinceAggId(key);
    setSelectedId(id);
    handle?.focus(id);
  };

  const pick = (id: string) => {
    setSelectedId(id);
    handle?.focus(id);
  };

  return (
    <section className="impact">
      <h1>{tr('impactTitle')}</h1>
      <p className="intro">{tr('impactIntro')}</p>
      <ImpactControls s={s} tr={tr} go={go} />
      <AsOfBanner asOf={s.asOf} onNow={() => go({ asOf: null })} />

      {data.summary.error && (
        <ErrorBox
          error={data.summary.error}
          onRetry={data.summary.reload}
          title={
            data.summary.error.code === 'NOT_FOUND'
              ? s.asOf
                ? tr('componentNotFoundOn', { code: s.of, day: formatDay(lang, s.asOf) })
                : tr('componentNotFound', { code: s.of })
              : undefined
          }
        />
      )}
      {data.summary.loading && <Loading what={s.of} />}
      {sum && (
        <>
          <ImpactHead
            sum={sum}
            lang={lang}
            tr={tr}
            canPng={handle !== null}
            csvBusy={csvBusy}
            onPng={exportPng}
            onCsv={exportCsv}
            onProvinces={exportProvinces}
          />
          <LoadProgress data={data} total={sum.total} tr={tr} />
          {data.pageError && <ErrorBox error={data.pageError} onRetry={() => data.loadRest().catch(() => undefined)} />}
          {sum.total === 0 ? (
            <p>{tr('noDependents')}</p>
          ) : (
            <div className="impact-body">
              <ImpactGraphPanel sum={sum} graph={shown} lang={lang} tr={tr} onSelect={setSelectedId} onPick={pick} onReady={onReady} />
              <ImpactSide sum={sum} selected={selected} s={s} lang={lang} tr={tr} onPickProvince={pickProvince} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
