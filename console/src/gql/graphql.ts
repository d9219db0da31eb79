/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * A calendar date without a time of day or time zone, written `yyyy-MM-dd` (RFC 3339's
   * `full-date`), such as `1970-05-29`.
   */
  Date: { input: string; output: string; }
  /** An instant, written as an RFC 3339 date-time with its offset, such as `2026-11-30T09:15:00Z` or `2026-11-30T10:15:00+01:00`. CaseGraph answers in UTC (`Z`), with fractions of a second when it has them. */
  DateTime: { input: string; output: string; }
  /** Any JSON value (RFC 8259): an object, array, string, number, boolean or null, given and returned as it is. Fields that take JSON say what they accept. */
  JSON: { input: unknown; output: unknown; }
  /** A multipart file upload */
  Upload: { input: File | Blob; output: never; }
};

/** Who acted: a person, an integration or CaseGraph itself. */
export type ActorType =
  /** An integration. */
  | 'API'
  /** CaseGraph itself (automatic rules, background jobs). */
  | 'SYSTEM'
  /** A person with a user token. */
  | 'USER';

/** A postal address. */
export type Address = {
  __typename?: 'Address';
  /** ISO 3166-1 alpha-2 country. */
  country?: Maybe<Scalars['String']['output']>;
  /** House number. */
  line1?: Maybe<Scalars['String']['output']>;
  /** House name. */
  line2?: Maybe<Scalars['String']['output']>;
  /** Sub-building (flat, apartment). */
  line3?: Maybe<Scalars['String']['output']>;
  /** Street name. */
  line4?: Maybe<Scalars['String']['output']>;
  /** Locality or district within the town. */
  line5?: Maybe<Scalars['String']['output']>;
  /** Town or city. */
  line6?: Maybe<Scalars['String']['output']>;
  /** County, state or region. */
  line7?: Maybe<Scalars['String']['output']>;
  /** Postal code, as written in the country. */
  postcode?: Maybe<Scalars['String']['output']>;
};

/** A postal address (eyeDP's layout). */
export type AddressInput = {
  /** ISO 3166-1 alpha-2 country code. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** House number, at most 10 characters. */
  line1?: InputMaybe<Scalars['String']['input']>;
  /** House name, at most 40 characters. */
  line2?: InputMaybe<Scalars['String']['input']>;
  /** Sub-building (flat, apartment), at most 50 characters. */
  line3?: InputMaybe<Scalars['String']['input']>;
  /** Street, at most 50 characters. */
  line4?: InputMaybe<Scalars['String']['input']>;
  /** Locality, at most 40 characters. */
  line5?: InputMaybe<Scalars['String']['input']>;
  /** Town, at most 40 characters. */
  line6?: InputMaybe<Scalars['String']['input']>;
  /** County, at most 40 characters. */
  line7?: InputMaybe<Scalars['String']['input']>;
  /** Postcode, at most 10 characters. */
  postcode?: InputMaybe<Scalars['String']['input']>;
};

/**
 * The adverse media trigger: a case when the result's risk score is at least
 * `minRiskScore`.
 */
export type AdverseMediaTrigger = {
  __typename?: 'AdverseMediaTrigger';
  /** Whether adverse media results open a case. */
  enabled: Scalars['Boolean']['output'];
  /** Lowest risk score (0–100, inclusive) that opens a case. */
  minRiskScore: Scalars['Float']['output'];
  /** Priority of the case opened. */
  priority: CasePriority;
};

/** Changes to the adverse media trigger; omitted fields stay. */
export type AdverseMediaTriggerInput = {
  /** Whether adverse media results open a case. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Lowest risk score that opens a case (0–100, inclusive). */
  minRiskScore?: InputMaybe<Scalars['Float']['input']>;
  /** Priority of the case opened. */
  priority?: InputMaybe<CasePriority>;
};

/** Something on a case that needs a reviewer's attention. */
export type Alert = Node & {
  __typename?: 'Alert';
  /** When it was actioned. */
  actionedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who actioned it. */
  actionedBy?: Maybe<Scalars['String']['output']>;
  /** The case the alert is about. */
  case: Case;
  /** Id of the case the alert is about. */
  caseId: Scalars['ID']['output'];
  /** When it was raised. */
  createdAt: Scalars['DateTime']['output'];
  /** Id (UUID). */
  id: Scalars['ID']['output'];
  /** The proposed changes or details. */
  payload: Scalars['JSON']['output'];
  /** Who raised it (a token subject, or `system` for the monitor). */
  raisedBy: Scalars['String']['output'];
  /** Where the alert stands. */
  status: AlertStatus;
  /** What the alert is about. */
  type: AlertType;
};

/** What a reviewer does with an alert. */
export type AlertAction =
  /**
   * `CASE_DETAILS_REVIEW`: the proposed changes are applied; `MANUAL_REVIEW`: the case is
   * opened for review; `AML_MATCH`: the hits are added/updated on the case's AML check
   * (a decided case is reopened).
   */
  | 'APPLY'
  /**
   * `AML_MATCH` on a case that is still draft or open, `DOCUMENT_*`, `REVIEW_DUE`,
   * `SLA_BREACHED`: the alert leaves the list.
   */
  | 'DISMISS'
  /** `CASE_DETAILS_REVIEW` only: the alert leaves the list, nothing is applied. */
  | 'EXCLUDE';

/**
 * A page of alerts (Relay connection): `totalCount` counts the alerts matching the
 * filter, `countsByType` splits them by type.
 */
export type AlertConnection = {
  __typename?: 'AlertConnection';
  /**
   * How many alerts of each type match the filter without its `type` condition (every
   * type listed, 0 included).
   */
  countsByType: Array<AlertTypeCount>;
  /** The page's items with their cursors. */
  edges: Array<AlertEdge>;
  /** The page's items. */
  nodes: Array<Alert>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type AlertEdge = {
  __typename?: 'AlertEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Alert;
};

/** Which alerts to list. Conditions combine with AND; list values match any of their items. */
export type AlertFilter = {
  /** Alerts of cases assigned to this user. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** Alerts of this case. */
  caseId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * `true`: alerts of cases still `DRAFT` or `OPEN`; `false`: of decided cases
   * (approved, rejected, closed).
   */
  caseOpen?: InputMaybe<Scalars['Boolean']['input']>;
  /** Alerts of cases of any of these types. */
  caseType?: InputMaybe<Array<CaseType>>;
  /** Any of these statuses; default `[ACTIVE]` (actioned alerts leave the list). */
  status?: InputMaybe<Array<AlertStatus>>;
  /** Any of these alert types. */
  type?: InputMaybe<Array<AlertType>>;
};

/** Where an alert stands. */
export type AlertStatus =
  /** Waiting for an action. */
  | 'ACTIVE'
  /** Its changes were applied. */
  | 'APPLIED'
  /** Looked at and dismissed: no action needed. */
  | 'DISMISSED'
  /** Excluded: nothing was applied. */
  | 'EXCLUDED';

/** What an alert is about. */
export type AlertType =
  /** New or updated AML hits. */
  | 'AML_MATCH'
  /** A proposed change to case or entity fields. */
  | 'CASE_DETAILS_REVIEW'
  /** A document has expired. */
  | 'DOCUMENT_EXPIRED'
  /** A document expires within the workspace's window. */
  | 'DOCUMENT_EXPIRING'
  /** The case should be (re)opened for review. */
  | 'MANUAL_REVIEW'
  /** The case's periodic review date has passed. */
  | 'REVIEW_DUE'
  /** The case's due date (SLA) has passed while it is still draft or open. */
  | 'SLA_BREACHED';

/** How many alerts of one type match a filter. */
export type AlertTypeCount = {
  __typename?: 'AlertTypeCount';
  /** How many. */
  count: Scalars['Int']['output'];
  /** The alert type. */
  type: AlertType;
};

/** A possible match on a screening list. */
export type AmlHit = Node & {
  __typename?: 'AmlHit';
  /** The AML check. */
  checkId: Scalars['ID']['output'];
  /** The provider's payload. */
  data?: Maybe<Scalars['JSON']['output']>;
  /** The hit's unique identifier, for `reviewAmlHits`. */
  id: Scalars['ID']['output'];
  /** Lists matched. */
  listTypes: Array<AmlListType>;
  /** Matched name. */
  name: Scalars['String']['output'];
  /** The provider's reference. */
  providerRef?: Maybe<Scalars['String']['output']>;
  /** When decided. */
  reviewedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who decided. */
  reviewedBy?: Maybe<Scalars['String']['output']>;
  /** Match score. */
  score?: Maybe<Scalars['Float']['output']>;
  /** The reviewer's decision on this hit, if any. */
  status: AmlHitStatus;
};

/** One decision of a `reviewAmlHits` batch. */
export type AmlHitDecisionInput = {
  /** The hit. */
  hitId: Scalars['ID']['input'];
  /** `NO_MATCH`, `FALSE_POSITIVE`, `TRUE_POSITIVE` (or back to `POTENTIAL_MATCH`). */
  status: AmlHitStatus;
};

/** A possible match found by a screening provider. */
export type AmlHitInput = {
  /** The provider's payload. */
  data?: InputMaybe<Scalars['JSON']['input']>;
  /** Lists matched. */
  listTypes?: Array<AmlListType>;
  /** Matched name. */
  name: Scalars['String']['input'];
  /** The provider's reference. */
  providerRef?: InputMaybe<Scalars['String']['input']>;
  /** Match score (0–100). */
  score?: InputMaybe<Scalars['Float']['input']>;
  /** Initial status (default `POTENTIAL_MATCH`). */
  status?: InputMaybe<AmlHitStatus>;
};

/** The decision on one AML hit. */
export type AmlHitStatus =
  /** The hit matched wrongly. */
  | 'FALSE_POSITIVE'
  /** The hit is not about this subject. */
  | 'NO_MATCH'
  /** Not decided yet. */
  | 'POTENTIAL_MATCH'
  /** The hit is about this subject. */
  | 'TRUE_POSITIVE';

/** The list an AML hit comes from. */
export type AmlListType =
  /** Negative news. */
  | 'ADVERSE_MEDIA'
  /** Any other list. */
  | 'OTHER'
  /** Politically exposed persons. */
  | 'PEP'
  /** A sanctions list. */
  | 'SANCTION'
  /** A warning list. */
  | 'WARNING';

/** A signed checkpoint of the workspace's audit chains. */
export type AuditCheckpoint = {
  __typename?: 'AuditCheckpoint';
  /** The checkpoint's id. */
  id: Scalars['ID']['output'];
  /**
   * The C2SP signed note: every case's `(seq, head hash)` and the workspace chain's,
   * then the Ed25519 signature line (docs/audit-proof.md).
   */
  note: Scalars['String']['output'];
  /** When it was signed. */
  signedAt: Scalars['DateTime']['output'];
  /** The verifier key (`<name>+<key id>+<base64 public key>`) to check it with. */
  verifierKey: Scalars['String']['output'];
};

/** One entry of a case's append-only, hash-chained audit trail. */
export type AuditEvent = Node & {
  __typename?: 'AuditEvent';
  /** What happened, e.g. `case.created`. */
  action: Scalars['String']['output'];
  /** The actor's subject. */
  actorId: Scalars['String']['output'];
  /** Who acted: `USER`, `API` or `SYSTEM`. */
  actorType: ActorType;
  /** When the change was made (UTC). */
  at: Scalars['DateTime']['output'];
  /**
   * Changed fields `{ field: { before, after } }`, or a snapshot of what was created;
   * null once erased (retention).
   */
  changes?: Maybe<Scalars['JSON']['output']>;
  /** The entity touched. */
  entityId?: Maybe<Scalars['ID']['output']>;
  /** The kind of entity touched (`CASE`, `COMPANY`, …). */
  entityType: Scalars['String']['output'];
  /** Whether the payload (`changes`) was erased; the event and its hash stay. */
  erased: Scalars['Boolean']['output'];
  /** This event's hash. */
  hash: Scalars['String']['output'];
  /** The event's unique identifier. */
  id: Scalars['ID']['output'];
  /** SHA-256 (hex) of the canonical JSON of `changes`, which the event's hash covers. */
  payloadDigest: Scalars['String']['output'];
  /** Hash of the previous event of the case. */
  prevHash: Scalars['String']['output'];
  /** The request that made the change. */
  requestId?: Maybe<Scalars['String']['output']>;
  /** Position in the case's chain, from 1. */
  seq: Scalars['Int']['output'];
};

/** A page of a case's audit trail, in chain order (Relay connection). */
export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  /** The page's items with their cursors. */
  edges: Array<AuditEventEdge>;
  /** The page's items. */
  nodes: Array<AuditEvent>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: AuditEvent;
};

/** The result of checking a case's audit trail. */
export type AuditVerification = {
  __typename?: 'AuditVerification';
  /**
   * The latest signed checkpoint that lists the case, which the chain reaches (null
   * when none lists it yet).
   */
  checkpoint?: Maybe<CheckpointCoverage>;
  /** Events checked (up to and including the first broken one). */
  eventsChecked: Scalars['Int']['output'];
  /** The first event whose content, link, position or payload does not hold. */
  firstBrokenEventId?: Maybe<Scalars['ID']['output']>;
  /** Why the trail does not verify (null when it does). */
  reason?: Maybe<Scalars['String']['output']>;
  /** The chain is intact. */
  valid: Scalars['Boolean']['output'];
};

/** A risk computed by a scoring integration. */
export type AutomaticRiskInput = {
  /** Components of the score: an object of numbers. */
  components?: InputMaybe<Scalars['JSON']['input']>;
  /** Risk flags: an object of booleans. */
  flags?: InputMaybe<Scalars['JSON']['input']>;
  /** The risk level the scoring system computed. */
  level: RiskLevel;
  /** Score, as the scorer gives it. */
  score?: InputMaybe<Scalars['Float']['input']>;
};

