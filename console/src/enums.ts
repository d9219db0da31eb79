// The schema's enums the console offers, checked against the generated types: a value added
// to or removed from schema.graphql fails `tsc` until it is listed here.
import type {
  AmlHitStatus,
  CaseFlag,
  CasePriority,
  CaseStatus,
  CaseType,
  RiskLevel,
} from './gql/graphql';

function values<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[];
}

export const STATUSES = values<CaseStatus>({
  DRAFT: true,
  OPEN: true,
  APPROVED: true,
  REJECTED: true,
  CLOSED: true,
});
export const TYPES = values<CaseType>({
  KYB: true,
  KYC: true,
  AML: true,
  PEP: true,
  SANCTIONS: true,
  ADVERSE_MEDIA: true,
  FRAUD: true,
  PERIODIC_REVIEW: true,
  TRANSACTION_REVIEW: true,
  VERIFICATION: true,
});
export const PRIORITIES = values<CasePriority>({ CRITICAL: true, HIGH: true, MEDIUM: true, LOW: true });
export const FLAGS = values<CaseFlag>({
  FOR_REVIEW: true,
  FOR_FIRST_COLLECT: true,
  FIRST_COLLECT_COMPLETED: true,
  FOR_RECOLLECTION: true,
  ALL_CHECKS_APPROVED: true,
});
export const RISK_LEVELS = values<RiskLevel>({
  PROHIBITED: true,
  CRITICAL: true,
  HIGH: true,
  MEDIUM: true,
  LOW: true,
  NOT_DEFINED: true,
});
export const HIT_STATUSES = values<AmlHitStatus>({
  POTENTIAL_MATCH: true,
  TRUE_POSITIVE: true,
  FALSE_POSITIVE: true,
  NO_MATCH: true,
});
