// The impact explorer's one query per view: the summary (total, by depth, layer, level) and
// either the groups of the current drill-down level, counted on the server, or one page of its
// components. A view therefore costs one request, whatever the size of the impact.

import { useMemo } from 'react';
import { graphql } from '../gql';
import type { ImpactViewQuery as ImpactViewResult } from '../gql/graphql';
import { useQuery } from '../api';
import type { Item } from '../lib/impactExplorer';
import { IMPACT_PAGE, impactViewVars } from '../lib/requests';
import type { ImpactState } from '../lib/url';

export const ImpactViewQuery = graphql(`
  query ImpactView(
    $of: ID!
    $dir: ImpactDirection
    $depth: Int
    $asOf: Date
    $by: ImpactGroupBy!
    $filter: ImpactItemFilter
    $grouped: Boolean!
    $groups: Int
    $after: String
    $first: Int
  ) {
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
      groups(by: $by, filter: $filter, first: $groups) @include(if: $grouped) {
        total
        count
        nodes {
          key
          name
          nameEn
          count
          byDepth
        }
      }
      items(first: $first, after: $after, filter: $filter) @skip(if: $grouped) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
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
                name
                nameEn
              }
              dependsOn {
                code
              }
            }
          }
        }
      }
    }
  }
`);

export type ImpactViewData = ImpactViewResult['impact'];

export function toItems(d: ImpactViewData): Item[] {
  return (d.items?.edges ?? []).map(({ node: n }) => ({
    code: n.component.code,
    name: n.component.name,
    nameEn: n.component.nameEn,
    layer: n.component.layer.code,
    depth: n.depth,
    ownerCode: n.component.owner?.code ?? null,
    ownerName: n.component.owner?.name ?? null,
    ownerNameEn: n.component.owner?.nameEn ?? null,
    dependsOn: n.component.dependsOn.map((c) => c.code),
  }));
}

/** The variables of a view's query (also used to fetch every group or page for a CSV). */
export const viewVars = impactViewVars;
export const PAGE = IMPACT_PAGE;

export function useImpactView(s: ImpactState) {
  const key = JSON.stringify(viewVars(s));
  const vars = useMemo(() => JSON.parse(key) as ReturnType<typeof viewVars>, [key]);
  return useQuery(ImpactViewQuery, vars);
}