/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type Case = Node & {
  __typename?: 'Case';
  /**
   * The case's alerts, oldest first, whatever their status (a connection;
   * `countsByType` counts this case's alerts).
   */
  alerts: AlertConnection;
  /** The user the case is assigned to. */
  assignee?: Maybe<User>;
  /** The audit trail, in chain order (a connection: `last: 10` reads the latest ten). */
  auditTrail: AuditEventConnection;
  /**
   * Individuals whose total ownership or voting interest in the main company reaches the
   * workspace's `uboThreshold` (default 25%), plus those declared beneficial owners.
   */
  beneficialOwners: Array<Individual>;
  /** The case's checks, oldest first. */
  checks: Array<Check>;
  /** Companies: the main one and affiliated ones. */
  companies: Array<Company>;
  /** Some active check waits on the contact (in progress, rejected or expired). */
  contactHasActions: Scalars['Boolean']['output'];
  /** When the case was created (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Who created it (token subject). */
  createdBy: Scalars['String']['output'];
  /** Custom property values by key. */
  customProperties: Scalars['JSON']['output'];
  /** Free text. */
  description?: Maybe<Scalars['String']['output']>;
  /** The documents attached to the case, oldest first (a connection). */
  documents: DocumentConnection;
  /**
   * When the case is due (SLA): creation + its priority's `slaHours`; `null` once the
   * case is decided.
   */
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * When the case's personal data was erased under retention (`eraseCase`, the retention
   * job); null while it holds it. An erased case keeps its structure, statuses and audit
   * trail, with blanks where personal data was, and takes no change.
   */
  erasedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Your system's id for the case. */
  externalId?: Maybe<Scalars['String']['output']>;
  /**
   * Derived flags, in order: `ALL_CHECKS_APPROVED`, `FOR_REVIEW`, `FOR_FIRST_COLLECT`,
   * `FOR_RECOLLECTION`, `FIRST_COLLECT_COMPLETED`.
   */
  flags: Array<CaseFlag>;
  /** Id (UUID). */
  id: Scalars['ID']['output'];
  /** The individuals (people) of the case, oldest first. */
  individuals: Array<Individual>;
  /** Whether any hit on a non-excluded AML check is a potential or true match. */
  isAmlPositive: Scalars['Boolean']['output'];
  /** The latest case review. */
  lastReview?: Maybe<CaseReview>;
  /** The main company (the customer, for KYB). */
  mainCompany?: Maybe<Company>;
  /** An object of string values. */
  metadata?: Maybe<Scalars['JSON']['output']>;
  /** The case's display name, as shown to analysts. */
  name: Scalars['String']['output'];
  /** When the case is due for periodic review. */
  nextReviewAt?: Maybe<Scalars['DateTime']['output']>;
  /** Notes on the case and its checks, oldest first (a connection). */
  notes: NoteConnection;
  /** An approval waiting for a second person (four-eyes), or null. */
  pendingDecision?: Maybe<PendingDecision>;
  /** How urgently the case should be worked on. */
  priority: CasePriority;
  /** Due diligence processing. */
  processing: Processing;
  /** Ids of the cases this one relates to (set by `createCase` and `updateCase`). */
  relatedCaseIds: Array<Scalars['ID']['output']>;
  /** The screening hits that raised the case. */
  relatedHitIds: Array<Scalars['String']['output']>;
  /** The screening that raised the case. */
  relatedScreeningId?: Maybe<Scalars['String']['output']>;
  /** The ownership and control graph. */
  relations: Array<Relation>;
  /** Some active check waits on a reviewer. */
  reviewerHasActions: Scalars['Boolean']['output'];
  /** Every case review, oldest first (a connection). */
  reviews: CaseReviewConnection;
  /** The current risk. */
  risk?: Maybe<Risk>;
  /** The current risk level (`NOT_DEFINED` until a risk is set). */
  riskLevel: RiskLevel;
  /** Every risk set on the case, oldest first (a connection). */
  risks: RiskConnection;
  /** Where the case is in its lifecycle. */
  status: CaseStatus;
  /** A short summary (set by `createCase` and `updateCase`). */
  summary?: Maybe<Scalars['String']['output']>;
  /** Tags, sorted. */
  tags: Array<Scalars['String']['output']>;
  /**
   * The template the case was made from, as the workspace has it now; `null` when the
   * case was not made from a template or the workspace's own template was deleted since.
   */
  template?: Maybe<CaseTemplate>;
  /**
   * Id of the stored template the case was made from (a workspace's own template or an
   * override of a built-in); `null` for an unchanged built-in, which has no row — see
   * `templateKey`.
   */
  templateId?: Maybe<Scalars['ID']['output']>;
  /** Key of the template the case was made from (`createCasesFromTemplate`). */
  templateKey?: Maybe<Scalars['String']['output']>;
  /** What the case is about. */
  type: CaseType;
  /** Last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Bumped by every change to the case or its children; pass it as `expectedVersion`. */
  version: Scalars['Int']['output'];
};


