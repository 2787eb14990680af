/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgencyFilter = {
  areaType?: AreaType | null | undefined;
  level?: Array<AgencyLevel> | null | undefined;
  /** Province (id or code): the province itself and its communes. */
  province?: string | null | undefined;
  synthetic?: boolean | null | undefined;
};

export type AgencyLevel =
  | 'CENTRAL'
  | 'COMMUNE'
  | 'MINISTRY'
  | 'PROVINCE';

export type AreaType =
  | 'MOUNTAIN_BORDER_ISLAND'
  | 'RURAL'
  | 'URBAN';

/**
 * One save of the component form: exactly one of create, update (with id) or retire (with id);
 * or, with an id alone, changes of its relationships.
 */
export type ComponentChangeInput = {
  /** A new component (createComponent's input). */
  create?: CreateComponentInput | null | undefined;
  /** Components (ids or codes) the saved component will depend on (addDependency after the save). */
  dependsOn?: Array<string> | null | undefined;
  /** The component updated or retired (id or code). */
  id?: string | null | undefined;
  provides?: Array<string> | null | undefined;
  /** Reference components (ids or codes) it will realize (addRealization after the save). */
  realizes?: Array<string> | null | undefined;
  /**
   * Relationships the component will lose or gain (the edit page's pickers): each as
   * removeDependency, removeRealization, add/removeProvision (capabilities, ids or codes) and
   * add/removeUse (agencies, ids or codes) would do it, with their rights. With an id and none of
   * update and retire, the preview is of these relationship changes alone (operation UPDATE,
   * nothing in changed).
   */
  removeDependsOn?: Array<string> | null | undefined;
  removeProvides?: Array<string> | null | undefined;
  removeRealizes?: Array<string> | null | undefined;
  removeUsedBy?: Array<string> | null | undefined;
  /** Retire the component (deleteComponent). */
  retire?: boolean | null | undefined;
  /** The revision the edit is based on, as for updateComponent and deleteComponent. */
  revision?: number | null | undefined;
  /** updateComponent's input. */
  update?: UpdateComponentInput | null | undefined;
  usedBy?: Array<string> | null | undefined;
};

export type ComponentChangeOperation =
  | 'CREATE'
  | 'RETIRE'
  | 'UPDATE';

export type ComponentFilter = {
  /** Only components that expose (true) or do not expose (false) an API. */
  exposesApi?: boolean | null | undefined;
  group?: string | null | undefined;
  kind?: Array<ComponentKind> | null | undefined;
  layer?: string | null | undefined;
  /** Owner agency (id or code). */
  owner?: string | null | undefined;
  /** Province (id or code): components owned by the province or its communes. */
  province?: string | null | undefined;
  scope?: Array<Scope> | null | undefined;
  status?: Array<Status> | null | undefined;
  synthetic?: boolean | null | undefined;
};

export type ComponentKind =
  | 'APPLICATION'
  | 'CHANNEL'
  | 'DASHBOARD'
  | 'DATABASE'
  | 'FRAMEWORK'
  | 'INFRASTRUCTURE'
  | 'NETWORK'
  | 'PLATFORM'
  | 'PORTAL'
  | 'SECURITY';

/**
 * REALIZED: the agency owns a component realizing it. EXPLOITS_SHARED: a "use the shared one" item
 * and the agency uses or depends on a shared component in its layer. PROVIDED_BY_PROVINCE: an
 * essential commune item that the commune's province deploys for it (the figures of Appendix 4:
 * "cấp tỉnh hoặc cấp xã xây dựng, triển khai", e.g. L2185). MISSING: an essential item none of
 * these. NOT_DEPLOYED: an area-supplementary item not deployed — optional (L586, L653, L718, L764,
 * L810, L860), never missing.
 */
export type ConformanceState =
  | 'EXPLOITS_SHARED'
  | 'MISSING'
  | 'NOT_DEPLOYED'
  | 'PROVIDED_BY_PROVINCE'
  | 'REALIZED';

export type CreateComponentInput = {
  /** Unique; upper-case letters, digits, '-', '_', '.' (at most 64). */
  code: string;
  /** What it does, 0..4000 characters, several lines allowed (stored in NFC); duplication detection reads it. */
  description?: string | null | undefined;
  dueYear?: number | null | undefined;
  exposesApi?: boolean | null | undefined;
  kind: ComponentKind;
  /** Layer code (L1..L4). */
  layer: string;
  /** Vietnamese name, 1..300 characters (stored in NFC). */
  name: string;
  /** English name, 1..300 characters. */
  nameEn: string;
  /** Owner agency (id or code). */
  owner?: string | null | undefined;
  restrictedData?: boolean | null | undefined;
  scope: Scope;
  /** Security level 1..5 (L249). */
  securityLevel?: number | null | undefined;
  status?: Status | null | undefined;
  /** Since when the component exists (YYYY-MM-DD, not after today); default today. */
  validFrom?: string | null | undefined;
};

/**
 * Where a duplication finding comes from: a declared PROVIDES edge (seed, inventory, API), one
 * inferred from the component's name and description, or an analyst's confirmation.
 */
export type DuplicateBasis =
  | 'CONFIRMED'
  | 'DECLARED'
  | 'INFERRED';

export type FrameworkLevel =
  | 'COMMUNE'
  | 'MINISTRY'
  | 'NATIONAL'
  | 'ORGANIZATION'
  | 'PROVINCE';

export type FrameworkStatus =
  | 'DRAFT'
  | 'IN_FORCE'
  | 'SUPERSEDED';

export type ImpactDirection =
  | 'DEPENDENCIES'
  | 'DEPENDENTS';

/** What Impact.groups groups by: the component's layer, its owner's level, its owner's province, its owner agency, its shortest depth. */
export type ImpactGroupBy =
  | 'DEPTH'
  | 'LAYER'
  | 'LEVEL'
  | 'OWNER'
  | 'PROVINCE';

export type ImpactItemFilter = {
  /** One depth (1..maxDepth). */
  depth?: number | null | undefined;
  /** Layer codes (byLayer keys). */
  layer?: Array<string> | null | undefined;
  /** Owner levels (byLevel keys): CENTRAL, MINISTRY, PROVINCE, COMMUNE, UNOWNED. */
  level?: Array<string> | null | undefined;
  /** The owner agency (id or code). */
  owner?: string | null | undefined;
  /** The owner's province (id or code): the province's own components and its communes'. */
  province?: string | null | undefined;
};

/** What an import does to a row's component. */
export type InventoryAction =
  | 'CREATE'
  | 'UNCHANGED'
  | 'UPDATE';

export type RefKind =
  | 'ACTIVITY'
  | 'COMPONENT';

export type ReferenceComponentFilter = {
  areaType?: AreaType | null | undefined;
  framework?: string | null | undefined;
  group?: string | null | undefined;
  layer?: string | null | undefined;
  tier?: Array<Tier> | null | undefined;
};

/** An analyst's decision on a finding; a dismissal lapses when the component's name, kind, description or realizations change. */
export type ReviewState =
  | 'CONFIRMED'
  | 'DISMISSED'
  | 'UNREVIEWED';

