// Loads an impact analysis: the summary and the first page of items in one request, then —
// for results up to AUTO_LOAD_LIMIT, or when asked — the remaining pages one after another in
// the background (each page is at most 100: the API's limit), abortable.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql';
import type { ImpactItemFieldsFragment, ImpactPageQuery as ImpactPageResult } from '../gql/graphql';
import { ApiError, gqlRequest, useQuery } from '../api';
import type { ImpactItem } from '../lib/impactGraph';
import { asOfVars, type ImpactState } from '../lib/url';

export const PAGE = 100;
/** Results up to this size load all their details by themselves. */
export const AUTO_LOAD_LIMIT = 5000;

export const ImpactItemFields = graphql(`
  fragment ImpactItemFields on Impacted {
    depth
    component {
      code
      name
      nameEn
      layer {
        code
      }
      owner {
        code
        level
        province {
          code
        }
      }
      dependsOn {
        code
      }
    }
  }
`);

export const ImpactSummaryQuery = graphql(`
  query ImpactSummary($of: ID!, $dir: ImpactDirection, $depth: Int, $asOf: Date) {
    impact(of: $of, direction: $dir, maxDepth: $depth, asOf: $asOf) {
      maxDepth
      direction
      total
      root {
        code
        name
        nameEn
        layer {
          code
        }
        dependsOn {
          code
        }
      }
      byDepth {
        key
        name
        nameEn
        count
      }
      byLayer {
        key
        name
        nameEn
        count
      }
      byLevel {
        key
        name
        nameEn
        count
      }
      byProvince {
        key
        name
        nameEn
        count
      }
      items(first: 100) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ImpactItemFields
          }
        }
      }
    }
  }
`);

export const ImpactPageQuery = graphql(`
  query ImpactPage($of: ID!, $dir: ImpactDirection, $depth: Int, $after: String, $asOf: Date) {
    impact(of: $of, direction: $dir, maxDepth: $depth, asOf: $asOf) {
      items(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ImpactItemFields
          }
        }
      }
    }
  }
`);

export function toItem(n: ImpactItemFieldsFragment): ImpactItem {
  const c = n.component;
  return {
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    layer: c.layer.code,
    depth: n.depth,
    level: c.owner?.level ?? null,
    ownerCode: c.owner?.code ?? null,
    provinceCode: c.owner?.province?.code ?? null,
    dependsOn: c.dependsOn.map((d) => d.code),
  };
}

interface Pages {
  key: string;
  /** The summary's own page: what the graph shows while the rest loads. */
  first: ImpactItem[];
  items: ImpactItem[];
  next: string | null;
  busy: boolean;
  error?: ApiError;
}

export function useImpactData(s: ImpactState) {
  // The same day for the summary and every page of items (left out: now).
  const vars = useMemo(() => ({ of: s.of, dir: s.dir, depth: s.depth, ...asOfVars(s.asOf) }), [s.of, s.dir, s.depth, s.asOf]);
  const key = JSON.stringify(vars);
  const summary = useQuery(ImpactSummaryQuery, vars);
  const [pages, setPages] = useState<Pages>({ key: '', first: [], items: [], next: null, busy: false });
  const ctl = useRef<AbortController | null>(null);
  const live = useRef<Pages>(pages);
  live.current = pages;

  const stop = useCallback(() => {
    ctl.current?.abort();
    ctl.current = null;
    setPages((p) => ({ ...p, busy: false }));
  }, []);

  /** loadRest fetches the pages not loaded yet and resolves with every item (or rejects). */
  const loadRest = useCallback(async (): Promise<ImpactItem[]> => {
    const start = live.current;
    if (start.key !== key) return start.items;
    if (!start.next) return start.items;
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    let items = start.items;
    let next: string | null = start.next;
    setPages({ ...start, busy: true, error: undefined });
    try {
      while (next) {
        const d: ImpactPageResult = await gqlRequest(ImpactPageQuery, { ...vars, after: next }, c.signal);
        items = items.concat(d.impact.items.edges.map((e) => toItem(e.node)));
        next = d.impact.items.pageInfo.hasNextPage ? (d.impact.items.pageInfo.endCursor ?? null) : null;
        if (c.signal.aborted) break;
        const snapshot: Pages = { key, first: start.first, items, next, busy: next !== null };
        live.current = snapshot;
        setPages(snapshot);
      }
      return items;
    } catch (e) {
      if (!c.signal.aborted) {
        const err = e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null);
        setPages((p) => ({ ...p, busy: false, error: err }));
        throw err;
      }
      return items;
    } finally {
      if (ctl.current === c) ctl.current = null;
    }
  }, [key, vars]);

  // A new summary resets the pages to its first page, and starts the background load when the
  // result is small enough.
  useEffect(() => {
    const d = summary.data;
    if (!d) return;
    ctl.current?.abort();
    const firstItems = d.impact.items.edges.map((e) => toItem(e.node));
    const first: Pages = {
      key,
      first: firstItems,
      items: firstItems,
      next: d.impact.items.pageInfo.hasNextPage ? (d.impact.items.pageInfo.endCursor ?? null) : null,
      busy: false,
    };
    live.current = first;
    setPages(first);
    if (first.next && d.impact.total <= AUTO_LOAD_LIMIT) {
      loadRest().catch(() => undefined);
    }
    return () => ctl.current?.abort();
  }, [summary.data, key, loadRest]);

  const current = pages.key === key;
  return {
    summary,
    ready: current,
    first: current ? pages.first : [],
    items: current ? pages.items : [],
    busy: current && pages.busy,
    complete: current && summary.data !== undefined && pages.next === null,
    pageError: current ? pages.error : undefined,
    loadRest,
    stop,
  };
}