/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type CaseAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type CaseAuditTrailArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type CaseDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type CaseNotesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type CaseReviewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions. */
export type CaseRisksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of cases (Relay connection): `totalCount` counts the cases matching the filter. */
export type CaseConnection = {
  __typename?: 'CaseConnection';
  /** The page's items with their cursors. */
  edges: Array<CaseEdge>;
  /** The page's items. */
  nodes: Array<Case>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type CaseEdge = {
  __typename?: 'CaseEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Case;
};

/** Which cases to list. Conditions combine with AND; list values match any of their items. */
export type CaseFilter = {
  /** Assigned to this user. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** Created at or after this time. */
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Created before this time. */
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Due (SLA) before this time; cases without a due date (decided ones) never match. */
  dueBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** This exact external id. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** Carrying all of these flags. */
  flags?: InputMaybe<Array<CaseFlag>>;
  /** Next periodic review due before this time. */
  nextReviewBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /**
   * `true`: only cases with a decision waiting for a second person (the checker's
   * queue); `false`: only cases without.
   */
  pendingDecision?: InputMaybe<Scalars['Boolean']['input']>;
  /** Any of these priorities. */
  priority?: InputMaybe<Array<CasePriority>>;
  /** Current risk level is any of these. */
  riskLevel?: InputMaybe<Array<RiskLevel>>;
  /** Name or external id contains this text (case-insensitive); at most 255 characters. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<CaseStatus>>;
  /** Carrying all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Any of these types. */
  type?: InputMaybe<Array<CaseType>>;
};

/** A case's derived flags, in this order. */
export type CaseFlag =
  /** The case has checks and all are approved. */
  | 'ALL_CHECKS_APPROVED'
  /** The first collect is completed (sticky). */
  | 'FIRST_COLLECT_COMPLETED'
  /** The contact has actions and the first collect is not completed. */
  | 'FOR_FIRST_COLLECT'
  /** Some checks must be collected again. */
  | 'FOR_RECOLLECTION'
  /** A reviewer has actions and the contact has none. */
  | 'FOR_REVIEW';

/** How to order cases; ties are broken by id. */
export type CaseOrder = {
  /** The direction. */
  direction?: SortDirection;
  /** The field. */
  field?: CaseOrderField;
};

/** A field cases can be ordered by. */
export type CaseOrderField =
  /** Creation time (the default). */
  | 'CREATED_AT'
  /**
   * Due date (SLA). Cases without one (decided cases) sort after every dated case in
   * ascending order and before them in descending order.
   */
  | 'DUE_AT'
  /** By case name, alphabetically. */
  | 'NAME'
  /** Last change. */
  | 'UPDATED_AT';

/** How urgent a case is. */
export type CasePriority =
  /** Critical: work on it before anything else. */
  | 'CRITICAL'
  /** High: ahead of normal work. */
  | 'HIGH'
  /** Low: when time allows. */
  | 'LOW'
  /** Medium (the default). */
  | 'MEDIUM';

/**
 * Where to download a case report. The report is not stored: it is read and rendered
 * when the link is followed, so it shows the case as it is then.
 */
export type CaseReport = {
  __typename?: 'CaseReport';
  /** The case reported on. */
  caseId: Scalars['ID']['output'];
  /** The file's media type (`application/pdf` or `application/json`). */
  contentType: Scalars['String']['output'];
  /** When the link stops working. */
  expiresAt: Scalars['DateTime']['output'];
  /** The name the download is saved under. */
  fileName: Scalars['String']['output'];
  /** The file's format. */
  format: ReportFormat;
  /**
   * A link that downloads the report (`GET`, no token needed: the link is signed),
   * relative to the API's address.
   */
  url: Scalars['String']['output'];
};

/** A decision on a case: who approved, rejected or closed it, when and why. */
export type CaseReview = Node & {
  __typename?: 'CaseReview';
  /** Why the reviewer decided as they did. */
  comment?: Maybe<Scalars['String']['output']>;
  /** When the review was made (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** The review's unique identifier. */
  id: Scalars['ID']['output'];
  /** When the case is to be reviewed again. */
  nextReviewAt?: Maybe<Scalars['DateTime']['output']>;
  /** The deciding user's subject (none for the system). */
  reviewerId?: Maybe<Scalars['String']['output']>;
  /** Who decided: `USER`, `API` or `SYSTEM`. */
  reviewerType: ActorType;
  /** The decision. */
  status: ReviewStatus;
};

/** A page of a case's reviews, oldest first (Relay connection). */
export type CaseReviewConnection = {
  __typename?: 'CaseReviewConnection';
  /** The page's items with their cursors. */
  edges: Array<CaseReviewEdge>;
  /** The page's items. */
  nodes: Array<CaseReview>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type CaseReviewEdge = {
  __typename?: 'CaseReviewEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: CaseReview;
};

/** A decision on a case. */
export type CaseReviewInput = {
  /** Why; required when the workspace's `reviewCommentRequired` is on. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /**
   * Next periodic review. Omitted: for `APPROVED`, now plus the workspace's interval for
   * the case's risk level; for `REJECTED`/`CLOSED`, none. `null`: no periodic review.
   */
  nextReviewAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** `APPROVED`, `REJECTED` or `CLOSED`. */
  status: ReviewStatus;
};

/** Where a case stands. */
export type CaseStatus =
  /** Approved by a case review. */
  | 'APPROVED'
  /** Closed by a case review. */
  | 'CLOSED'
  /** Being prepared; not yet worked on. */
  | 'DRAFT'
  /** Being worked on (the default). */
  | 'OPEN'
  /** Rejected by a case review. */
  | 'REJECTED';

/**
 * A case template as the API shows it: a built-in, an override of one, or the workspace's
 * own.
 */
export type CaseTemplate = {
  __typename?: 'CaseTemplate';
  /** Whether the key is a built-in's (overridden or not). */
  builtIn: Scalars['Boolean']['output'];
  /** Checks opened on each case created (an item's checks are added). */
  checks: Array<TemplateCheck>;
  /** Custom property values of the cases created (an item's keys win). */
  customProperties: Scalars['JSON']['output'];
  /** Whether the workspace changed this template (a built-in overridden, or its own). */
  customized: Scalars['Boolean']['output'];
  /** Free text. */
  description?: Maybe<Scalars['String']['output']>;
  /** Stable key, unique in the workspace. */
  key: Scalars['String']['output'];
  /** Metadata of the cases created (an item's keys win). */
  metadata?: Maybe<Scalars['JSON']['output']>;
  /** Display name. */
  name: Scalars['String']['output'];
  /**
   * Name of the cases created: `{name}`, `{externalId}` and `{date}` (YYYY-MM-DD) are
   * replaced by the item's values.
   */
  namePattern: Scalars['String']['output'];
  /** Priority of the cases created (an item may set its own). */
  priority: CasePriority;
  /** Tags given to the cases created (an item's tags are added). */
  tags: Array<Scalars['String']['output']>;
  /** Type of the cases created. */
  type: CaseType;
  /** Last change; `null` for an unchanged built-in. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A template to create or replace (admins). */
export type CaseTemplateInput = {
  /** Checks to open on each case. */
  checks?: Array<TemplateCheckInput>;
  /** Custom property values by key. */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Free text. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Key: 1–64 of `[a-z0-9_]`. A built-in's key overrides it for the workspace. */
  key: Scalars['String']['input'];
  /** An object of string values. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Display name. */
  name: Scalars['String']['input'];
  /** Default `{name}`. */
  namePattern?: InputMaybe<Scalars['String']['input']>;
  /** Default `MEDIUM`. */
  priority?: InputMaybe<CasePriority>;
  /** Tags every case made from the template starts with. */
  tags?: Array<Scalars['String']['input']>;
  /** Type of the cases created. */
  type: CaseType;
};

/** Which screening results open a case, and with which priority. */
export type CaseTriggers = {
  __typename?: 'CaseTriggers';
  /** Adverse media with risk score ≥ `minRiskScore` → `ADVERSE_MEDIA` case. */
  adverseMedia: AdverseMediaTrigger;
  /** Fraud signals → `FRAUD` case. */
  fraud: ScreeningTrigger;
  /** PEP match → `PEP` case. */
  pep: ScreeningTrigger;
  /** Sanctions hit with confidence ≥ `minConfidence` → `SANCTIONS` case. */
  sanctions: SanctionsTrigger;
  /** Verification failure → `VERIFICATION` case. */
  verificationFailure: ScreeningTrigger;
};

/** Changes to the workspace's case triggers; omitted triggers and fields stay. */
export type CaseTriggersInput = {
  /** Adverse media results. */
  adverseMedia?: InputMaybe<AdverseMediaTriggerInput>;
  /** Fraud signals. */
  fraud?: InputMaybe<ScreeningTriggerInput>;
  /** PEP matches. */
  pep?: InputMaybe<ScreeningTriggerInput>;
  /** Sanctions results. */
  sanctions?: InputMaybe<SanctionsTriggerInput>;
  /** Verification failures. */
  verificationFailure?: InputMaybe<ScreeningTriggerInput>;
};

/** What a case is about. */
export type CaseType =
  /** Negative news. */
  | 'ADVERSE_MEDIA'
  /** Anti-money-laundering screening. */
  | 'AML'
  /** Suspected fraud. */
  | 'FRAUD'
  /** Know your business: a company. */
  | 'KYB'
  /** Know your customer: a person. */
  | 'KYC'
  /** A politically exposed person. */
  | 'PEP'
  /** A scheduled refresh of an existing customer. */
  | 'PERIODIC_REVIEW'
  /** A sanctions list match. */
  | 'SANCTIONS'
  /** Review of a transaction. */
  | 'TRANSACTION_REVIEW'
  /** An identity or document verification. */
  | 'VERIFICATION';

/** A step of a case: something verified about the case, a company or an individual. */
export type Check = Node & {
  __typename?: 'Check';
  /** AML hits (AML checks). */
  amlHits: Array<AmlHit>;
  /** The case. */
  caseId: Scalars['ID']['output'];
  /** When the check was added to the case (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** The provider's payload. */
  data?: Maybe<Scalars['JSON']['output']>;
  /** Documents supporting the check. */
  documents: Array<Document>;
  /** When the result stops being valid. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** The check's unique identifier. */
  id: Scalars['ID']['output'];
  /** Deactivated checks are ignored by flags. */
  isDeactivated: Scalars['Boolean']['output'];
  /** Excluded AML checks do not make the case AML positive. */
  isExcluded: Scalars['Boolean']['output'];
  /** A short label shown for the check, such as the provider's name. */
  label: Scalars['String']['output'];
  /** Notes on the check. */
  notes: Array<Note>;
  /** When it was approved or rejected. */
  reviewedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who approved or rejected it. */
  reviewedBy?: Maybe<Scalars['String']['output']>;
  /** Where it stands. */
  status: CheckStatus;
  /** The company or individual it is about (none for the case itself). */
  subjectId?: Maybe<Scalars['ID']['output']>;
  /** What it is about: the case, a company or an individual. */
  subjectType: CheckSubjectType;
  /** What it verifies. */
  type: CheckType;
  /** Last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A reviewer's decision on a check. */
export type CheckDecision =
  /** Approve the check. */
  | 'APPROVED'
  /** Reject the check (the contact must provide it again). */
  | 'REJECTED';

/** A check to add to a case. */
export type CheckInput = {
  /** Hits found by an AML screening (AML checks only). */
  amlHits?: Array<AmlHitInput>;
  /** The provider's payload. */
  data?: InputMaybe<Scalars['JSON']['input']>;
  /** When the result stops being valid. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** Deactivated checks are ignored by flags (simplified due diligence). */
  isDeactivated?: Scalars['Boolean']['input'];
  /** A label; defaults to the type's name. */
  label?: InputMaybe<Scalars['String']['input']>;
  /** Initial status (default `IN_PROGRESS`). */
  status?: InputMaybe<CheckStatus>;
  /** The company checked (omit every subject for a check on the case itself). */
  subjectCompanyId?: InputMaybe<Scalars['ID']['input']>;
  /** The individual checked. */
  subjectIndividualId?: InputMaybe<Scalars['ID']['input']>;
  /** The `ref` of a company or individual created in the same call. */
  subjectRef?: InputMaybe<Scalars['String']['input']>;
  /** What the check verifies. */
  type: CheckType;
};

/** Where a check stands. */
export type CheckStatus =
  /** Approved: the check passed. */
  | 'APPROVED'
  /** Expired (a document or result is out of date). */
  | 'EXPIRED'
  /** Waiting on the contact. */
  | 'IN_PROGRESS'
  /** Waiting on a reviewer. */
  | 'NEED_REVIEW'
  /** Automated work under way. */
  | 'PROCESSING'
  /** Rejected: the check failed. */
  | 'REJECTED';

/** What a check is about. */
export type CheckSubjectType =
  /** The case itself. */
  | 'CASE'
  /** One of the case's companies. */
  | 'COMPANY'
  /** One of the case's individuals. */
  | 'INDIVIDUAL';

/** What a check verifies. */
export type CheckType =
  /** Anti-money-laundering screening. */
  | 'AML'
  /** A workspace-defined check. */
  | 'CUSTOM'
  /** Any other document. */
  | 'DOCUMENT'
  /** Electronic KYC against trusted data sources. */
  | 'EKYC'
  /** A fraud database lookup. */
  | 'FRAUD_DATABASE'
  /** An identity document. */
  | 'ID_DOCUMENT'
  /** Identity verification (selfie, liveness). */
  | 'ID_VERIFICATION'
  /** Online reputation. */
  | 'ONLINE_REPUTATION'
  /** A company registry lookup. */
  | 'REGISTRY';

/** A signed checkpoint a case's chain was compared with. */
export type CheckpointCoverage = {
  __typename?: 'CheckpointCoverage';
  /** The checkpoint's id. */
  id: Scalars['ID']['output'];
  /** The case's last event when it was signed; the chain holds it unchanged. */
  seq: Scalars['Int']['output'];
  /** When it was signed. */
  signedAt: Scalars['DateTime']['output'];
};

/** A company of a case: the main one (the customer) or an affiliated one. */
export type Company = Node & {
  __typename?: 'Company';
  /** Registered address. */
  address?: Maybe<Address>;
  /** The case. */
  caseId: Scalars['ID']['output'];
  /** ISO 3166-1 alpha-2 country of registration. */
  country?: Maybe<Scalars['String']['output']>;
  /** When the company was added to the case (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Custom property values by key. */
  customProperties: Scalars['JSON']['output'];
  /** The company's unique identifier. */
  id: Scalars['ID']['output'];
  /** Whether this is the case's main company. */
  isMain: Scalars['Boolean']['output'];
  /** Legal form. */
  legalForm?: Maybe<Scalars['String']['output']>;
  /** An object of string values. */
  metadata?: Maybe<Scalars['JSON']['output']>;
  /** Legal name. */
  name: Scalars['String']['output'];
  /** Registration number. */
  registrationNumber?: Maybe<Scalars['String']['output']>;
  /**
   * Total ownership of the main company held through this company, in percent, over
   * every path (see the README). With cross-holdings a company's look-through total can
   * exceed 100; individuals' totals never do. `null` without a main company.
   */
  totalOwnershipPercentage?: Maybe<Scalars['Float']['output']>;
  /** Total voting rights in the main company held through this company, in percent. */
  totalVotingRightsPercentage?: Maybe<Scalars['Float']['output']>;
  /** Last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A company to add to a case. */
export type CompanyInput = {
  /** Registered address. */
  address?: InputMaybe<AddressInput>;
  /** ISO 3166-1 alpha-2 country of registration. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** Custom property values by key (see `customPropertyDefinitions`). */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Whether this is the case's main company (at most one per case). */
  isMain?: Scalars['Boolean']['input'];
  /** Legal form (e.g. "SAS", "GmbH"). */
  legalForm?: InputMaybe<Scalars['String']['input']>;
  /** An object of string values. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Legal name (required, at most 255 characters). */
  name: Scalars['String']['input'];
  /** A name for this company within the call, so that other new entities can relate to it. */
  ref?: InputMaybe<Scalars['String']['input']>;
  /** Registration number, at most 20 characters. */
  registrationNumber?: InputMaybe<Scalars['String']['input']>;
  /** Relations from this company to others of the case. */
  relations?: Array<RelationInput>;
};

/**
 * A new case, optionally with its companies, individuals (with their relations) and checks,
 * all created in one transaction.
 */
export type CreateCaseInput = {
  /** Checks to create with the case; `subjectRef` names a new company or individual. */
  checks?: Array<CheckInput>;
  /** Companies to create with the case. */
  companies?: Array<CompanyInput>;
  /** Custom property values by key (see `customPropertyDefinitions`). */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Free text. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Your system's id for the case; unique among the workspace's live cases. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** Individuals to create with the case. */
  individuals?: Array<IndividualInput>;
  /** An object of string values. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Name (required, at most 255 characters). */
  name: Scalars['String']['input'];
  /** Default `MEDIUM`. */
  priority?: InputMaybe<CasePriority>;
  /** Default `FULL`. */
  processing?: InputMaybe<Processing>;
  /** Ids of live cases of the workspace this case relates to (a set, at most 100). */
  relatedCaseIds?: Array<Scalars['ID']['input']>;
  /** `DRAFT` or `OPEN` (the default). */
  status?: InputMaybe<CaseStatus>;
  /** A short summary of the case, at most 10,000 characters. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Tags (a set). */
  tags?: Array<Scalars['String']['input']>;
  /** What the case is about. Omitted: `KYB` when the input has companies, else `KYC`. */
  type?: InputMaybe<CaseType>;
};

/** A relation between two existing entities of a case. */
export type CreateRelationInput = {
  /** The company the relation starts from (or give `fromIndividualId`). */
  fromCompanyId?: InputMaybe<Scalars['ID']['input']>;
  /** The individual the relation starts from (or give `fromCompanyId`). */
  fromIndividualId?: InputMaybe<Scalars['ID']['input']>;
  /** Direct ownership, 0–100. */
  ownershipPercentage?: InputMaybe<Scalars['Float']['input']>;
  /** Position held. */
  position?: InputMaybe<Scalars['String']['input']>;
  /** What the relation means. */
  roles?: Array<RelationRole>;
  /** The company related to; omitted: the case's main company. */
  toCompanyId?: InputMaybe<Scalars['ID']['input']>;
  /** Direct voting rights, 0–100. */
  votingRightsPercentage?: InputMaybe<Scalars['Float']['input']>;
};

/** `createWebhook`'s input. */
export type CreateWebhookInput = {
  /** Whether events are sent (default true). */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** The event types to send (empty: all). */
  eventTypes: Array<EventType>;
  /**
   * The HMAC-SHA256 key of the `X-CaseGraph-Signature` header (16 to 256 characters);
   * never returned.
   */
  secret: Scalars['String']['input'];
  /** Where events are POSTed: an `http` or `https` URL of a public address. */
  url: Scalars['String']['input'];
};

/** A workspace-defined field on cases, companies or individuals. */
export type CustomPropertyDefinition = Node & {
  __typename?: 'CustomPropertyDefinition';
  /** When the property was defined (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** The definition's unique identifier. */
  id: Scalars['ID']['output'];
  /** The key values are stored under (in `customProperties`). */
  key: Scalars['String']['output'];
  /** What people read. */
  label: Scalars['String']['output'];
  /** The type's settings (`options`, `allowMultiple`, `format`, `currency`, `min`, `max`, `multiline`). */
  settings: Scalars['JSON']['output'];
  /** What it is set on. */
  target: CustomPropertyTarget;
  /** The value's type. */
  type: CustomPropertyType;
  /** Last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** What a custom property is set on. */
export type CustomPropertyTarget =
  /** Properties of cases. */
  | 'CASE'
  /** Companies of a case. */
  | 'COMPANY'
  /** Individuals of a case. */
  | 'INDIVIDUAL';

/** The type of a custom property's value. */
export type CustomPropertyType =
  /** One or more keys from the property's options. */
  | 'CHOICES'
  /** One or more ISO 3166-1 alpha-2 country codes. */
  | 'COUNTRIES'
  /** A date, `yyyy-MM-dd`. */
  | 'DATE'
  /** An email address, at most 250 characters. */
  | 'EMAIL'
  /** A number, optionally bounded and shown as a percentage or an amount. */
  | 'NUMERIC'
  /** An E.164 phone number. */
  | 'PHONE_NUMBER'
  /** Text: one line of at most 250 characters, or up to 1,500 when multiline. */
  | 'TEXT'
  /** An absolute http(s) URL. */
  | 'URL'
  /** A boolean. */
  | 'YES_NO';

/** A new custom property. */
export type DefineCustomPropertyInput = {
  /** The key values are stored under: a letter, then letters, digits or `_` (at most 64). */
  key: Scalars['String']['input'];
  /** What people read. */
  label: Scalars['String']['input'];
  /**
   * Settings of the type: `options` and `allowMultiple` (CHOICES), `allowMultiple`
   * (COUNTRIES), `format`, `currency`, `min`, `max` (NUMERIC), `multiline` (TEXT).
   */
  settings?: InputMaybe<Scalars['JSON']['input']>;
  /** What it is set on. */
  target: CustomPropertyTarget;
  /** The value's type. */
  type: CustomPropertyType;
};

/** Where a webhook delivery stands. */
export type DeliveryStatus =
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Given up after the retry period. */
  | 'FAILED'
  /** Not delivered yet: waiting for its turn or its next attempt. */
  | 'PENDING';

/** A document attached to a case. */
export type Document = Node & {
  __typename?: 'Document';
  /** The check it supports, if any. */
  checkId?: Maybe<Scalars['ID']['output']>;
  /** The company it is about, if any. */
  companyId?: Maybe<Scalars['ID']['output']>;
  /** Content type, checked against the bytes. */
  contentType: Scalars['String']['output'];
  /**
   * A link that downloads the file, valid for a few minutes (`GET`, no token needed:
   * the link is signed). Relative to the API's address.
   */
  downloadUrl: Scalars['String']['output'];
  /** Expiry of the document itself (e.g. a passport). */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** File name as uploaded. */
  fileName: Scalars['String']['output'];
  /** The document's unique identifier. */
  id: Scalars['ID']['output'];
  /** The individual it is about, if any. */
  individualId?: Maybe<Scalars['ID']['output']>;
  /** SHA-256 of the bytes, hex. */
  sha256: Scalars['String']['output'];
  /** Size in bytes. */
  size: Scalars['Int']['output'];
  /** Kind of document. */
  type: DocumentType;
  /** When the document was uploaded (UTC). */
  uploadedAt: Scalars['DateTime']['output'];
  /** Verification status. */
  verificationStatus: VerificationStatus;
};

/** A page of a case's documents, in upload order (Relay connection). */
export type DocumentConnection = {
  __typename?: 'DocumentConnection';
  /** The page's items with their cursors. */
  edges: Array<DocumentEdge>;
  /** The page's items. */
  nodes: Array<Document>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type DocumentEdge = {
  __typename?: 'DocumentEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Document;
};

/** A kind of document. */
export type DocumentType =
  /** Articles of association. */
  | 'ARTICLES_OF_ASSOCIATION'
  /** Bank statement. */
  | 'BANK_STATEMENT'
  /** Certificate of incorporation. */
  | 'CERTIFICATE_OF_INCORPORATION'
  /** Driving licence. */
  | 'DRIVING_LICENSE'
  /** National identity card. */
  | 'ID_CARD'
  /** Anything else. */
  | 'OTHER'
  /** A passport. */
  | 'PASSPORT'
  /** Any proof of address. */
  | 'PROOF_OF_ADDRESS'
  /** Residence permit. */
  | 'RESIDENCE_PERMIT'
  /** Shareholder register. */
  | 'SHAREHOLDER_REGISTER'
  /** Source of funds evidence. */
  | 'SOURCE_OF_FUNDS'
  /** Source of wealth evidence. */
  | 'SOURCE_OF_WEALTH'
  /** Utility bill. */
  | 'UTILITY_BILL';

/**
 * Something that happened in the workspace, delivered after it committed. Every audit
 * event is also a domain event: `eventId` is the audit event's id.
 */
export type DomainEvent = {
  __typename?: 'DomainEvent';
  /** The audit action, e.g. `case.updated`. */
  action: Scalars['String']['output'];
  /** The actor's subject. */
  actorId: Scalars['String']['output'];
  /** Who acted: `USER`, `API` or `SYSTEM`. */
  actorType: ActorType;
  /** When it happened (the audit event's time). */
  at: Scalars['DateTime']['output'];
  /** The case, or null for the workspace's own events (settings, definitions, templates). */
  caseId?: Maybe<Scalars['ID']['output']>;
  /** Changed fields `{ field: { before, after } }`, or a snapshot of what was created. */
  changes: Scalars['JSON']['output'];
  /** The entity touched. */
  entityId?: Maybe<Scalars['ID']['output']>;
  /** The kind of entity touched (`CASE`, `COMPANY`, …). */
  entityType: Scalars['String']['output'];
  /** The event's id (the audit event's id; webhooks send the same one on every retry). */
  eventId: Scalars['ID']['output'];
  /**
   * Position in the case's (or the workspace's) audit chain: events of one case arrive
   * in increasing `seq`.
   */
  seq: Scalars['Int']['output'];
  /** What happened. */
  type: EventType;
};

/**
 * What happened, as subscriptions and webhooks name it. Every audit action maps onto
 * one of these (`service::events::event_type`).
 */
export type EventType =
  /** An alert was actioned (applied, excluded, dismissed). */
  | 'ALERT_ACTIONED'
  /** An alert was raised. */
  | 'ALERT_RAISED'
  /** AML hits were added, updated or decided. */
  | 'AML_HITS_UPDATED'
  /** A case was assigned. */
  | 'CASE_ASSIGNED'
  /** A case was created. */
  | 'CASE_CREATED'
  /** A case was deleted. */
  | 'CASE_DELETED'
  /**
   * A case's personal data was erased under retention (`eraseCase` or the retention
   * job); the event carries no personal data.
   */
  | 'CASE_ERASED'
  /** A case's status changed (an update or a reopening). */
  | 'CASE_STATUS_CHANGED'
  /** A case's fields, tags, custom properties or review date changed. */
  | 'CASE_UPDATED'
  /** A check was added to a case. */
  | 'CHECK_CREATED'
  /** A check changed: reviewed, deactivated, excluded, expired or updated. */
  | 'CHECK_UPDATED'
  /** A document was deleted. */
  | 'DOCUMENT_DELETED'
  /** A document was uploaded. */
  | 'DOCUMENT_UPLOADED'
  /** A company or individual was added. */
  | 'ENTITY_CREATED'
  /** A company or individual was removed. */
  | 'ENTITY_DELETED'
  /** A company or individual changed. */
  | 'ENTITY_UPDATED'
  /** A note was added. */
  | 'NOTE_ADDED'
  /** A note was deleted. */
  | 'NOTE_DELETED'
  /** An ownership or control relation was added, changed or removed. */
  | 'RELATION_CHANGED'
  /** A case review (approve, reject, close) was recorded. */
  | 'REVIEW_CREATED'
  /** The case's risk changed (automatic push, manual setting). */
  | 'RISK_UPDATED'
  /** Workspace settings, custom property definitions or templates changed. */
  | 'WORKSPACE_UPDATED';

/**
 * The four-eyes setting: cases at one of `riskLevels` or of one of `caseTypes` need a
 * second person to approve. Both empty: off.
 */
export type FourEyesInput = {
  /** Case types. */
  caseTypes: Array<CaseType>;
  /** Risk levels. */
  riskLevels: Array<RiskLevel>;
};

/**
 * Which `APPROVED` reviews need a second person: cases at one of these risk levels or of
 * one of these types. Empty: off.
 */
export type FourEyesView = {
  __typename?: 'FourEyesView';
  /** Case types. */
  caseTypes: Array<CaseType>;
  /** Risk levels. */
  riskLevels: Array<RiskLevel>;
};

/** A person's gender. */
export type Gender =
  /** Female gender. */
  | 'FEMALE'
  /** Male gender. */
  | 'MALE'
  /** Another gender, or not stated. */
  | 'OTHER'
  /** Not given. */
  | 'PREFER_NOT_TO_SAY';

/** A person of a case: shareholder, director, representative, contact. */
export type Individual = Node & {
  __typename?: 'Individual';
  /** Home address. */
  address?: Maybe<Address>;
  /** Date of birth. */
  birthDate?: Maybe<Scalars['Date']['output']>;
  /** Day of birth, when known. */
  birthDay?: Maybe<Scalars['Int']['output']>;
  /** Month of birth, when known. */
  birthMonth?: Maybe<Scalars['Int']['output']>;
  /** Year of birth (also when only the year is known). */
  birthYear?: Maybe<Scalars['Int']['output']>;
  /** The case. */
  caseId: Scalars['ID']['output'];
  /** When the individual was added to the case (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Custom property values by key. */
  customProperties: Scalars['JSON']['output'];
  /** Email addresses. */
  emails: Array<Scalars['String']['output']>;
  /** First name. */
  firstName: Scalars['String']['output'];
  /** The individual's gender, when given. */
  gender?: Maybe<Gender>;
  /** The individual's unique identifier. */
  id: Scalars['ID']['output'];
  /** Declared beneficial owner. */
  isBeneficialOwner: Scalars['Boolean']['output'];
  /** The business's contact person. */
  isBusinessContact: Scalars['Boolean']['output'];
  /** Last name. */
  lastName: Scalars['String']['output'];
  /** Maiden name. */
  maidenName?: Maybe<Scalars['String']['output']>;
  /** An object of string values. */
  metadata?: Maybe<Scalars['JSON']['output']>;
  /** ISO 3166-1 alpha-2 nationality. */
  nationality?: Maybe<Scalars['String']['output']>;
  /** Phone numbers (E.164). */
  phoneNumbers: Array<Scalars['String']['output']>;
  /** The individual's form of address (Mr, Ms, Dr…), when given. */
  title?: Maybe<Title>;
  /**
   * Total ownership of the main company, in percent, over every path: products of the
   * direct percentages along a path, summed over paths (cycles included). `null` without
   * a main company.
   */
  totalOwnershipPercentage?: Maybe<Scalars['Float']['output']>;
  /** Total voting rights in the main company, in percent, over every path. */
  totalVotingRightsPercentage?: Maybe<Scalars['Float']['output']>;
  /** Last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A person to add to a case. */
export type IndividualInput = {
  /** Home address. */
  address?: InputMaybe<AddressInput>;
  /** Date of birth (not in the future). Or give its parts: */
  birthDate?: InputMaybe<Scalars['Date']['input']>;
  /** Day of birth, with `birthMonth`. */
  birthDay?: InputMaybe<Scalars['Int']['input']>;
  /** Month of birth (1–12), with `birthYear`. */
  birthMonth?: InputMaybe<Scalars['Int']['input']>;
  /** Year of birth (1900 or later), when the full date is not known. */
  birthYear?: InputMaybe<Scalars['Int']['input']>;
  /** Custom property values by key (see `customPropertyDefinitions`). */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Email addresses. */
  emails?: Array<Scalars['String']['input']>;
  /** First name (required, at most 40 characters). */
  firstName: Scalars['String']['input'];
  /** The individual's gender. */
  gender?: InputMaybe<Gender>;
  /** Declared beneficial owner, whatever their share. */
  isBeneficialOwner?: Scalars['Boolean']['input'];
  /** Whether this person is the business's contact. */
  isBusinessContact?: Scalars['Boolean']['input'];
  /** Last name (required, at most 40 characters). */
  lastName: Scalars['String']['input'];
  /** Maiden name, at most 40 characters. */
  maidenName?: InputMaybe<Scalars['String']['input']>;
  /** An object of string values. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** ISO 3166-1 alpha-2 nationality. */
  nationality?: InputMaybe<Scalars['String']['input']>;
  /** Phone numbers in E.164 form (`+33612345678`). */
  phoneNumbers?: Array<Scalars['String']['input']>;
  /** A name for this individual within the call, so that new checks can refer to it. */
  ref?: InputMaybe<Scalars['String']['input']>;
  /** Relations from this individual to companies of the case. */
  relations?: Array<RelationInput>;
  /** The individual's form of address (Mr, Ms, Dr…). */
  title?: InputMaybe<Title>;
};

/** A screening provider's result. */
export type IngestScreeningResultInput = {
  /** Overall match confidence, 0–100. */
  confidence: Scalars['Float']['input'];
  /** The matches found, at most 100 (they go on the case's AML check). */
  hits?: Array<AmlHitInput>;
  /** What was screened for. */
  kind: ScreeningKind;
  /** Risk score, 0–100 (default 0). */
  riskScore?: Scalars['Float']['input'];
  /**
   * The provider's id of the screening, at most 255 characters; a second result with the
   * same id creates nothing (`DUPLICATE_SCREENING_ID`).
   */
  screeningId: Scalars['String']['input'];
  /** Who or what was screened. */
  subject: ScreeningSubjectInput;
};

/** A risk set by a reviewer. */
export type ManualRiskInput = {
  /** Why the level is set by hand, kept in the audit trail. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** The risk level to set. */
  level: RiskLevel;
};

/** Writes. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Acts on an active alert (reviewers): `EXCLUDE` or `APPLY` a `CASE_DETAILS_REVIEW`,
   * `APPLY` a `MANUAL_REVIEW` or `AML_MATCH`, `DISMISS` an `AML_MATCH` of a case still
   * draft or open, a `DOCUMENT_*`, `REVIEW_DUE` or `SLA_BREACHED`. Any other pair is
   * `BAD_USER_INPUT`.
   */
  actionAlert: Alert;
  /** Adds a note to a case, or to one of its checks. */
  addNote: Note;
  /** Assigns the case to a user of the workspace, or to nobody with `userId: null`. */
  assignCase: Case;
  /**
   * Creates up to 1,000 cases (each as `createCase` would, with its nested graph) in one
   * transaction, all or nothing: every bad item is reported, one `BAD_USER_INPUT` error
   * each with `extensions.index` and `field`. With an `idempotencyKey`, a retry returns
   * the cases the first call created. Returns the cases in item order.
   */
  bulkCreateCases: Array<Case>;
  /**
   * Confirms a case's pending decision (four-eyes): the proposed review is recorded and
   * the case moves (`nextReviewAt` computed now). A reviewer or admin other than the
   * proposer, and a person (`FORBIDDEN` otherwise); `NOT_FOUND` without a pending decision.
   */
  confirmDecision: Case;
  /**
   * Creates a case, optionally with companies, individuals (and their relations) and
   * checks, in one transaction: all of it or nothing. With an `idempotencyKey`, a retry
   * (same key, same arguments) returns the case the first call created; the same key
   * with other arguments is `CONFLICT`.
   */
  createCase: Case;
  /**
   * Approves, rejects or closes a case (reviewers). Allowed from `DRAFT`, `OPEN`,
   * `APPROVED` (re-approval confirms a periodic review) and `REJECTED`; otherwise
   * `INVALID_TRANSITION`. Returns the case; the review is its `lastReview`. Under the
   * workspace's `fourEyes` setting an approval becomes the case's `pendingDecision`.
   */
  createCaseReview: Case;
  /**
   * Creates up to 1,000 cases from a template (see `caseTemplates`): each item's values
   * are merged over the template's (the item wins; tags and checks add up), its `name`
   * fills the template's name pattern. All or nothing, like `bulkCreateCases`.
   */
  createCasesFromTemplate: Array<Case>;
  /** Adds a check to a case; the case's flags are recomputed. */
  createCheck: Check;
  /** Adds a company (with its relations) to a case. */
  createCompany: Company;
  /** Adds an individual (with their relations) to a case. */
  createIndividual: Individual;
  /**
   * Relates an individual or company to a company of the same case (the main company
   * when `toCompanyId` is omitted).
   */
  createRelation: Relation;
  /**
   * Registers a receiver of the workspace's events (admins). Deliveries are signed with
   * `secret`: see the README's "Webhooks" section.
   */
  createWebhook: Webhook;
  /**
   * Declines a case's pending decision (four-eyes): the proposal is closed, the case
   * stays. Same rules as `confirmDecision`.
   */
  declineDecision: Case;
  /** Defines a custom property for cases, companies or individuals (admins). */
  defineCustomProperty: CustomPropertyDefinition;
  /**
   * Deletes a case (soft: it disappears from reads and frees its external id; its audit
   * trail stays). Returns its id.
   */
  deleteCase: Scalars['ID']['output'];
  /**
   * Deletes a template of the workspace (admins); deleting the override of a built-in
   * restores the built-in, which is returned (otherwise `null`).
   */
  deleteCaseTemplate?: Maybe<CaseTemplate>;
  /**
   * Deletes a company with its relations and the checks about it. Refused if another
   * entity would lose its path to the main company. Returns its id.
   */
  deleteCompany: Scalars['ID']['output'];
  /** Deletes a definition (admins). Returns its id. */
  deleteCustomPropertyDefinition: Scalars['ID']['output'];
  /** Deletes a document and its file. Returns its id. */
  deleteDocument: Scalars['ID']['output'];
  /** Deletes an individual with their relations and the checks about them. Returns the id. */
  deleteIndividual: Scalars['ID']['output'];
  /** Deletes a note (its author or an admin). Returns its id. */
  deleteNote: Scalars['ID']['output'];
  /**
   * Deletes a relation, unless an entity would lose its path to the main company.
   * Returns its id.
   */
  deleteRelation: Scalars['ID']['output'];
  /** Deletes a webhook and its deliveries (admins); returns its id. */
  deleteWebhook: Scalars['ID']['output'];
  /** Makes the latest automatic risk current again, ending a manual override (reviewers). */
  enableAutomaticRisk: Case;
  /**
   * Erases the personal data of a closed or rejected case whose retention period
   * (`retentionYears` after its decision) is over (admins), or of a deleted case
   * `retentionYears` after its deletion (by its id; whatever its status): names, birth dates,
   * addresses, identifiers, contact details and custom property values of its companies
   * and individuals, the case's name and external id, notes' text, comments, check and
   * hit data, screening payloads, alert payloads, documents (their bytes deleted),
   * idempotency answers, webhook payloads and the audit events' payloads. The audit trail
   * keeps every event with its hash, so it still verifies; the erasure is itself an event
   * (`case.erased`, `CASE_ERASED`). Afterwards the case takes no change (`CONFLICT`).
   * Erasing it again answers the case as it is. A case not closed or rejected is
   * `INVALID_TRANSITION` (`to: ERASED`); one still in its retention period `CONFLICT`
   * with `extensions.erasableAt`.
   */
  eraseCase: Case;
  /**
   * Excludes an AML check from the case's AML positivity (reviewers); `excluded: false`
   * brings it back.
   */
  excludeCheck: Check;
  /**
   * Ingests a screening provider's result (analysts, integrations). The workspace's
   * `caseTriggers` decide whether it opens a case (of the kind's type, with the subject
   * as its company or individual and the hits on an AML check); the answer names the
   * case created or why none was. The same `screeningId` twice creates nothing new
   * (`DUPLICATE_SCREENING_ID`). With an `idempotencyKey`, a retry (same key, same
   * arguments) gets the first call's answer; the same key with other arguments is
   * `CONFLICT`.
   */
  ingestScreeningResult: ScreeningIngestion;
  /**
   * Saves a risk computed by a scorer (analysts, integrations). It becomes current unless
   * a manual risk is. Pushing exactly the latest automatic risk again saves nothing and
   * returns that risk, so retries are safe; an `idempotencyKey` makes a retry return the
   * risk the first call saved even when others were pushed since.
   */
  pushAutomaticRisk: Risk;
  /**
   * Raises an alert on a case (analysts, integrations). With an `idempotencyKey`, a
   * retry (same key, same arguments) returns the alert the first call raised; the same
   * key with other arguments is `CONFLICT`.
   */
  raiseAlert: Alert;
  /** Takes an approved, rejected or closed case back to `OPEN` (reviewers). */
  reopenCase: Case;
  /**
   * Decides up to 100 AML hits of one check, all or nothing: one unknown hit refuses the
   * batch, with its index (reviewers).
   */
  reviewAmlHits: Check;
  /**
   * Approves or rejects a check (reviewers). The case's flags follow; with the
   * workspace's `autoApprove` on, approving the last check approves an `OPEN` case.
   */
  reviewCheck: Check;
  /** Sets when the case is next reviewed: a date or a preset (reviewers). */
  setCaseReviewDate: Case;
  /**
   * Replaces a case's tags with the given set (validated as `updateCase` validates
   * `tags`): one version bump and one `CASE_UPDATED` audit event listing the tags before
   * and after.
   */
  setCaseTags: Case;
  /**
   * Deactivates (simplified due diligence) or reactivates a check; deactivated checks
   * are ignored by flags.
   */
  setCheckDeactivated: Check;
  /**
   * Merges custom property values into a case, company or individual, key by key;
   * `null` resets a key. An unknown key or a bad value is refused with
   * `extensions.field` = `values.<key>`. Returns the values after the change.
   */
  setCustomProperties: Scalars['JSON']['output'];
  /** Sets a manual risk, which becomes current (reviewers). */
  setManualRisk: Risk;
  /**
   * Signs the workspace's audit chain heads now (admins); the scheduled job does the
   * same every `--audit-checkpoint-interval-secs`.
   */
  signAuditCheckpoint: AuditCheckpoint;
  /**
   * Updates a case's fields. `expectedVersion`, when given, must equal the case's
   * current version, or the update is refused with `CONFLICT`.
   */
  updateCase: Case;
  /**
   * Changes which screening results open a case (admins); omitted triggers and fields
   * stay. Thresholds are 0–100 and inclusive. Returns the workspace (see `caseTriggers`).
   */
  updateCaseTriggers: Workspace;
  /**
   * Reports progress on a check (`IN_PROGRESS`, `PROCESSING`, `NEED_REVIEW`, `EXPIRED`),
   * its payload, expiry, and new AML hits.
   */
  updateCheck: Check;
  /**
   * Changes a company. Refused if it would leave an entity without a path to the main
   * company (e.g. un-marking the main company that others relate to).
   */
  updateCompany: Company;
  /** Changes a definition's label or settings (admins); stored values are kept. */
  updateCustomPropertyDefinition: CustomPropertyDefinition;
  /** Changes an individual. */
  updateIndividual: Individual;
  /**
   * Changes a relation (same rules as a new one); refused if an entity would lose its
   * path to the main company.
   */
  updateRelation: Relation;
  /** Changes a webhook (admins). */
  updateWebhook: Webhook;
  /** Changes the workspace's settings (admins). */
  updateWorkspaceSettings: Workspace;
  /**
   * Uploads a document to a case (a multipart request, with an
   * `apollo-require-preflight` or `x-apollo-operation-name` header). The type is read from
   * the bytes (PDF, JPEG, PNG, TIFF, HEIF, WebP); a declared type that differs is refused.
   * The same bytes uploaded to the case again answer the document already there.
   */
  uploadDocument: Document;
  /**
   * Creates or replaces a case template (admins). Using a built-in's key overrides the
   * built-in for this workspace.
   */
  upsertCaseTemplate: CaseTemplate;
};


/** Writes. */
export type MutationActionAlertArgs = {
  action: AlertAction;
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationAddNoteArgs = {
  body: Scalars['String']['input'];
  caseId: Scalars['ID']['input'];
  checkId?: InputMaybe<Scalars['ID']['input']>;
};


/** Writes. */
export type MutationAssignCaseArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


/** Writes. */
export type MutationBulkCreateCasesArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  items: Array<CreateCaseInput>;
};


/** Writes. */
export type MutationConfirmDecisionArgs = {
  caseId: Scalars['ID']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
};


/** Writes. */
export type MutationCreateCaseArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: CreateCaseInput;
};


/** Writes. */
export type MutationCreateCaseReviewArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: CaseReviewInput;
};


/** Writes. */
export type MutationCreateCasesFromTemplateArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  items: Array<TemplateItemInput>;
  templateKey: Scalars['String']['input'];
};


/** Writes. */
export type MutationCreateCheckArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: CheckInput;
};


/** Writes. */
export type MutationCreateCompanyArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: CompanyInput;
};


/** Writes. */
export type MutationCreateIndividualArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: IndividualInput;
};


/** Writes. */
export type MutationCreateRelationArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: CreateRelationInput;
};