export type Scope =
  | 'COMMUNE'
  | 'MINISTRY'
  | 'NATIONAL'
  | 'ORGANIZATION'
  | 'PROVINCE';

/** UNKNOWN: no one has stated the status (the framework text states none for its national components). */
export type Status =
  | 'BUILDING'
  | 'OPERATING'
  | 'PLANNED'
  | 'RETIRED'
  | 'UNKNOWN';

export type Tier =
  | 'AREA_SUPPLEMENTARY'
  | 'CENTRAL'
  | 'COMMUNE_ESSENTIAL'
  | 'PROVINCE';

export type UpdateComponentInput = {
  /** What it does, 0..4000 characters; an empty string removes it. Changing it recomputes the inferred capabilities. */
  description?: string | null | undefined;
  dueYear?: number | null | undefined;
  exposesApi?: boolean | null | undefined;
  kind?: ComponentKind | null | undefined;
  layer?: string | null | undefined;
  name?: string | null | undefined;
  nameEn?: string | null | undefined;
  owner?: string | null | undefined;
  restrictedData?: boolean | null | undefined;
  scope?: Scope | null | undefined;
  /** Security level 1..5 (L249). */
  securityLevel?: number | null | undefined;
  status?: Status | null | undefined;
};

export type RecordedSinceQueryVariables = Exact<{ [key: string]: never; }>;


export type RecordedSinceQuery = { recordedSince: string | null };

export type PreviewComponentChangeMutationVariables = Exact<{
  change: ComponentChangeInput;
}>;


export type PreviewComponentChangeMutation = { previewComponentChange: { operation: ComponentChangeOperation, changed: Array<string>, agenciesChecked: number, agenciesLimited: boolean, dependentsTotal: number, transitiveDependents: number, usersTotal: number, conformance: Array<{ before: ConformanceState, after: ConformanceState, met: boolean, count: number, communes: number, reference: { code: string }, agencies: Array<{ code: string }> }>, becomeConformant: Array<{ code: string }>, stopConformant: Array<{ code: string }>, duplicatesAdded: Array<{ shared: { code: string } }>, duplicatesRemoved: Array<{ shared: { code: string } }>, inferred: Array<{ code: string }>, suggested: Array<{ code: string }>, violationsAdded: Array<{ ruleCode: string, component: { code: string } | null }>, violationsResolved: Array<{ ruleCode: string, component: { code: string } | null }>, dependents: Array<{ code: string }>, users: Array<{ code: string }> } };

export type PickerSearchQueryVariables = Exact<{
  text: string;
}>;


export type PickerSearchQuery = { search: Array<{ id: string, code: string, label: string, name: string, nameEn: string }> };

export type ConformanceGapsQueryVariables = Exact<{
  province?: string | null | undefined;
  group?: string | null | undefined;
  reference?: string | null | undefined;
  asOf?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ConformanceGapsQuery = { conformanceGaps: { totalCount: number, missing: number, communes: Array<{ commune: { code: string, name: string, nameEn: string, areaType: AreaType | null }, province: { code: string, name: string, nameEn: string } | null, missing: Array<{ code: string, name: string, nameEn: string }> }> } };

export type CommuneOwnConformanceQueryVariables = Exact<{
  agency: string;
}>;


export type CommuneOwnConformanceQuery = { conformance: { tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, items: Array<{ state: ConformanceState, reference: { code: string, name: string, nameEn: string } }> } };

export type ConfirmDuplicateMutationVariables = Exact<{
  component: string;
  shared: string;
  note?: string | null | undefined;
}>;


export type ConfirmDuplicateMutation = { confirmDuplicate: { review: ReviewState, reviewNote: string | null } };

export type DismissDuplicateMutationVariables = Exact<{
  component: string;
  shared: string;
  note: string;
}>;


export type DismissDuplicateMutation = { dismissDuplicate: { review: ReviewState, reviewNote: string | null } };

export type NodeSearchQueryVariables = Exact<{
  text: string;
  label?: string | null | undefined;
}>;


export type NodeSearchQuery = { search: Array<{ id: string, code: string, label: string, name: string, nameEn: string }> };

export type SuggestQueryVariables = Exact<{
  text: string;
}>;


export type SuggestQuery = { search: Array<{ id: string, code: string, label: string, name: string, nameEn: string }> };

export type AgencyDetailQueryVariables = Exact<{
  code: string;
  after?: string | null | undefined;
  partsAfter?: string | null | undefined;
}>;


export type AgencyDetailQuery = { agency: { id: string, code: string, name: string, nameEn: string, level: AgencyLevel, areaType: AreaType | null, synthetic: boolean, source: string, partOf: { code: string, name: string, nameEn: string, level: AgencyLevel } | null, province: { code: string, name: string, nameEn: string } | null, parts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, level: AgencyLevel, areaType: AreaType | null } }> }, owns: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, status: Status, layer: { code: string } } }> }, uses: Array<{ id: string, code: string, name: string, nameEn: string, layer: { code: string } }> } | null };

export type SearchPageQueryVariables = Exact<{
  text: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchPageQuery = { searchHits: { totalCount: number, totalCountExact: boolean, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, label: string, name: string, nameEn: string } }> } };

export type CatalogOptionsQueryVariables = Exact<{
  layer?: string | null | undefined;
}>;


export type CatalogOptionsQuery = { layers: Array<{ code: string, name: string, nameEn: string }>, groups: Array<{ code: string, name: string, nameEn: string, layer: { code: string } }>, frameworks: Array<{ code: string, name: string, nameEn: string }>, provinces: { edges: Array<{ node: { code: string, name: string, nameEn: string } }> } };

export type CatalogComponentsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ComponentFilter | null | undefined;
}>;


export type CatalogComponentsQuery = { components: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, scope: Scope, status: Status, kind: ComponentKind, layer: { code: string }, group: { code: string } | null, owner: { code: string, name: string, nameEn: string } | null } }> } };

export type CatalogAgenciesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: AgencyFilter | null | undefined;
}>;


export type CatalogAgenciesQuery = { agencies: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, level: AgencyLevel, areaType: AreaType | null, province: { code: string, name: string, nameEn: string } | null } }> } };

export type CatalogReferencesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ReferenceComponentFilter | null | undefined;
}>;


export type CatalogReferencesQuery = { referenceComponents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, ascii: string, name: string, nameEn: string, tier: Tier, areaType: AreaType | null, kind: RefKind, realizedByCount: number, group: { code: string, layer: { code: string } } } }> } };

export type ComponentForEditQueryVariables = Exact<{
  code: string;
}>;


export type ComponentForEditQuery = { component: { id: string, code: string, name: string, nameEn: string, kind: ComponentKind, scope: Scope, status: Status, dueYear: number | null, exposesApi: boolean, securityLevel: number | null, restrictedData: boolean, revision: number, layer: { code: string }, owner: { code: string, name: string, nameEn: string } | null, dependsOn: Array<{ id: string, code: string, name: string, nameEn: string }>, realizes: Array<{ id: string, code: string, name: string, nameEn: string }>, provides: Array<{ id: string, code: string, name: string, nameEn: string }>, usedBy: Array<{ id: string, code: string, name: string, nameEn: string }> } | null };

