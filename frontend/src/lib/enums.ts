// The schema's enums as lists (for filters and URL parsing), typed against the generated types;
// `exhaustive` fails to compile when the schema gains a value these lists lack.
import type {
  AgencyLevel,
  AreaType,
  ComponentKind,
  ConformanceState,
  Scope,
  Status,
  Tier,
} from '../gql/graphql';

export type { AgencyLevel, AreaType, ComponentKind, ConformanceState, Scope, Status, Tier };

function exhaustive<T extends string>() {
  return <const A extends readonly T[]>(xs: A & ([T] extends [A[number]] ? unknown : never)): A => xs;
}

export const SCOPES = exhaustive<Scope>()(['NATIONAL', 'MINISTRY', 'PROVINCE', 'COMMUNE', 'ORGANIZATION']);
export const STATUSES = exhaustive<Status>()(['PLANNED', 'BUILDING', 'OPERATING', 'RETIRED', 'UNKNOWN']);
export const AGENCY_LEVELS = exhaustive<AgencyLevel>()(['CENTRAL', 'MINISTRY', 'PROVINCE', 'COMMUNE']);
export const AREA_TYPES = exhaustive<AreaType>()(['URBAN', 'RURAL', 'MOUNTAIN_BORDER_ISLAND']);
export const TIERS = exhaustive<Tier>()(['CENTRAL', 'PROVINCE', 'COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']);
export const COMPONENT_KINDS = exhaustive<ComponentKind>()([
  'INFRASTRUCTURE',
  'NETWORK',
  'SECURITY',
  'DATABASE',
  'PLATFORM',
  'APPLICATION',
  'PORTAL',
  'CHANNEL',
  'DASHBOARD',
  'FRAMEWORK',
]);