/** Writes. */
export type MutationCreateWebhookArgs = {
  input: CreateWebhookInput;
};


/** Writes. */
export type MutationDeclineDecisionArgs = {
  caseId: Scalars['ID']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
};


/** Writes. */
export type MutationDefineCustomPropertyArgs = {
  input: DefineCustomPropertyInput;
};


/** Writes. */
export type MutationDeleteCaseArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteCaseTemplateArgs = {
  key: Scalars['String']['input'];
};


/** Writes. */
export type MutationDeleteCompanyArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteCustomPropertyDefinitionArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteIndividualArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteNoteArgs = {
  noteId: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteRelationArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationDeleteWebhookArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. */
export type MutationEnableAutomaticRiskArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes. */
export type MutationEraseCaseArgs = {
  caseId: Scalars['ID']['input'];
};


/** Writes. */
export type MutationExcludeCheckArgs = {
  checkId: Scalars['ID']['input'];
  excluded?: Scalars['Boolean']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes. */
export type MutationIngestScreeningResultArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: IngestScreeningResultInput;
};


/** Writes. */
export type MutationPushAutomaticRiskArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: AutomaticRiskInput;
};


/** Writes. */
export type MutationRaiseAlertArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: RaiseAlertInput;
};


/** Writes. */
export type MutationReopenCaseArgs = {
  caseId: Scalars['ID']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes. */
export type MutationReviewAmlHitsArgs = {
  checkId: Scalars['ID']['input'];
  decisions: Array<AmlHitDecisionInput>;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes. */
export type MutationReviewCheckArgs = {
  checkId: Scalars['ID']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  status: CheckDecision;
};


/** Writes. */
export type MutationSetCaseReviewDateArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  schedule: ReviewScheduleInput;
};


/** Writes. */
export type MutationSetCaseTagsArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  tags: Array<Scalars['String']['input']>;
};