export type FormLayersQueryVariables = Exact<{ [key: string]: never; }>;


export type FormLayersQuery = { layers: Array<{ code: string, name: string, nameEn: string }> };

export type CreateComponentFormMutationVariables = Exact<{
  input: CreateComponentInput;
}>;


export type CreateComponentFormMutation = { createComponent: { id: string, code: string, revision: number } };

export type UpdateComponentFormMutationVariables = Exact<{
  id: string;
  input: UpdateComponentInput;
  revision?: number | null | undefined;
}>;


export type UpdateComponentFormMutation = { updateComponent: { id: string, revision: number } };

export type RetireComponentFormMutationVariables = Exact<{
  id: string;
  revision?: number | null | undefined;
}>;


export type RetireComponentFormMutation = { deleteComponent: string };

export type FormAddDependencyMutationVariables = Exact<{
  from: string;
  to: string;
}>;


export type FormAddDependencyMutation = { addDependency: { id: string } };

export type FormRemoveDependencyMutationVariables = Exact<{
  from: string;
  to: string;
}>;


export type FormRemoveDependencyMutation = { removeDependency: { id: string } };

export type FormAddRealizationMutationVariables = Exact<{
  c: string;
  r: string;
}>;


export type FormAddRealizationMutation = { addRealization: { id: string } };

export type FormRemoveRealizationMutationVariables = Exact<{
  c: string;
  r: string;
}>;


export type FormRemoveRealizationMutation = { removeRealization: { id: string } };

export type FormAddProvisionMutationVariables = Exact<{
  c: string;
  cap: string;
}>;


export type FormAddProvisionMutation = { addProvision: { id: string } };

export type FormRemoveProvisionMutationVariables = Exact<{
  c: string;
  cap: string;
}>;


export type FormRemoveProvisionMutation = { removeProvision: { id: string } };

export type FormAddUseMutationVariables = Exact<{
  a: string;
  c: string;
}>;


export type FormAddUseMutation = { addUse: { id: string } };

export type FormRemoveUseMutationVariables = Exact<{
  a: string;
  c: string;
}>;


export type FormRemoveUseMutation = { removeUse: { id: string } };

export type ComponentDetailQueryVariables = Exact<{
  code: string;
  after?: string | null | undefined;
}>;


export type ComponentDetailQuery = { component: { id: string, code: string, name: string, nameEn: string, kind: ComponentKind, scope: Scope, status: Status, dueYear: number | null, exposesApi: boolean, synthetic: boolean, source: string, validFrom: string | null, validTo: string | null, versionFrom: string | null, layer: { id: string, code: string, name: string, nameEn: string }, group: { id: string, code: string, name: string, nameEn: string } | null, owner: { code: string, name: string, nameEn: string, level: AgencyLevel } | null, dependsOn: Array<{ id: string, code: string, name: string, nameEn: string, layer: { code: string } }>, dependents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, layer: { code: string }, owner: { code: string, name: string, nameEn: string } | null } }> }, realizes: Array<{ id: string, code: string, name: string, nameEn: string, tier: Tier }>, provides: Array<{ id: string, code: string, name: string, nameEn: string }>, usedBy: Array<{ id: string, code: string, name: string, nameEn: string, level: AgencyLevel }> } | null };

export type ComponentVersionsQueryVariables = Exact<{
  of: string;
}>;


export type ComponentVersionsQuery = { componentVersions: Array<{ id: string, code: string, name: string, nameEn: string, kind: ComponentKind, scope: Scope, status: Status, dueYear: number | null, exposesApi: boolean, validFrom: string | null, validTo: string | null, versionFrom: string | null }> };

export type ConformanceNationQueryVariables = Exact<{
  framework?: string | null | undefined;
  asOf?: string | null | undefined;
}>;


export type ConformanceNationQuery = { groups: Array<{ code: string, name: string, nameEn: string, layer: { code: string, number: number } }>, conformanceSummary: { total: { communes: number, supplementary: { applicable: number, realized: number, exploited: number, provided: number, notDeployed: number, score: number }, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, byGroup: Array<{ groupCode: string, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number } }> }, children: Array<{ communes: number, agency: { code: string, name: string, nameEn: string } | null, supplementary: { applicable: number, realized: number, exploited: number, provided: number, notDeployed: number, score: number }, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, byGroup: Array<{ groupCode: string, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number } }> }> } };

export type ConformanceProvinceQueryVariables = Exact<{
  province: string;
  asOf?: string | null | undefined;
}>;


export type ConformanceProvinceQuery = { conformanceSummary: { total: { communes: number, agency: { code: string, name: string, nameEn: string } | null, supplementary: { applicable: number, realized: number, exploited: number, provided: number, notDeployed: number, score: number }, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, byGroup: Array<{ groupCode: string, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number } }> }, children: Array<{ communes: number, agency: { code: string, name: string, nameEn: string, areaType: AreaType | null } | null, supplementary: { applicable: number, realized: number, exploited: number, provided: number, notDeployed: number, score: number }, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, byGroup: Array<{ groupCode: string, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number } }> }> } };

export type CommuneConformanceQueryVariables = Exact<{
  agency: string;
  asOf?: string | null | undefined;
}>;


export type CommuneConformanceQuery = { conformance: { frameworkCode: string, agency: { code: string, name: string, nameEn: string }, supplementary: { applicable: number, realized: number, exploited: number, provided: number, notDeployed: number, score: number }, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, items: Array<{ state: ConformanceState, reference: { code: string, name: string, nameEn: string, tier: Tier, areaType: AreaType | null, group: { code: string } } }> } };

export type DuplicationWorklistQueryVariables = Exact<{
  asOf?: string | null | undefined;
  basis?: Array<DuplicateBasis> | DuplicateBasis | null | undefined;
  minConfidence?: number | null | undefined;
  review?: Array<ReviewState> | ReviewState | null | undefined;
  province?: string | null | undefined;
}>;


export type DuplicationWorklistQuery = { duplication: { count: number, findings: number, platforms: Array<{ components: number, platform: { code: string, name: string, nameEn: string, scope: Scope } }>, components: Array<{ confidence: number, basis: DuplicateBasis, component: { code: string, name: string, nameEn: string }, agency: { code: string, name: string, nameEn: string } | null, province: { code: string, name: string, nameEn: string } | null, findings: Array<{ basis: DuplicateBasis, confidence: number, matchedTerms: Array<string>, review: ReviewState, reviewNote: string | null, reviewedBy: string | null, reviewedAt: string | null, evidence: string, evidenceEn: string, shared: { code: string, name: string, nameEn: string }, capabilities: Array<{ id: string, code: string, name: string, nameEn: string }> }> }> } };

export type DuplicationProvincesQueryVariables = Exact<{ [key: string]: never; }>;