/** Writes. */
export type MutationSetCheckDeactivatedArgs = {
  checkId: Scalars['ID']['input'];
  deactivated: Scalars['Boolean']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes. */
export type MutationSetCustomPropertiesArgs = {
  entityId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  target: CustomPropertyTarget;
  values: Scalars['JSON']['input'];
};


/** Writes. */
export type MutationSetManualRiskArgs = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: ManualRiskInput;
};


/** Writes. */
export type MutationUpdateCaseArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: UpdateCaseInput;
};


/** Writes. */
export type MutationUpdateCaseTriggersArgs = {
  input: CaseTriggersInput;
};


/** Writes. */
export type MutationUpdateCheckArgs = {
  checkId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: UpdateCheckInput;
};


/** Writes. */
export type MutationUpdateCompanyArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: UpdateCompanyInput;
};


/** Writes. */
export type MutationUpdateCustomPropertyDefinitionArgs = {
  id: Scalars['ID']['input'];
  input: UpdateCustomPropertyDefinitionInput;
};


/** Writes. */
export type MutationUpdateIndividualArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: UpdateIndividualInput;
};


/** Writes. */
export type MutationUpdateRelationArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: UpdateRelationInput;
};


/** Writes. */
export type MutationUpdateWebhookArgs = {
  id: Scalars['ID']['input'];
  input: UpdateWebhookInput;
};


/** Writes. */
export type MutationUpdateWorkspaceSettingsArgs = {
  input: UpdateWorkspaceSettingsInput;
};


/** Writes. */
export type MutationUploadDocumentArgs = {
  caseId: Scalars['ID']['input'];
  file: Scalars['Upload']['input'];
  input: UploadDocumentInput;
};


/** Writes. */
export type MutationUpsertCaseTemplateArgs = {
  input: CaseTemplateInput;
};

/** An object with an id (Relay): `node(id:)` fetches it again by that id alone. */
export type Node = {
  /** The object's id: a UUID, unique across every kind. */
  id: Scalars['ID']['output'];
};

/** A free-text note on a case or one of its checks. */
export type Note = Node & {
  __typename?: 'Note';
  /** The author's subject. */
  authorId: Scalars['String']['output'];
  /** The note's text. */
  body: Scalars['String']['output'];
  /** The check it is about, if any. */
  checkId?: Maybe<Scalars['ID']['output']>;
  /** When the note was written (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** The note's unique identifier. */
  id: Scalars['ID']['output'];
};

/** A page of a case's notes, oldest first (Relay connection). */
export type NoteConnection = {
  __typename?: 'NoteConnection';
  /** The page's items with their cursors. */
  edges: Array<NoteEdge>;
  /** The page's items. */
  nodes: Array<Note>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type NoteEdge = {
  __typename?: 'NoteEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Note;
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items after this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** More items before this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/**
 * An approval waiting for a second person (SPEC §3 "Four-eyes decisions"): a different
 * reviewer or admin confirms it (`confirmDecision`) or declines it (`declineDecision`).
 */
export type PendingDecision = {
  __typename?: 'PendingDecision';
  /** The proposer's comment. */
  comment?: Maybe<Scalars['String']['output']>;
  /** The next review date the proposer gave; null: computed at confirmation (or none). */
  nextReviewAt?: Maybe<Scalars['DateTime']['output']>;
  /** When it was proposed. */
  proposedAt: Scalars['DateTime']['output'];
  /** The proposer's subject. */
  proposerId: Scalars['String']['output'];
  /** Who proposed it: `USER`, or `SYSTEM` for auto-approve. */
  proposerType: ActorType;
  /** The proposed review status. */
  status: ReviewStatus;
};

/** Which due diligence a case runs. */
export type Processing =
  /** Anti-money-laundering screening only. */
  | 'AML_ONLY'
  /** Full due diligence. */
  | 'FULL';

/** Reads. */
export type Query = {
  __typename?: 'Query';
  /**
   * Alerts of the workspace's live cases, newest first, filtered (default: `ACTIVE`
   * ones). Page forwards with `first`/`after` or backwards with `last`/`before`; pages
   * hold at most 100.
   */
  alerts: AlertConnection;
  /**
   * A case's audit proof: a JSON bundle of its events (canonical payloads, digests,
   * hashes), the chain head and the latest signed checkpoint that lists the case, for
   * `tools/verify-audit-proof.py` to check offline (docs/audit-proof.md).
   */
  auditProof: Scalars['JSON']['output'];
  /** A case by id; `NOT_FOUND` when it does not exist in the caller's workspace. */
  case: Case;
  /** A live case by its external id. */
  caseByExternalId: Case;
  /**
   * A case's report — the case, its companies, individuals and ownership with the
   * beneficial owners, checks and AML hits, the documents' list, risks, reviews, notes,
   * and the audit trail with its verification — as a short-lived download link. Any role
   * that may read the case; `NOT_FOUND` for a case outside the caller's workspace.
   */
  caseReport: CaseReport;
  /**
   * The workspace's case templates: the built-ins (or the workspace's overrides of
   * them) first, then its own, by key.
   */
  caseTemplates: Array<CaseTemplate>;
  /**
   * Cases of the workspace, filtered and ordered (default: newest first). Page forwards
   * with `first`/`after` or backwards with `last`/`before`; pages hold at most 100.
   */
  cases: CaseConnection;
  /** The workspace's custom property definitions, of one target or all. */
  customPropertyDefinitions: Array<CustomPropertyDefinition>;
  /**
   * Any object of your workspace by its id, whatever its kind (Relay refetch): a case,
   * company, individual, relation, check, AML hit, document, note, risk, case review,
   * alert, audit event, user or custom property definition. `null` when no object of
   * your workspace has this id (another workspace's objects are never found).
   */
  node?: Maybe<Node>;
  /**
   * Several objects by id, as `node` finds each one, in the order given (`null` for an
   * id not found). At most 100 ids.
   */
  nodes: Array<Maybe<Node>>;
  /**
   * Checks a case's hash-chained audit trail: every event in place, linked to the one
   * before, and unaltered.
   */
  verifyAuditTrail: AuditVerification;
  /** The caller: user, role and workspace. */
  viewer: Viewer;
  /**
   * A webhook's deliveries, newest first (admins): what was sent, how often, and what
   * the receiver answered.
   */
  webhookDeliveries: WebhookDeliveryConnection;
  /** The workspace's webhooks, oldest first (admins). */
  webhooks: Array<Webhook>;
  /** The caller's workspace and its settings. */
  workspace: Workspace;
};


/** Reads. */
export type QueryAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. */
export type QueryAuditProofArgs = {
  caseId: Scalars['ID']['input'];
};


/** Reads. */
export type QueryCaseArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. */
export type QueryCaseByExternalIdArgs = {
  externalId: Scalars['String']['input'];
};


/** Reads. */
export type QueryCaseReportArgs = {
  caseId: Scalars['ID']['input'];
  format: ReportFormat;
};


/** Reads. */
export type QueryCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CaseFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CaseOrder>;
};


/** Reads. */
export type QueryCustomPropertyDefinitionsArgs = {
  target?: InputMaybe<CustomPropertyTarget>;
};


/** Reads. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Reads. */
export type QueryVerifyAuditTrailArgs = {
  caseId: Scalars['ID']['input'];
};


/** Reads. */
export type QueryWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  webhookId: Scalars['ID']['input'];
};

/** An alert to raise on a case. */
export type RaiseAlertInput = {
  /** The case the alert is about. */
  caseId: Scalars['ID']['input'];
  /**
   * The changes or details (a JSON object, at most 64 KiB). `CASE_DETAILS_REVIEW`:
   * `{"case": {field: value}, "companies": {id: {field: value}}, "individuals": {id:
   * {field: value}}}` with the fields of `updateCase`/`updateCompany`/`updateIndividual`;
   * `AML_MATCH`: `{"hits": [AmlHitInput]}` (a hit with the `providerRef` of a hit already
   * on the case's AML check updates it).
   */
  payload?: InputMaybe<Scalars['JSON']['input']>;
  /** What the alert is about. */
  type: AlertType;
};

/** An edge of the ownership and control graph: an individual or company related to a company. */
export type Relation = Node & {
  __typename?: 'Relation';
  /** When the relation was recorded (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** The company the relation starts from. */
  fromCompanyId?: Maybe<Scalars['ID']['output']>;
  /** The individual the relation starts from. */
  fromIndividualId?: Maybe<Scalars['ID']['output']>;
  /** The relation's unique identifier. */
  id: Scalars['ID']['output'];
  /** Direct ownership, percent. */
  ownershipPercentage?: Maybe<Scalars['Float']['output']>;
  /** Position held. */
  position?: Maybe<Scalars['String']['output']>;
  /** What the relation means. */
  roles: Array<RelationRole>;
  /** The company related to. */
  toCompanyId: Scalars['ID']['output'];
  /** Direct voting rights, percent. */
  votingRightsPercentage?: Maybe<Scalars['Float']['output']>;
};

/** A relation from the entity being created to a company of the case. */
export type RelationInput = {
  /** Direct ownership, 0–100. */
  ownershipPercentage?: InputMaybe<Scalars['Float']['input']>;
  /** Position held (e.g. "CFO"). */
  position?: InputMaybe<Scalars['String']['input']>;
  /** What the relation means. */
  roles?: Array<RelationRole>;
  /** The company related to. Omit both this and `toCompanyRef` for the main company. */
  toCompanyId?: InputMaybe<Scalars['ID']['input']>;
  /** The `ref` of a company created in the same call. */
  toCompanyRef?: InputMaybe<Scalars['String']['input']>;
  /** Direct voting rights, 0–100. */
  votingRightsPercentage?: InputMaybe<Scalars['Float']['input']>;
};

/** What a relation means. */
export type RelationRole =
  /** Declared ultimate beneficial owner. */
  | 'BENEFICIAL_OWNER'
  /** Sits on the board. */
  | 'DIRECTOR'
  /** Represents the company legally. */
  | 'LEGAL_REPRESENTATIVE'
  /** Holds shares. */
  | 'SHAREHOLDER';

/** A case report's file format. */
export type ReportFormat =
  /** One JSON document (`casegraph-case-report/v1`) for programs. */
  | 'JSON'
  /** A PDF document (A4) for people. */
  | 'PDF';

/** Review intervals in months per risk level; `null`: no periodic review. */
export type ReviewIntervals = {
  __typename?: 'ReviewIntervals';
  /** For `CRITICAL`. */
  critical?: Maybe<Scalars['Int']['output']>;
  /** For `HIGH`. */
  high?: Maybe<Scalars['Int']['output']>;
  /** For `LOW`. */
  low?: Maybe<Scalars['Int']['output']>;
  /** For `MEDIUM`. */
  medium?: Maybe<Scalars['Int']['output']>;
  /** For `NOT_DEFINED`. */
  notDefined?: Maybe<Scalars['Int']['output']>;
  /** For `PROHIBITED`. */
  prohibited?: Maybe<Scalars['Int']['output']>;
};

/** Review intervals to change, in months; `null` means no periodic review for that level. */
export type ReviewIntervalsInput = {
  /** For `CRITICAL`. */
  critical?: InputMaybe<Scalars['Int']['input']>;
  /** For `HIGH`. */
  high?: InputMaybe<Scalars['Int']['input']>;
  /** For `LOW`. */
  low?: InputMaybe<Scalars['Int']['input']>;
  /** For `MEDIUM`. */
  medium?: InputMaybe<Scalars['Int']['input']>;
  /** For `NOT_DEFINED`. */
  notDefined?: InputMaybe<Scalars['Int']['input']>;
  /** For `PROHIBITED`. */
  prohibited?: InputMaybe<Scalars['Int']['input']>;
};

/** A preset for `setCaseReviewDate`. */
export type ReviewPreset =
  /** No periodic review. */
  | 'DO_NOT_REVIEW'
  /** In 3 months. */
  | 'MONTHS_3'
  /** In 6 months. */
  | 'MONTHS_6'
  /** In 9 months. */
  | 'MONTHS_9'
  /** Due now. */
  | 'REVIEW_NOW'
  /** In 1 year. */
  | 'YEARS_1'
  /** In 2 years. */
  | 'YEARS_2'
  /** In 3 years. */
  | 'YEARS_3'
  /** In 5 years. */
  | 'YEARS_5'
  /** In 10 years. */
  | 'YEARS_10';

/** When a case is next reviewed: a date or a preset (exactly one). */
export type ReviewScheduleInput = {
  /** A date and time. */
  date?: InputMaybe<Scalars['DateTime']['input']>;
  /** A preset counted from now. */
  preset?: InputMaybe<ReviewPreset>;
};

/** The decision of a case review. */
export type ReviewStatus =
  /** Approve the case. */
  | 'APPROVED'
  /** Close the case. */
  | 'CLOSED'
  /** Reject the case. */
  | 'REJECTED';

/** A risk assessment of a case. */
export type Risk = Node & {
  __typename?: 'Risk';
  /** Why (manual risks). */
  comment?: Maybe<Scalars['String']['output']>;
  /** Score components: an object of numbers. */
  components: Scalars['JSON']['output'];
  /** When the risk was assessed (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Who set it. */
  createdBy: Scalars['String']['output'];
  /** Risk flags: an object of booleans. */
  flags: Scalars['JSON']['output'];
  /** The assessment's unique identifier. */
  id: Scalars['ID']['output'];
  /** The assessed risk level. */
  level: RiskLevel;
  /** Pushed by an integration or set by a reviewer. */
  mode: RiskMode;
  /** Score, as given by the scorer. */
  score?: Maybe<Scalars['Float']['output']>;
};

/** A page of a case's risks, oldest first (Relay connection). */
export type RiskConnection = {
  __typename?: 'RiskConnection';
  /** The page's items with their cursors. */
  edges: Array<RiskEdge>;
  /** The page's items. */
  nodes: Array<Risk>;
  /** Where this page is. */
  pageInfo: PageInfo;
  /** How many items the whole list has, all pages together (counted only when asked for). */
  totalCount: Scalars['Int']['output'];
};

/** An item in a page, with its cursor. */
export type RiskEdge = {
  __typename?: 'RiskEdge';
  /** Where this item is: pass it as `after` (or `before`) to read on from here. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Risk;
};

/** A risk level. */
export type RiskLevel =
  /** Critical risk: refuse or escalate. */
  | 'CRITICAL'
  /** High risk: enhanced due diligence. */
  | 'HIGH'
  /** Low risk: simplified due diligence. */
  | 'LOW'
  /** Medium risk: standard due diligence. */
  | 'MEDIUM'
  /** Not assessed yet. */
  | 'NOT_DEFINED'
  /** Business with this customer is not allowed. */
  | 'PROHIBITED';

/** Who set a risk. */
export type RiskMode =
  /** Pushed by a scoring integration. */
  | 'AUTOMATIC'
  /** Set by a reviewer. */
  | 'MANUAL';

/**
 * What a caller may do (SPEC §2). Each includes the rights of the ones before it,
 * except `INTEGRATION`.
 */
export type Role =
  /** Also settings, definitions, templates. */
  | 'ADMIN'
  /** Build and update cases. */
  | 'ANALYST'
  /** A partner system: build cases, push risks and results; no decisions. */
  | 'INTEGRATION'
  /** Also decide: reviews, check and hit decisions, manual risk. */
  | 'REVIEWER'
  /** Read everything in the workspace. */
  | 'VIEWER';

/** The sanctions trigger: a case when the result's confidence is at least `minConfidence`. */
export type SanctionsTrigger = {
  __typename?: 'SanctionsTrigger';
  /** Whether sanctions results open a case. */
  enabled: Scalars['Boolean']['output'];
  /** Lowest confidence (0–100, inclusive) that opens a case. */
  minConfidence: Scalars['Float']['output'];
  /** Priority of the case opened. */
  priority: CasePriority;
};

/** Changes to the sanctions trigger; omitted fields stay. */
export type SanctionsTriggerInput = {
  /** Whether sanctions results open a case. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Lowest confidence that opens a case (0–100, inclusive). */
  minConfidence?: InputMaybe<Scalars['Float']['input']>;
  /** Priority of the case opened. */
  priority?: InputMaybe<CasePriority>;
};

/** What `ingestScreeningResult` did: the case it created, or why none was created. */
export type ScreeningIngestion = {
  __typename?: 'ScreeningIngestion';
  /** The case this call created (`null` unless `outcome` is `CASE_CREATED`). */
  case?: Maybe<Case>;
  /**
   * `CASE_CREATED`, or why no case was created (`TRIGGER_OFF`, `BELOW_THRESHOLD`,
   * `DUPLICATE_SCREENING_ID`).
   */
  outcome: ScreeningOutcome;
  /** The stored result; for `DUPLICATE_SCREENING_ID`, the first one (see its `caseId`). */
  screening: ScreeningResult;
};

/** What a screening provider screened for. */
export type ScreeningKind =
  /** Negative news. */
  | 'ADVERSE_MEDIA'
  /** Fraud signals. */
  | 'FRAUD'
  /** Politically exposed persons. */
  | 'PEP'
  /** Sanctions lists. */
  | 'SANCTIONS'
  /** A failed identity or document verification. */
  | 'VERIFICATION_FAILURE';

/** What became of an ingested screening result. */
export type ScreeningOutcome =
  /**
   * The confidence (sanctions) or risk score (adverse media) is under the trigger's
   * threshold: no case.
   */
  | 'BELOW_THRESHOLD'
  /** A case was created (see `case`). */
  | 'CASE_CREATED'
  /** A result with this `screeningId` was ingested before: nothing new was created. */
  | 'DUPLICATE_SCREENING_ID'
  /** The workspace's trigger for this kind is off: no case. */
  | 'TRIGGER_OFF';

/** A provider's screening result, as stored (once per `screeningId`). */
export type ScreeningResult = Node & {
  __typename?: 'ScreeningResult';
  /** Id of the case it opened, if any. */
  caseId?: Maybe<Scalars['ID']['output']>;
  /** Overall match confidence, 0–100. */
  confidence: Scalars['Float']['output'];
  /** When it was ingested. */
  createdAt: Scalars['DateTime']['output'];
  /** The matches, as received. */
  hits: Scalars['JSON']['output'];
  /** Id (UUID). */
  id: Scalars['ID']['output'];
  /** What was screened for. */
  kind: ScreeningKind;
  /** What its ingestion did (`CASE_CREATED`, `TRIGGER_OFF` or `BELOW_THRESHOLD`). */
  outcome: ScreeningOutcome;
  /** Risk score, 0–100. */
  riskScore: Scalars['Float']['output'];
  /** The provider's id of the screening, unique in the workspace. */
  screeningId: Scalars['String']['output'];
  /** The screened subject, as received. */
  subject: Scalars['JSON']['output'];
};

/** Who or what was screened: exactly one of the two. */
export type ScreeningSubjectInput = {
  /** The screened company (becomes the case's company). */
  company?: InputMaybe<CompanyInput>;
  /** The screened person (becomes the case's individual). */
  individual?: InputMaybe<IndividualInput>;
};

/**
 * A screening trigger without a threshold (PEP, fraud, verification failure): on or off,
 * and the priority of the case it creates.
 */
export type ScreeningTrigger = {
  __typename?: 'ScreeningTrigger';
  /** Whether results of this kind open a case. */
  enabled: Scalars['Boolean']['output'];
  /** Priority of the case opened. */
  priority: CasePriority;
};

/** Changes to a trigger without a threshold; omitted fields stay. */
export type ScreeningTriggerInput = {
  /** Whether results of this kind open a case. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Priority of the case opened. */
  priority?: InputMaybe<CasePriority>;
};

/** Hours from a case's creation to its due date, per priority. */
export type SlaHours = {
  __typename?: 'SlaHours';
  /** For `CRITICAL`. */
  critical: Scalars['Int']['output'];
  /** For `HIGH`. */
  high: Scalars['Int']['output'];
  /** For `LOW`. */
  low: Scalars['Int']['output'];
  /** For `MEDIUM`. */
  medium: Scalars['Int']['output'];
};

/** SLA hours to change, per priority (1–87,600 hours); omitted ones stay. */
export type SlaHoursInput = {
  /** For `CRITICAL`. */
  critical?: InputMaybe<Scalars['Int']['input']>;
  /** For `HIGH`. */
  high?: InputMaybe<Scalars['Int']['input']>;
  /** For `LOW`. */
  low?: InputMaybe<Scalars['Int']['input']>;
  /** For `MEDIUM`. */
  medium?: InputMaybe<Scalars['Int']['input']>;
};

/** Sort direction. */
export type SortDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first (the default). */
  | 'DESC';

/**
 * Live events over graphql-ws at `/graphql/ws` (token in `connection_init`): what
 * committed in the caller's workspace, in order.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** The events of one case, in order, from now on (after each change committed). */
  caseEvents: DomainEvent;
  /** The events of the whole workspace, in commit order (a reviewer console's live queue). */
  workspaceEvents: DomainEvent;
};