export type DuplicationProvincesQuery = { agencies: { edges: Array<{ node: { code: string, name: string, nameEn: string } }> } };

export type MyAgencyQueryVariables = Exact<{
  code: string;
}>;


export type MyAgencyQuery = { agency: { id: string, code: string, name: string, nameEn: string, level: AgencyLevel, areaType: AreaType | null, province: { code: string } | null, owns: { totalCount: number, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, status: Status, kind: ComponentKind, layer: { code: string } } }> } } | null };

export type MyAgencyConformanceQueryVariables = Exact<{
  code: string;
}>;


export type MyAgencyConformanceQuery = { conformance: { tally: { applicable: number, missing: number, score: number }, supplementary: { applicable: number, notDeployed: number }, items: Array<{ state: ConformanceState, reference: { code: string, name: string, nameEn: string, tier: Tier } }> } };

export type MyAgencyCommunesQueryVariables = Exact<{
  province: string;
}>;


export type MyAgencyCommunesQuery = { conformanceSummary: { children: Array<{ agency: { code: string, name: string, nameEn: string, level: AgencyLevel, areaType: AreaType | null } | null, tally: { applicable: number, missing: number, score: number }, supplementary: { notDeployed: number } }> } };

export type MyAgencyFindingsQueryVariables = Exact<{
  province: string;
}>;


export type MyAgencyFindingsQuery = { duplicates: Array<{ basis: DuplicateBasis, confidence: number, review: ReviewState, component: { code: string, name: string, nameEn: string, owner: { code: string } | null }, shared: { code: string } }> };

export type MyAgencyViolationsQueryVariables = Exact<{
  code: string;
}>;


export type MyAgencyViolationsQuery = { ruleViolations: Array<{ ruleCode: string, severity: string, message: string, messageEn: string, component: { code: string } | null }> };

export type MyAgencyAuditQueryVariables = Exact<{
  code: string;
}>;


export type MyAgencyAuditQuery = { changes: Array<{ id: string, at: string, actor: string, operation: string, entityCode: string }> };

export type NeighbourhoodQueryVariables = Exact<{
  code: string;
  first?: number | null | undefined;
}>;


export type NeighbourhoodQuery = { up: { root: { code: string, name: string, nameEn: string, layer: { code: string }, dependsOn: Array<{ code: string }> }, items: { totalCount: number, edges: Array<{ node: { depth: number, component: { code: string, name: string, nameEn: string, layer: { code: string }, dependsOn: Array<{ code: string }> } } }> } }, down: { items: { totalCount: number, edges: Array<{ node: { depth: number, component: { code: string, name: string, nameEn: string, layer: { code: string }, dependsOn: Array<{ code: string }> } } }> } } };

export type NeighbourFieldsFragment = { depth: number, component: { code: string, name: string, nameEn: string, layer: { code: string }, dependsOn: Array<{ code: string }> } };

export type NodeDetailQueryVariables = Exact<{
  id: string;
}>;


export type NodeDetailQuery = { node:
    | { __typename: 'Agency', id: string, code: string, name: string, nameEn: string }
    | { __typename: 'Capability', source: string, id: string, code: string, name: string, nameEn: string, nationalProviders: Array<{ id: string, code: string, name: string, nameEn: string }>, sanctionedBy: Array<{ id: string, code: string, name: string, nameEn: string }> }
    | { __typename: 'Component', id: string, code: string, name: string, nameEn: string }
    | { __typename: 'ComponentGroup', ascii: string, kind: RefKind, source: string, componentCount: number, id: string, code: string, name: string, nameEn: string, layer: { id: string, code: string, name: string, nameEn: string }, framework: { id: string, name: string, nameEn: string } | null, referenceComponents: Array<{ id: string, code: string, name: string, nameEn: string, tier: Tier, areaType: AreaType | null }> }
    | { __typename: 'Framework', level: FrameworkLevel, status: FrameworkStatus, version: string, issued: string, document: string, source: string, id: string, code: string, name: string, nameEn: string, conformsTo: Array<{ id: string, name: string, nameEn: string }>, supersedes: Array<{ id: string, name: string, nameEn: string }> }
    | { __typename: 'Layer', number: number, componentCount: number, id: string, code: string, name: string, nameEn: string, groups: Array<{ id: string, code: string, name: string, nameEn: string, componentCount: number }> }
    | { __typename: 'ReferenceComponent', id: string, code: string, name: string, nameEn: string }
    | { __typename: 'Rule', text: string, textEn: string, check: string, source: string, id: string, code: string, name: string, nameEn: string }
   | null };

export type OverviewCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewCountsQuery = { layers: Array<{ id: string, code: string, number: number, name: string, nameEn: string, componentCount: number, groups: Array<{ id: string, code: string, name: string, nameEn: string, kind: RefKind, componentCount: number }> }>, provinces: { totalCount: number }, communes: { totalCount: number } };

export type KpiCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type KpiCountsQuery = { byScopeStatus: { groups: Array<{ count: number, keys: Array<{ value: string | null }> }> }, nationalKinds: { groups: Array<{ count: number, keys: Array<{ value: string | null }> }> } };

export type KpiConformanceQueryVariables = Exact<{ [key: string]: never; }>;


export type KpiConformanceQuery = { conformanceSummary: { total: { communes: number, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number }, byGroup: Array<{ groupCode: string, tally: { applicable: number, realized: number, exploited: number, provided: number, missing: number, score: number } }> }, children: Array<{ tally: { score: number } }> } };

export type KpiDuplicatesQueryVariables = Exact<{ [key: string]: never; }>;


export type KpiDuplicatesQuery = { duplication: { count: number } };

export type KpiRulesQueryVariables = Exact<{ [key: string]: never; }>;


export type KpiRulesQuery = { vapex: number, ndc: number, systems: { totalCount: number } };

export type KpiMeasuredQueryVariables = Exact<{
  period: string;
}>;


export type KpiMeasuredQuery = { indicators: Array<{ code: string, name: string, nameEn: string, unit: string, source: string, thresholdSource: string }>, satisfaction: { indicator: { code: string }, total: { value: number | null, reported: number, of: number } }, processing: { indicator: { code: string }, total: { value: number | null, reported: number, of: number } }, compliance: { indicator: { code: string }, total: { value: number | null, reported: number, of: number } }, efficiency: { indicator: { code: string }, total: { value: number | null, reported: number, of: number } }, maturity: { indicator: { code: string }, total: { value: number | null, reported: number, of: number } }, dxLevel: { indicator: { code: string }, total: { value: number | null, reported: number, of: number } } };

export type MeasuredTotalFragment = { indicator: { code: string }, total: { value: number | null, reported: number, of: number } };

export type OverviewScopeStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewScopeStatusQuery = { componentAggregate: { count: number, groups: Array<{ count: number, keys: Array<{ value: string | null }> }> } };

export type KpiNdxpQueryVariables = Exact<{ [key: string]: never; }>;


export type KpiNdxpQuery = { impact: { byProvince: Array<{ key: string }> } };