/**
 * Live events over graphql-ws at `/graphql/ws` (token in `connection_init`): what
 * committed in the caller's workspace, in order.
 */
export type SubscriptionCaseEventsArgs = {
  caseId: Scalars['ID']['input'];
  types?: InputMaybe<Array<EventType>>;
};


/**
 * Live events over graphql-ws at `/graphql/ws` (token in `connection_init`): what
 * committed in the caller's workspace, in order.
 */
export type SubscriptionWorkspaceEventsArgs = {
  types?: InputMaybe<Array<EventType>>;
};

/** A check a template opens on each case it creates (on the case itself). */
export type TemplateCheck = {
  __typename?: 'TemplateCheck';
  /** A label; defaults to the type's name. */
  label?: Maybe<Scalars['String']['output']>;
  /** What the check verifies. */
  type: CheckType;
};

/** A check a template opens on each case it creates (on the case itself). */
export type TemplateCheckInput = {
  /** A label; defaults to the type's name. */
  label?: InputMaybe<Scalars['String']['input']>;
  /** What the check verifies. */
  type: CheckType;
};

/**
 * One case of `createCasesFromTemplate`: its own values, merged over the template's (the
 * item wins; tags and checks add up).
 */
export type TemplateItemInput = {
  /** Checks added to the template's. */
  checks?: Array<CheckInput>;
  /** Companies to create with the case. */
  companies?: Array<CompanyInput>;
  /** Merged over the template's custom property values (the item's keys win). */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Free text. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Your system's id for the case (fills `{externalId}`). */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** Individuals to create with the case. */
  individuals?: Array<IndividualInput>;
  /** Merged over the template's metadata (the item's keys win). */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Fills `{name}` in the template's name pattern. */
  name: Scalars['String']['input'];
  /** Overrides the template's priority. */
  priority?: InputMaybe<CasePriority>;
  /** Default `FULL`. */
  processing?: InputMaybe<Processing>;
  /** Ids of live cases this case relates to. */
  relatedCaseIds?: Array<Scalars['ID']['input']>;
  /** `DRAFT` or `OPEN` (the default). */
  status?: InputMaybe<CaseStatus>;
  /** A short summary. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Added to the template's tags. */
  tags?: Array<Scalars['String']['input']>;
};

/** A person's title. */
export type Title =
  /** Doctor (Dr). */
  | 'DR'
  /** Miss, for an unmarried woman. */
  | 'MISS'
  /** Mister (Mr). */
  | 'MR'
  /** Missus (Mrs), for a married woman. */
  | 'MRS'
  /** Ms, for a woman whatever her marital status. */
  | 'MS';

/** Changes to a case. Omitted fields stay as they are; `null` clears a clearable field. */
export type UpdateCaseInput = {
  /** Custom property values to merge, by key; `null` resets a key. */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** New description; `null` removes it. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New external id; `null` removes it. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the whole metadata object; `null` clears it. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** New name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New priority. */
  priority?: InputMaybe<CasePriority>;
  /** New processing. */
  processing?: InputMaybe<Processing>;
  /** Replaces the related cases (ids of live cases of the workspace; `[]` clears them). */
  relatedCaseIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** `DRAFT` ⇄ `OPEN` only; decisions go through `createCaseReview`. */
  status?: InputMaybe<CaseStatus>;
  /** New summary; `null` removes it. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the tag set. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** New type. */
  type?: InputMaybe<CaseType>;
};

/** Changes an integration may make to a check. */
export type UpdateCheckInput = {
  /** Hits to add (AML checks). */
  amlHits?: Array<AmlHitInput>;
  /** Replaces the provider payload; `null` clears it. */
  data?: InputMaybe<Scalars['JSON']['input']>;
  /** New expiry; `null` clears it. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** New label. */
  label?: InputMaybe<Scalars['String']['input']>;
  /** `IN_PROGRESS`, `PROCESSING`, `NEED_REVIEW` or `EXPIRED`; decisions go through `reviewCheck`. */
  status?: InputMaybe<CheckStatus>;
};

/** Changes to a company. Omitted fields stay; `null` clears a clearable field. */
export type UpdateCompanyInput = {
  /** Registered address (replaced whole). */
  address?: InputMaybe<AddressInput>;
  /** ISO 3166-1 alpha-2 country of registration. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** Custom property values to merge, by key; `null` resets a key. */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Make this the main company (the case must not have another), or not. */
  isMain?: InputMaybe<Scalars['Boolean']['input']>;
  /** Legal form. */
  legalForm?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the whole metadata object; `null` clears it. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Legal name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Registration number, at most 20 characters. */
  registrationNumber?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a definition (its key, target and type are fixed). */
export type UpdateCustomPropertyDefinitionInput = {
  /** New label. */
  label?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the settings. */
  settings?: InputMaybe<Scalars['JSON']['input']>;
};

/** Changes to an individual. Omitted fields stay; `null` clears a clearable field. */
export type UpdateIndividualInput = {
  /** Home address (replaced whole). */
  address?: InputMaybe<AddressInput>;
  /** Full date of birth; `null` clears the birth date and its parts. */
  birthDate?: InputMaybe<Scalars['Date']['input']>;
  /** Day of birth. */
  birthDay?: InputMaybe<Scalars['Int']['input']>;
  /** Month of birth. */
  birthMonth?: InputMaybe<Scalars['Int']['input']>;
  /** Year of birth; with `birthMonth`/`birthDay`, replaces the birth date. */
  birthYear?: InputMaybe<Scalars['Int']['input']>;
  /** Custom property values to merge, by key; `null` resets a key. */
  customProperties?: InputMaybe<Scalars['JSON']['input']>;
  /** Replaces the email addresses. */
  emails?: InputMaybe<Array<Scalars['String']['input']>>;
  /** First name (at most 40 characters). */
  firstName?: InputMaybe<Scalars['String']['input']>;
  /** The individual's gender; `null` clears it. */
  gender?: InputMaybe<Gender>;
  /** Declared beneficial owner. */
  isBeneficialOwner?: InputMaybe<Scalars['Boolean']['input']>;
  /** The business's contact person. */
  isBusinessContact?: InputMaybe<Scalars['Boolean']['input']>;
  /** Last name (at most 40 characters). */
  lastName?: InputMaybe<Scalars['String']['input']>;
  /** Maiden name. */
  maidenName?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the whole metadata object; `null` clears it. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** ISO 3166-1 alpha-2 nationality. */
  nationality?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the phone numbers (E.164). */
  phoneNumbers?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The individual's form of address; `null` clears it. */
  title?: InputMaybe<Title>;
};

/** Changes to a relation. Omitted fields stay; `null` clears a percentage or the position. */
export type UpdateRelationInput = {
  /** Direct ownership, 0–100. */
  ownershipPercentage?: InputMaybe<Scalars['Float']['input']>;
  /** Position held. */
  position?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the roles. */
  roles?: InputMaybe<Array<RelationRole>>;
  /** Point the relation at another company of the case. */
  toCompanyId?: InputMaybe<Scalars['ID']['input']>;
  /** Direct voting rights, 0–100. */
  votingRightsPercentage?: InputMaybe<Scalars['Float']['input']>;
};

/** `updateWebhook`'s input: omitted fields stay. */
export type UpdateWebhookInput = {
  /**
   * Pause (false) or resume (true): while paused no deliveries are made for it; events
   * committed meanwhile are not sent later.
   */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** New event types (empty: all). */
  eventTypes?: InputMaybe<Array<EventType>>;
  /** A new secret (rotation: the next attempt is signed with it). */
  secret?: InputMaybe<Scalars['String']['input']>;
  /** A new URL. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** Settings to change; omitted ones stay. */
export type UpdateWorkspaceSettingsInput = {
  /** An open case whose checks all become approved is approved by a system review. */
  autoApprove?: InputMaybe<Scalars['Boolean']['input']>;
  /** Days before a document's expiry that an alert is raised (0–365). */
  documentExpiryWindowDays?: InputMaybe<Scalars['Int']['input']>;
  /**
   * Which `APPROVED` reviews need a second person (four-eyes); replaces the current
   * setting. Recommended: risk levels `HIGH`, `CRITICAL`, `PROHIBITED` and case type `PEP`.
   */
  fourEyes?: InputMaybe<FourEyesInput>;
  /**
   * Years a closed or rejected case is kept after its decision before its personal data
   * may be erased (`eraseCase`, the retention job): 1 to 50. Default 5 (AMLR Art. 77).
   */
  retentionYears?: InputMaybe<Scalars['Int']['input']>;
  /** Case reviews need a comment. */
  reviewCommentRequired?: InputMaybe<Scalars['Boolean']['input']>;
  /** Periodic review intervals per risk level. */
  reviewIntervalsMonths?: InputMaybe<ReviewIntervalsInput>;
  /**
   * Hours from a case's creation to its due date, per priority. A change applies to
   * cases created or re-prioritised afterwards.
   */
  slaHours?: InputMaybe<SlaHoursInput>;
  /** Total interest (percent, above 0, at most 100) from which an individual is a beneficial owner. */
  uboThreshold?: InputMaybe<Scalars['Float']['input']>;
};

/** `uploadDocument`'s input (the file is its own argument). */
export type UploadDocumentInput = {
  /** A check of the case the document supports. */
  checkId?: InputMaybe<Scalars['ID']['input']>;
  /** A company of the case the document is about. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** When the document itself (e.g. a passport) expires. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** An individual of the case the document is about. */
  individualId?: InputMaybe<Scalars['ID']['input']>;
  /** Kind of document. */
  type: DocumentType;
};

/** A person or integration of the workspace. */
export type User = Node & {
  __typename?: 'User';
  /** When first seen. */
  createdAt: Scalars['DateTime']['output'];
  /** Email, from the token's `email` claim. */
  email?: Maybe<Scalars['String']['output']>;
  /** The user's unique identifier, for `assignCase`. */
  id: Scalars['ID']['output'];
  /** Display name, from the token's `name` claim. */
  name?: Maybe<Scalars['String']['output']>;
  /** Role when first seen. */
  role: Role;
  /** The token subject (`sub`). */
  subject: Scalars['String']['output'];
};

/** Where a document's verification stands. */
export type VerificationStatus =
  /** Out of date. */
  | 'EXPIRED'
  /** Not verified yet. */
  | 'PENDING'
  /** Verification refused: the data did not match. */
  | 'REJECTED'
  /** Verified against a trusted source. */
  | 'VERIFIED';

/** The caller. */
export type Viewer = {
  __typename?: 'Viewer';
  /** The caller's role, from the token. */
  role: Role;
  /** The caller's user. */
  user: User;
  /** The caller's workspace. */
  workspace: Workspace;
};

/** A receiver of the workspace's events (admins). Its secret is never returned. */
export type Webhook = {
  __typename?: 'Webhook';
  /** Whether events are sent. */
  active: Scalars['Boolean']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** The event types sent (empty: all). */
  eventTypes: Array<EventType>;
  /** The webhook's id. */
  id: Scalars['ID']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Where events are POSTed. */
  url: Scalars['String']['output'];
};

/** One event sent (or to send) to one webhook. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  /** Attempts made so far. */
  attempts: Scalars['Int']['output'];
  /** The case the event is about. */
  caseId?: Maybe<Scalars['ID']['output']>;
  /** When the delivery was made from the outbox. */
  createdAt: Scalars['DateTime']['output'];
  /** When the receiver accepted it. */
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why the last attempt failed. */
  error?: Maybe<Scalars['String']['output']>;
  /** The event's id: the body's `eventId`, the same on every attempt. */
  eventId: Scalars['ID']['output'];
  /** The event's type. */
  eventType: EventType;
  /** Id of the delivery. */
  id: Scalars['ID']['output'];
  /** When the last attempt was made. */
  lastAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the next attempt is due (pending deliveries). */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** The receiver's HTTP status at the last attempt. */
  responseStatus?: Maybe<Scalars['Int']['output']>;
  /** `PENDING`, `DELIVERED` or `FAILED`. */
  status: DeliveryStatus;
};

/** A page of a webhook's deliveries, newest first (Relay connection). */
export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  /** The deliveries with their cursors. */
  edges: Array<WebhookDeliveryEdge>;
  /** The deliveries. */
  nodes: Array<WebhookDelivery>;
  /** Where this page is. */
  pageInfo: PageInfo;
};

/** A delivery in a page of deliveries. */
export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  /** Where this delivery is, for `after`. */
  cursor: Scalars['String']['output'];
  /** The delivery. */
  node: WebhookDelivery;
};

/** The tenant: every case and user belongs to one workspace. */
export type Workspace = {
  __typename?: 'Workspace';
  /**
   * Which screening results open a case (`ingestScreeningResult`); admins change them
   * with `updateCaseTriggers`.
   */
  caseTriggers: CaseTriggers;
  /** When the workspace was first used (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** The workspace id (the tokens' `workspace_id`). */
  id: Scalars['ID']['output'];
  /** The workspace's display name. */
  name: Scalars['String']['output'];
  /** The workspace's settings (review periods, SLA…). */
  settings: WorkspaceSettingsView;
};

/** A workspace's settings. */
export type WorkspaceSettingsView = {
  __typename?: 'WorkspaceSettingsView';
  /** An open case whose checks all become approved is approved by a system review. */
  autoApprove: Scalars['Boolean']['output'];
  /** Days before a document's expiry that an alert is raised. */
  documentExpiryWindowDays: Scalars['Int']['output'];
  /** Which `APPROVED` reviews need a second person (four-eyes). */
  fourEyes: FourEyesView;
  /**
   * Years a closed or rejected case is kept after its decision before its personal data
   * is erased (`eraseCase`, the retention job).
   */
  retentionYears: Scalars['Int']['output'];
  /** Case reviews need a comment. */
  reviewCommentRequired: Scalars['Boolean']['output'];
  /** Periodic review intervals. */
  reviewIntervalsMonths: ReviewIntervals;
  /** Hours from a case's creation to its due date, per priority. */
  slaHours: SlaHours;
  /** Total interest (percent) from which an individual is a beneficial owner. */
  uboThreshold: Scalars['Float']['output'];
};

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { __typename?: 'Query', viewer: { __typename?: 'Viewer', role: Role, user: { __typename?: 'User', id: string, name?: string | null, subject: string }, workspace: { __typename?: 'Workspace', id: string, name: string } } };

export type ConsoleCasesQueryVariables = Exact<{
  filter?: InputMaybe<CaseFilter>;
  orderBy?: InputMaybe<CaseOrder>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type ConsoleCasesQuery = { __typename?: 'Query', cases: { __typename?: 'CaseConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, nodes: Array<{ __typename?: 'Case', id: string, name: string, externalId?: string | null, type: CaseType, status: CaseStatus, priority: CasePriority, riskLevel: RiskLevel, flags: Array<CaseFlag>, dueAt?: string | null, createdAt: string, nextReviewAt?: string | null, assignee?: { __typename?: 'User', id: string, name?: string | null, subject: string } | null }> } };

export type ConsoleCaseQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConsoleCaseQuery = { __typename?: 'Query', case: { __typename?: 'Case', id: string, name: string, externalId?: string | null, description?: string | null, type: CaseType, status: CaseStatus, priority: CasePriority, riskLevel: RiskLevel, flags: Array<CaseFlag>, tags: Array<string>, dueAt?: string | null, createdAt: string, updatedAt: string, nextReviewAt?: string | null, version: number, isAmlPositive: boolean, erasedAt?: string | null, assignee?: { __typename?: 'User', id: string, name?: string | null, subject: string } | null, pendingDecision?: { __typename?: 'PendingDecision', status: ReviewStatus, comment?: string | null, proposerId: string, proposedAt: string, nextReviewAt?: string | null } | null, companies: Array<{ __typename?: 'Company', id: string, name: string, country?: string | null, registrationNumber?: string | null, isMain: boolean }>, individuals: Array<{ __typename?: 'Individual', id: string, firstName: string, lastName: string, nationality?: string | null, isBeneficialOwner: boolean, totalOwnershipPercentage?: number | null }>, relations: Array<{ __typename?: 'Relation', id: string, fromCompanyId?: string | null, fromIndividualId?: string | null, toCompanyId: string, ownershipPercentage?: number | null, votingRightsPercentage?: number | null, position?: string | null, roles: Array<RelationRole> }>, checks: Array<{ __typename?: 'Check', id: string, type: CheckType, label: string, status: CheckStatus, subjectType: CheckSubjectType, subjectId?: string | null, reviewedAt?: string | null, reviewedBy?: string | null, isExcluded: boolean, isDeactivated: boolean, amlHits: Array<{ __typename?: 'AmlHit', id: string, name: string, score?: number | null, status: AmlHitStatus, listTypes: Array<AmlListType>, reviewedBy?: string | null, reviewedAt?: string | null }>, documents: Array<{ __typename?: 'Document', id: string, fileName: string, type: DocumentType, contentType: string, size: number, downloadUrl: string, verificationStatus: VerificationStatus }> }>, documents: { __typename?: 'DocumentConnection', totalCount: number, nodes: Array<{ __typename?: 'Document', id: string, fileName: string, type: DocumentType, contentType: string, size: number, downloadUrl: string, verificationStatus: VerificationStatus, checkId?: string | null }> }, risks: { __typename?: 'RiskConnection', totalCount: number, nodes: Array<{ __typename?: 'Risk', id: string, level: RiskLevel, score?: number | null, mode: RiskMode, comment?: string | null, createdAt: string, createdBy: string }> }, reviews: { __typename?: 'CaseReviewConnection', totalCount: number, nodes: Array<{ __typename?: 'CaseReview', id: string, status: ReviewStatus, comment?: string | null, reviewerId?: string | null, createdAt: string, nextReviewAt?: string | null }> }, notes: { __typename?: 'NoteConnection', totalCount: number, nodes: Array<{ __typename?: 'Note', id: string, body: string, authorId: string, createdAt: string, checkId?: string | null }> }, auditTrail: { __typename?: 'AuditEventConnection', totalCount: number, nodes: Array<{ __typename?: 'AuditEvent', id: string, seq: number, at: string, action: string, actorId: string, actorType: ActorType, entityType: string, changes?: unknown | null }> } }, verifyAuditTrail: { __typename?: 'AuditVerification', valid: boolean, eventsChecked: number, reason?: string | null, firstBrokenEventId?: string | null } };

export type ConsoleDecideMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: CaseReviewInput;
}>;


export type ConsoleDecideMutation = { __typename?: 'Mutation', createCaseReview: { __typename?: 'Case', id: string, status: CaseStatus, version: number, pendingDecision?: { __typename?: 'PendingDecision', status: ReviewStatus } | null } };

export type ConsoleReviewHitsMutationVariables = Exact<{
  checkId: Scalars['ID']['input'];
  decisions: Array<AmlHitDecisionInput> | AmlHitDecisionInput;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ConsoleReviewHitsMutation = { __typename?: 'Mutation', reviewAmlHits: { __typename?: 'Check', id: string, status: CheckStatus, amlHits: Array<{ __typename?: 'AmlHit', id: string, status: AmlHitStatus }> } };

export type ConsoleReviewCheckMutationVariables = Exact<{
  checkId: Scalars['ID']['input'];
  status: CheckDecision;
  comment?: InputMaybe<Scalars['String']['input']>;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ConsoleReviewCheckMutation = { __typename?: 'Mutation', reviewCheck: { __typename?: 'Check', id: string, status: CheckStatus } };

export type ConsoleAddNoteMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  body: Scalars['String']['input'];
}>;


export type ConsoleAddNoteMutation = { __typename?: 'Mutation', addNote: { __typename?: 'Note', id: string } };

export type ConsoleWorkspaceEventsSubscriptionVariables = Exact<{
  types?: InputMaybe<Array<EventType> | EventType>;
}>;


export type ConsoleWorkspaceEventsSubscription = { __typename?: 'Subscription', workspaceEvents: { __typename?: 'DomainEvent', eventId: string, type: EventType, caseId?: string | null, at: string } };

export type ConsoleCaseEventsSubscriptionVariables = Exact<{
  caseId: Scalars['ID']['input'];
}>;


export type ConsoleCaseEventsSubscription = { __typename?: 'Subscription', caseEvents: { __typename?: 'DomainEvent', eventId: string, type: EventType, actorId: string } };

export type ConsoleCaseReportQueryVariables = Exact<{
  caseId: Scalars['ID']['input'];
  format: ReportFormat;
}>;


export type ConsoleCaseReportQuery = { __typename?: 'Query', caseReport: { __typename?: 'CaseReport', url: string, fileName: string, expiresAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ConsoleViewerDocument = new TypedDocumentString(`
    query ConsoleViewer {
  viewer {
    role
    user {
      id
      name
      subject
    }
    workspace {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleCasesDocument = new TypedDocumentString(`
    query ConsoleCases($filter: CaseFilter, $orderBy: CaseOrder, $first: Int, $after: String, $last: Int, $before: String) {
  cases(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    nodes {
      id
      name
      externalId
      type
      status
      priority
      riskLevel
      flags
      dueAt
      createdAt
      nextReviewAt
      assignee {
        id
        name
        subject
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleCasesQuery, ConsoleCasesQueryVariables>;
export const ConsoleCaseDocument = new TypedDocumentString(`
    query ConsoleCase($id: ID!) {
  case(id: $id) {
    id
    name
    externalId
    description
    type
    status
    priority
    riskLevel
    flags
    tags
    dueAt
    createdAt
    updatedAt
    nextReviewAt
    version
    isAmlPositive
    erasedAt
    assignee {
      id
      name
      subject
    }
    pendingDecision {
      status
      comment
      proposerId
      proposedAt
      nextReviewAt
    }
    companies {
      id
      name
      country
      registrationNumber
      isMain
    }
    individuals {
      id
      firstName
      lastName
      nationality
      isBeneficialOwner
      totalOwnershipPercentage
    }
    relations {
      id
      fromCompanyId
      fromIndividualId
      toCompanyId
      ownershipPercentage
      votingRightsPercentage
      position
      roles
    }
    checks {
      id
      type
      label
      status
      subjectType
      subjectId
      reviewedAt
      reviewedBy
      isExcluded
      isDeactivated
      amlHits {
        id
        name
        score
        status
        listTypes
        reviewedBy
        reviewedAt
      }
      documents {
        id
        fileName
        type
        contentType
        size
        downloadUrl
        verificationStatus
      }
    }
    documents(first: 50) {
      totalCount
      nodes {
        id
        fileName
        type
        contentType
        size
        downloadUrl
        verificationStatus
        checkId
      }
    }
    risks(first: 20) {
      totalCount
      nodes {
        id
        level
        score
        mode
        comment
        createdAt
        createdBy
      }
    }
    reviews(first: 20) {
      totalCount
      nodes {
        id
        status
        comment
        reviewerId
        createdAt
        nextReviewAt
      }
    }
    notes(first: 50) {
      totalCount
      nodes {
        id
        body
        authorId
        createdAt
        checkId
      }
    }
    auditTrail(last: 50) {
      totalCount
      nodes {
        id
        seq
        at
        action
        actorId
        actorType
        entityType
        changes
      }
    }
  }
  verifyAuditTrail(caseId: $id) {
    valid
    eventsChecked
    reason
    firstBrokenEventId
  }
}
    `) as unknown as TypedDocumentString<ConsoleCaseQuery, ConsoleCaseQueryVariables>;
export const ConsoleDecideDocument = new TypedDocumentString(`
    mutation ConsoleDecide($caseId: ID!, $expectedVersion: Int, $input: CaseReviewInput!) {
  createCaseReview(
    caseId: $caseId
    expectedVersion: $expectedVersion
    input: $input
  ) {
    id
    status
    version
    pendingDecision {
      status
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDecideMutation, ConsoleDecideMutationVariables>;
export const ConsoleReviewHitsDocument = new TypedDocumentString(`
    mutation ConsoleReviewHits($checkId: ID!, $decisions: [AmlHitDecisionInput!]!, $expectedVersion: Int) {
  reviewAmlHits(
    checkId: $checkId
    decisions: $decisions
    expectedVersion: $expectedVersion
  ) {
    id
    status
    amlHits {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleReviewHitsMutation, ConsoleReviewHitsMutationVariables>;
export const ConsoleReviewCheckDocument = new TypedDocumentString(`
    mutation ConsoleReviewCheck($checkId: ID!, $status: CheckDecision!, $comment: String, $expectedVersion: Int) {
  reviewCheck(
    checkId: $checkId
    status: $status
    comment: $comment
    expectedVersion: $expectedVersion
  ) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleReviewCheckMutation, ConsoleReviewCheckMutationVariables>;
export const ConsoleAddNoteDocument = new TypedDocumentString(`
    mutation ConsoleAddNote($caseId: ID!, $body: String!) {
  addNote(caseId: $caseId, body: $body) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleAddNoteMutation, ConsoleAddNoteMutationVariables>;
export const ConsoleWorkspaceEventsDocument = new TypedDocumentString(`
    subscription ConsoleWorkspaceEvents($types: [EventType!]) {
  workspaceEvents(types: $types) {
    eventId
    type
    caseId
    at
  }
}
    `) as unknown as TypedDocumentString<ConsoleWorkspaceEventsSubscription, ConsoleWorkspaceEventsSubscriptionVariables>;
export const ConsoleCaseEventsDocument = new TypedDocumentString(`
    subscription ConsoleCaseEvents($caseId: ID!) {
  caseEvents(caseId: $caseId) {
    eventId
    type
    actorId
  }
}
    `) as unknown as TypedDocumentString<ConsoleCaseEventsSubscription, ConsoleCaseEventsSubscriptionVariables>;
export const ConsoleCaseReportDocument = new TypedDocumentString(`
    query ConsoleCaseReport($caseId: ID!, $format: ReportFormat!) {
  caseReport(caseId: $caseId, format: $format) {
    url
    fileName
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleCaseReportQuery, ConsoleCaseReportQueryVariables>;