export type ReferenceDetailQueryVariables = Exact<{
  code: string;
  after?: string | null | undefined;
}>;


export type ReferenceDetailQuery = { referenceComponent: { id: string, code: string, ascii: string, name: string, nameEn: string, tier: Tier, areaType: AreaType | null, kind: RefKind, exploitsShared: boolean, catchAll: boolean, source: string, realizedByCount: number, group: { id: string, code: string, name: string, nameEn: string, layer: { code: string, name: string, nameEn: string } }, framework: { id: string, code: string, name: string, nameEn: string }, provides: Array<{ id: string, code: string, name: string, nameEn: string }>, realizedBy: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, status: Status, owner: { code: string, name: string, nameEn: string, level: AgencyLevel, province: { code: string, name: string, nameEn: string } | null } | null } }> } } | null };

export type RoadmapQueryVariables = Exact<{
  year: number;
}>;


export type RoadmapQuery = { byYear: { count: number, groups: Array<{ count: number, keys: Array<{ value: string | null }> }> }, undated: { count: number }, late: { totalCount: number, edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, kind: ComponentKind, status: Status, dueYear: number | null } }> } };

export type ProvinceStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type ProvinceStatusQuery = { componentAggregate: { groups: Array<{ count: number, keys: Array<{ value: string | null, name: string | null, nameEn: string | null }> }> } };

export type MinistryL3QueryVariables = Exact<{ [key: string]: never; }>;


export type MinistryL3Query = { componentAggregate: { count: number, groups: Array<{ count: number, keys: Array<{ value: string | null, name: string | null, nameEn: string | null }> }> } };

export type CommuneScoresQueryVariables = Exact<{ [key: string]: never; }>;


export type CommuneScoresQuery = { agencyAggregate: { groups: Array<{ count: number, keys: Array<{ value: string | null }>, stats: Array<{ avg: number | null, min: number | null }> }> }, agencies: { edges: Array<{ node: { id: string, code: string, name: string, nameEn: string, areaType: AreaType | null, conformanceScore: number | null, province: { code: string, name: string, nameEn: string } | null } }> } };

export type UploadPreviewMutationVariables = Exact<{
  agency: string;
  csv: string;
  fileName?: string | null | undefined;
}>;


export type UploadPreviewMutation = { previewInventory: { agency: string, ok: boolean, moreProblems: number, created: number, updated: number, unchanged: number, problems: Array<{ line: number, column: number | null, field: string | null, message: string }>, rows: Array<{ line: number, code: string, name: string, action: InventoryAction, inferred: Array<{ code: string }>, suggested: Array<{ code: string }>, duplicates: Array<{ shared: { code: string } }> }> } };

export type UploadApplyMutationVariables = Exact<{
  agency: string;
  csv: string;
  fileName?: string | null | undefined;
}>;


export type UploadApplyMutation = { importInventory: { created: number, updated: number, unchanged: number, communesRefreshing: number } };

export type UploadTemplateQueryVariables = Exact<{
  agency: string;
}>;


export type UploadTemplateQuery = { inventoryCsv: string };

export type ImpactViewQueryVariables = Exact<{
  of: string;
  dir?: ImpactDirection | null | undefined;
  depth?: number | null | undefined;
  asOf?: string | null | undefined;
  by: ImpactGroupBy;
  filter?: ImpactItemFilter | null | undefined;
  grouped: boolean;
  groups?: number | null | undefined;
  after?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ImpactViewQuery = { impact: { maxDepth: number, direction: ImpactDirection, total: number, root: { code: string, name: string, nameEn: string, layer: { code: string }, dependsOn: Array<{ code: string }> }, byDepth: Array<{ key: string, name: string, nameEn: string, count: number }>, byLayer: Array<{ key: string, name: string, nameEn: string, count: number }>, byLevel: Array<{ key: string, name: string, nameEn: string, count: number }>, groups?: { total: number, count: number, nodes: Array<{ key: string, name: string, nameEn: string, count: number, byDepth: Array<number> }> }, items?: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { depth: number, component: { code: string, name: string, nameEn: string, layer: { code: string }, owner: { code: string, name: string, nameEn: string } | null, dependsOn: Array<{ code: string }> } } }> } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { name: string, role: string, canWrite: boolean, national: boolean, via: string, expiresAt: string | null, agency: { id: string, code: string, name: string, nameEn: string, level: AgencyLevel } | null, editableAgencies: Array<{ code: string }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, unknown> | undefined;

  constructor(value: string, __meta__?: Record<string, unknown> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const NeighbourFieldsFragmentDoc = new TypedDocumentString(`
    fragment NeighbourFields on Impacted {
  depth
  component {
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
}
    `, {"fragmentName":"NeighbourFields"}) as unknown as TypedDocumentString<NeighbourFieldsFragment, unknown>;
export const MeasuredTotalFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"MeasuredTotal"}) as unknown as TypedDocumentString<MeasuredTotalFragment, unknown>;
export const RecordedSinceDocument = new TypedDocumentString(`
    query RecordedSince {
  recordedSince
}
    `) as unknown as TypedDocumentString<RecordedSinceQuery, RecordedSinceQueryVariables>;
export const PreviewComponentChangeDocument = new TypedDocumentString(`
    mutation PreviewComponentChange($change: ComponentChangeInput!) {
  previewComponentChange(change: $change) {
    operation
    changed
    conformance {
      reference {
        code
      }
      before
      after
      met
      count
      communes
      agencies {
        code
      }
    }
    becomeConformant {
      code
    }
    stopConformant {
      code
    }
    agenciesChecked
    agenciesLimited
    duplicatesAdded {
      shared {
        code
      }
    }
    duplicatesRemoved {
      shared {
        code
      }
    }
    inferred {
      code
    }
    suggested {
      code
    }
    violationsAdded {
      ruleCode
      component {
        code
      }
    }
    violationsResolved {
      ruleCode
      component {
        code
      }
    }
    dependents {
      code
    }
    dependentsTotal
    transitiveDependents
    users {
      code
    }
    usersTotal
  }
}
    `) as unknown as TypedDocumentString<PreviewComponentChangeMutation, PreviewComponentChangeMutationVariables>;
export const PickerSearchDocument = new TypedDocumentString(`
    query PickerSearch($text: String!) {
  search(text: $text, first: 20) {
    id
    code
    label
    name
    nameEn
  }
}
    `) as unknown as TypedDocumentString<PickerSearchQuery, PickerSearchQueryVariables>;
export const ConformanceGapsDocument = new TypedDocumentString(`
    query ConformanceGaps($province: ID, $group: String, $reference: ID, $asOf: Date, $first: Int) {
  conformanceGaps(
    province: $province
    group: $group
    reference: $reference
    asOf: $asOf
    first: $first
  ) {
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
    `) as unknown as TypedDocumentString<ConformanceGapsQuery, ConformanceGapsQueryVariables>;
export const CommuneOwnConformanceDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CommuneOwnConformanceQuery, CommuneOwnConformanceQueryVariables>;
export const ConfirmDuplicateDocument = new TypedDocumentString(`
    mutation ConfirmDuplicate($component: ID!, $shared: ID!, $note: String) {
  confirmDuplicate(component: $component, shared: $shared, note: $note) {
    review
    reviewNote
  }
}
    `) as unknown as TypedDocumentString<ConfirmDuplicateMutation, ConfirmDuplicateMutationVariables>;
export const DismissDuplicateDocument = new TypedDocumentString(`
    mutation DismissDuplicate($component: ID!, $shared: ID!, $note: String!) {
  dismissDuplicate(component: $component, shared: $shared, note: $note) {
    review
    reviewNote
  }
}
    `) as unknown as TypedDocumentString<DismissDuplicateMutation, DismissDuplicateMutationVariables>;
export const NodeSearchDocument = new TypedDocumentString(`
    query NodeSearch($text: String!, $label: String) {
  search(text: $text, first: 12, label: $label) {
    id
    code
    label
    name
    nameEn
  }
}
    `) as unknown as TypedDocumentString<NodeSearchQuery, NodeSearchQueryVariables>;
export const SuggestDocument = new TypedDocumentString(`
    query Suggest($text: String!) {
  search(text: $text, first: 8) {
    id
    code
    label
    name
    nameEn
  }
}
    `) as unknown as TypedDocumentString<SuggestQuery, SuggestQueryVariables>;
export const AgencyDetailDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AgencyDetailQuery, AgencyDetailQueryVariables>;
export const SearchPageDocument = new TypedDocumentString(`
    query SearchPage($text: String!, $first: Int, $after: String) {
  searchHits(text: $text, first: $first, after: $after) {
    totalCount
    totalCountExact
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        code
        label
        name
        nameEn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;
export const CatalogOptionsDocument = new TypedDocumentString(`
    query CatalogOptions($layer: String) {
  layers {
    code
    name
    nameEn
  }
  groups(layer: $layer) {
    code
    name
    nameEn
    layer {
      code
    }
  }
  frameworks {
    code
    name
    nameEn
  }
  provinces: agencies(first: 100, filter: {level: [PROVINCE]}) {
    edges {
      node {
        code
        name
        nameEn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogOptionsQuery, CatalogOptionsQueryVariables>;
export const CatalogComponentsDocument = new TypedDocumentString(`
    query CatalogComponents($first: Int, $after: String, $filter: ComponentFilter) {
  components(first: $first, after: $after, filter: $filter) {
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
        scope
        status
        kind
        layer {
          code
        }
        group {
          code
        }
        owner {
          code
          name
          nameEn
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogComponentsQuery, CatalogComponentsQueryVariables>;
export const CatalogAgenciesDocument = new TypedDocumentString(`
    query CatalogAgencies($first: Int, $after: String, $filter: AgencyFilter) {
  agencies(first: $first, after: $after, filter: $filter) {
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
        province {
          code
          name
          nameEn
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogAgenciesQuery, CatalogAgenciesQueryVariables>;
export const CatalogReferencesDocument = new TypedDocumentString(`
    query CatalogReferences($first: Int, $after: String, $filter: ReferenceComponentFilter) {
  referenceComponents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        code
        ascii
        name
        nameEn
        tier
        areaType
        kind
        group {
          code
          layer {
            code
          }
        }
        realizedByCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogReferencesQuery, CatalogReferencesQueryVariables>;
export const ComponentForEditDocument = new TypedDocumentString(`
    query ComponentForEdit($code: String!) {
  component(code: $code) {
    id
    code
    name
    nameEn
    kind
    scope
    status
    dueYear
    exposesApi
    securityLevel
    restrictedData
    revision
    layer {
      code
    }
    owner {
      code
      name
      nameEn
    }
    dependsOn {
      id
      code
      name
      nameEn
    }
    realizes {
      id
      code
      name
      nameEn
    }
    provides {
      id
      code
      name
      nameEn
    }
    usedBy {
      id
      code
      name
      nameEn
    }
  }
}
    `) as unknown as TypedDocumentString<ComponentForEditQuery, ComponentForEditQueryVariables>;
export const FormLayersDocument = new TypedDocumentString(`
    query FormLayers {
  layers {
    code
    name
    nameEn
  }
}
    `) as unknown as TypedDocumentString<FormLayersQuery, FormLayersQueryVariables>;
export const CreateComponentFormDocument = new TypedDocumentString(`
    mutation CreateComponentForm($input: CreateComponentInput!) {
  createComponent(input: $input) {
    id
    code
    revision
  }
}
    `) as unknown as TypedDocumentString<CreateComponentFormMutation, CreateComponentFormMutationVariables>;
export const UpdateComponentFormDocument = new TypedDocumentString(`
    mutation UpdateComponentForm($id: ID!, $input: UpdateComponentInput!, $revision: Int) {
  updateComponent(id: $id, input: $input, revision: $revision) {
    id
    revision
  }
}
    `) as unknown as TypedDocumentString<UpdateComponentFormMutation, UpdateComponentFormMutationVariables>;
export const RetireComponentFormDocument = new TypedDocumentString(`
    mutation RetireComponentForm($id: ID!, $revision: Int) {
  deleteComponent(id: $id, revision: $revision)
}
    `) as unknown as TypedDocumentString<RetireComponentFormMutation, RetireComponentFormMutationVariables>;
export const FormAddDependencyDocument = new TypedDocumentString(`
    mutation FormAddDependency($from: ID!, $to: ID!) {
  addDependency(from: $from, to: $to) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormAddDependencyMutation, FormAddDependencyMutationVariables>;
export const FormRemoveDependencyDocument = new TypedDocumentString(`
    mutation FormRemoveDependency($from: ID!, $to: ID!) {
  removeDependency(from: $from, to: $to) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormRemoveDependencyMutation, FormRemoveDependencyMutationVariables>;
export const FormAddRealizationDocument = new TypedDocumentString(`
    mutation FormAddRealization($c: ID!, $r: ID!) {
  addRealization(component: $c, reference: $r) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormAddRealizationMutation, FormAddRealizationMutationVariables>;
export const FormRemoveRealizationDocument = new TypedDocumentString(`
    mutation FormRemoveRealization($c: ID!, $r: ID!) {
  removeRealization(component: $c, reference: $r) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormRemoveRealizationMutation, FormRemoveRealizationMutationVariables>;
export const FormAddProvisionDocument = new TypedDocumentString(`
    mutation FormAddProvision($c: ID!, $cap: ID!) {
  addProvision(component: $c, capability: $cap) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormAddProvisionMutation, FormAddProvisionMutationVariables>;
export const FormRemoveProvisionDocument = new TypedDocumentString(`
    mutation FormRemoveProvision($c: ID!, $cap: ID!) {
  removeProvision(component: $c, capability: $cap) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormRemoveProvisionMutation, FormRemoveProvisionMutationVariables>;
export const FormAddUseDocument = new TypedDocumentString(`
    mutation FormAddUse($a: ID!, $c: ID!) {
  addUse(agency: $a, component: $c) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormAddUseMutation, FormAddUseMutationVariables>;
export const FormRemoveUseDocument = new TypedDocumentString(`
    mutation FormRemoveUse($a: ID!, $c: ID!) {
  removeUse(agency: $a, component: $c) {
    id
  }
}
    `) as unknown as TypedDocumentString<FormRemoveUseMutation, FormRemoveUseMutationVariables>;
export const ComponentDetailDocument = new TypedDocumentString(`
    query ComponentDetail($code: String!, $after: String) {
  component(code: $code) {
    id
    code
    name
    nameEn
    kind
    scope
    status
    dueYear
    exposesApi
    synthetic
    source
    validFrom
    validTo
    versionFrom
    layer {
      id
      code
      name
      nameEn
    }
    group {
      id
      code
      name
      nameEn
    }
    owner {
      code
      name
      nameEn
      level
    }
    dependsOn {
      id
      code
      name
      nameEn
      layer {
        code
      }
    }
    dependents(first: 25, after: $after) {
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
          layer {
            code
          }
          owner {
            code
            name
            nameEn
          }
        }
      }
    }
    realizes {
      id
      code
      name
      nameEn
      tier
    }
    provides {
      id
      code
      name
      nameEn
    }
    usedBy {
      id
      code
      name
      nameEn
      level
    }
  }
}
    `) as unknown as TypedDocumentString<ComponentDetailQuery, ComponentDetailQueryVariables>;
export const ComponentVersionsDocument = new TypedDocumentString(`
    query ComponentVersions($of: ID!) {
  componentVersions(of: $of) {
    id
    code
    name
    nameEn
    kind
    scope
    status
    dueYear
    exposesApi
    validFrom
    validTo
    versionFrom
  }
}
    `) as unknown as TypedDocumentString<ComponentVersionsQuery, ComponentVersionsQueryVariables>;
export const ConformanceNationDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ConformanceNationQuery, ConformanceNationQueryVariables>;
export const ConformanceProvinceDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ConformanceProvinceQuery, ConformanceProvinceQueryVariables>;
export const CommuneConformanceDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CommuneConformanceQuery, CommuneConformanceQueryVariables>;
export const DuplicationWorklistDocument = new TypedDocumentString(`
    query DuplicationWorklist($asOf: Date, $basis: [DuplicateBasis!], $minConfidence: Float, $review: [ReviewState!], $province: ID) {
  duplication(
    asOf: $asOf
    basis: $basis
    minConfidence: $minConfidence
    review: $review
    province: $province
  ) {
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
    `) as unknown as TypedDocumentString<DuplicationWorklistQuery, DuplicationWorklistQueryVariables>;
export const DuplicationProvincesDocument = new TypedDocumentString(`
    query DuplicationProvinces {
  agencies(first: 100, filter: {level: [PROVINCE]}) {
    edges {
      node {
        code
        name
        nameEn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DuplicationProvincesQuery, DuplicationProvincesQueryVariables>;
export const MyAgencyDocument = new TypedDocumentString(`
    query MyAgency($code: String!) {
  agency(code: $code) {
    id
    code
    name
    nameEn
    level
    areaType
    province {
      code
    }
    owns(first: 100) {
      totalCount
      edges {
        node {
          id
          code
          name
          nameEn
          status
          kind
          layer {
            code
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyAgencyQuery, MyAgencyQueryVariables>;
export const MyAgencyConformanceDocument = new TypedDocumentString(`
    query MyAgencyConformance($code: ID!) {
  conformance(agency: $code) {
    tally {
      applicable
      missing
      score
    }
    supplementary {
      applicable
      notDeployed
    }
    items {
      state
      reference {
        code
        name
        nameEn
        tier
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyAgencyConformanceQuery, MyAgencyConformanceQueryVariables>;
export const MyAgencyCommunesDocument = new TypedDocumentString(`
    query MyAgencyCommunes($province: ID!) {
  conformanceSummary(province: $province) {
    children {
      agency {
        code
        name
        nameEn
        level
        areaType
      }
      tally {
        applicable
        missing
        score
      }
      supplementary {
        notDeployed
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyAgencyCommunesQuery, MyAgencyCommunesQueryVariables>;
export const MyAgencyFindingsDocument = new TypedDocumentString(`
    query MyAgencyFindings($province: ID!) {
  duplicates(province: $province) {
    component {
      code
      name
      nameEn
      owner {
        code
      }
    }
    shared {
      code
    }
    basis
    confidence
    review
  }
}
    `) as unknown as TypedDocumentString<MyAgencyFindingsQuery, MyAgencyFindingsQueryVariables>;
export const MyAgencyViolationsDocument = new TypedDocumentString(`
    query MyAgencyViolations($code: ID!) {
  ruleViolations(agency: $code) {
    ruleCode
    severity
    message
    messageEn
    component {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<MyAgencyViolationsQuery, MyAgencyViolationsQueryVariables>;
export const MyAgencyAuditDocument = new TypedDocumentString(`
    query MyAgencyAudit($code: String!) {
  changes(actor: $code, first: 50) {
    id
    at
    actor
    operation
    entityCode
  }
}
    `) as unknown as TypedDocumentString<MyAgencyAuditQuery, MyAgencyAuditQueryVariables>;
export const NeighbourhoodDocument = new TypedDocumentString(`
    query Neighbourhood($code: ID!, $first: Int) {
  up: impact(of: $code, direction: DEPENDENCIES, maxDepth: 2) {
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
    items(first: $first) {
      totalCount
      edges {
        node {
          ...NeighbourFields
        }
      }
    }
  }
  down: impact(of: $code, direction: DEPENDENTS, maxDepth: 2) {
    items(first: $first) {
      totalCount
      edges {
        node {
          ...NeighbourFields
        }
      }
    }
  }
}
    fragment NeighbourFields on Impacted {
  depth
  component {
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
}`) as unknown as TypedDocumentString<NeighbourhoodQuery, NeighbourhoodQueryVariables>;
export const NodeDetailDocument = new TypedDocumentString(`
    query NodeDetail($id: ID!) {
  node(id: $id) {
    __typename
    id
    code
    name
    nameEn
    ... on Layer {
      number
      componentCount
      groups {
        id
        code
        name
        nameEn
        componentCount
      }
    }
    ... on ComponentGroup {
      ascii
      kind
      source
      componentCount
      layer {
        id
        code
        name
        nameEn
      }
      framework {
        id
        name
        nameEn
      }
      referenceComponents {
        id
        code
        name
        nameEn
        tier
        areaType
      }
    }
    ... on Capability {
      source
      nationalProviders {
        id
        code
        name
        nameEn
      }
      sanctionedBy {
        id
        code
        name
        nameEn
      }
    }
    ... on Rule {
      text
      textEn
      check
      source
    }
    ... on Framework {
      level
      status
      version
      issued
      document
      source
      conformsTo {
        id
        name
        nameEn
      }
      supersedes {
        id
        name
        nameEn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodeDetailQuery, NodeDetailQueryVariables>;
export const OverviewCountsDocument = new TypedDocumentString(`
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
  provinces: agencies(first: 1, filter: {level: [PROVINCE]}) {
    totalCount
  }
  communes: agencies(first: 1, filter: {level: [COMMUNE]}) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<OverviewCountsQuery, OverviewCountsQueryVariables>;
export const KpiCountsDocument = new TypedDocumentString(`
    query KpiCounts {
  byScopeStatus: componentAggregate(groupBy: [SCOPE, STATUS], first: 1000) {
    groups {
      keys {
        value
      }
      count
    }
  }
  nationalKinds: componentAggregate(
    filter: {scope: [NATIONAL]}
    groupBy: [KIND]
    first: 1000
  ) {
    groups {
      keys {
        value
      }
      count
    }
  }
}
    `) as unknown as TypedDocumentString<KpiCountsQuery, KpiCountsQueryVariables>;
export const KpiConformanceDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<KpiConformanceQuery, KpiConformanceQueryVariables>;
export const KpiDuplicatesDocument = new TypedDocumentString(`
    query KpiDuplicates {
  duplication {
    count
  }
}
    `) as unknown as TypedDocumentString<KpiDuplicatesQuery, KpiDuplicatesQueryVariables>;
export const KpiRulesDocument = new TypedDocumentString(`
    query KpiRules {
  vapex: ruleViolationCount(rule: "R-API-VIA-VAPEX")
  ndc: ruleViolationCount(rule: "R-NATIONAL-DB-AT-NDC")
  systems: components(
    first: 1
    filter: {scope: [MINISTRY, PROVINCE, COMMUNE], status: [OPERATING, BUILDING], kind: [APPLICATION, PLATFORM, PORTAL, DATABASE, DASHBOARD, CHANNEL]}
  ) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<KpiRulesQuery, KpiRulesQueryVariables>;
export const KpiMeasuredDocument = new TypedDocumentString(`
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
  efficiency: measurementSummary(
    indicator: "PUBLIC-RESOURCE-EFFICIENCY"
    period: $period
  ) {
    ...MeasuredTotal
  }
  maturity: measurementSummary(
    indicator: "DATA-GOVERNANCE-MATURITY"
    period: $period
  ) {
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
}`) as unknown as TypedDocumentString<KpiMeasuredQuery, KpiMeasuredQueryVariables>;
export const OverviewScopeStatusDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<OverviewScopeStatusQuery, OverviewScopeStatusQueryVariables>;
export const KpiNdxpDocument = new TypedDocumentString(`
    query KpiNdxp {
  impact(of: "NDXP", maxDepth: 1) {
    byProvince {
      key
    }
  }
}
    `) as unknown as TypedDocumentString<KpiNdxpQuery, KpiNdxpQueryVariables>;
export const ReferenceDetailDocument = new TypedDocumentString(`
    query ReferenceDetail($code: String!, $after: String) {
  referenceComponent(code: $code) {
    id
    code
    ascii
    name
    nameEn
    tier
    areaType
    kind
    exploitsShared
    catchAll
    source
    group {
      id
      code
      name
      nameEn
      layer {
        code
        name
        nameEn
      }
    }
    framework {
      id
      code
      name
      nameEn
    }
    provides {
      id
      code
      name
      nameEn
    }
    realizedByCount
    realizedBy(first: 100, after: $after) {
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
          owner {
            code
            name
            nameEn
            level
            province {
              code
              name
              nameEn
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReferenceDetailQuery, ReferenceDetailQueryVariables>;
export const RoadmapDocument = new TypedDocumentString(`
    query Roadmap($year: Int!) {
  byYear: componentAggregate(
    where: {scope: {eq: NATIONAL}, dueYear: {isNull: false}}
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
  undated: componentAggregate(
    where: {scope: {eq: NATIONAL}, dueYear: {isNull: true}}
  ) {
    count
  }
  late: components(
    first: 100
    where: {scope: {eq: NATIONAL}, dueYear: {lte: $year}, status: {notIn: [OPERATING, RETIRED]}}
    orderBy: [{field: DUE_YEAR}, {field: NAME}]
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
    `) as unknown as TypedDocumentString<RoadmapQuery, RoadmapQueryVariables>;
export const ProvinceStatusDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ProvinceStatusQuery, ProvinceStatusQueryVariables>;
export const MinistryL3Document = new TypedDocumentString(`
    query MinistryL3 {
  componentAggregate(
    where: {layer: {eq: "L3"}, ownerLevel: {eq: MINISTRY}}
    groupBy: [OWNER]
    first: 100
  ) {
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
    `) as unknown as TypedDocumentString<MinistryL3Query, MinistryL3QueryVariables>;
export const CommuneScoresDocument = new TypedDocumentString(`
    query CommuneScores {
  agencyAggregate(
    where: {level: {eq: COMMUNE}}
    groupBy: [AREA_TYPE]
    stats: [CONFORMANCE_SCORE]
    orderBy: AVG_ASC
  ) {
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
  agencies(
    first: 15
    where: {level: {eq: COMMUNE}}
    orderBy: [{field: CONFORMANCE_SCORE}, {field: NAME}]
  ) {
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
    `) as unknown as TypedDocumentString<CommuneScoresQuery, CommuneScoresQueryVariables>;
export const UploadPreviewDocument = new TypedDocumentString(`
    mutation UploadPreview($agency: ID!, $csv: String!, $fileName: String) {
  previewInventory(agency: $agency, csv: $csv, fileName: $fileName) {
    agency
    ok
    moreProblems
    created
    updated
    unchanged
    problems {
      line
      column
      field
      message
    }
    rows {
      line
      code
      name
      action
      inferred {
        code
      }
      suggested {
        code
      }
      duplicates {
        shared {
          code
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UploadPreviewMutation, UploadPreviewMutationVariables>;
export const UploadApplyDocument = new TypedDocumentString(`
    mutation UploadApply($agency: ID!, $csv: String!, $fileName: String) {
  importInventory(agency: $agency, csv: $csv, fileName: $fileName) {
    created
    updated
    unchanged
    communesRefreshing
  }
}
    `) as unknown as TypedDocumentString<UploadApplyMutation, UploadApplyMutationVariables>;
export const UploadTemplateDocument = new TypedDocumentString(`
    query UploadTemplate($agency: ID!) {
  inventoryCsv(agency: $agency)
}
    `) as unknown as TypedDocumentString<UploadTemplateQuery, UploadTemplateQueryVariables>;
export const ImpactViewDocument = new TypedDocumentString(`
    query ImpactView($of: ID!, $dir: ImpactDirection, $depth: Int, $asOf: Date, $by: ImpactGroupBy!, $filter: ImpactItemFilter, $grouped: Boolean!, $groups: Int, $after: String, $first: Int) {
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
    `) as unknown as TypedDocumentString<ImpactViewQuery, ImpactViewQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    name
    role
    canWrite
    national
    via
    expiresAt
    agency {
      id
      code
      name
      nameEn
      level
    }
    editableAgencies {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;