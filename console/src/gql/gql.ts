/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      role\n      user { id name subject }\n      workspace { id name }\n    }\n  }\n": typeof types.ConsoleViewerDocument,
    "\n  query ConsoleCases(\n    $filter: CaseFilter\n    $orderBy: CaseOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      nodes {\n        id\n        name\n        externalId\n        type\n        status\n        priority\n        riskLevel\n        flags\n        dueAt\n        createdAt\n        nextReviewAt\n        assignee { id name subject }\n      }\n    }\n  }\n": typeof types.ConsoleCasesDocument,
    "\n  query ConsoleCase($id: ID!) {\n    case(id: $id) {\n      id\n      name\n      externalId\n      description\n      type\n      status\n      priority\n      riskLevel\n      flags\n      tags\n      dueAt\n      createdAt\n      updatedAt\n      nextReviewAt\n      version\n      isAmlPositive\n      erasedAt\n      assignee { id name subject }\n      pendingDecision { status comment proposerId proposedAt nextReviewAt }\n      companies { id name country registrationNumber isMain }\n      individuals { id firstName lastName nationality isBeneficialOwner totalOwnershipPercentage }\n      relations {\n        id\n        fromCompanyId\n        fromIndividualId\n        toCompanyId\n        ownershipPercentage\n        votingRightsPercentage\n        position\n        roles\n      }\n      checks {\n        id\n        type\n        label\n        status\n        subjectType\n        subjectId\n        reviewedAt\n        reviewedBy\n        isExcluded\n        isDeactivated\n        amlHits { id name score status listTypes reviewedBy reviewedAt }\n        documents { id fileName type contentType size downloadUrl verificationStatus }\n      }\n      documents(first: 50) {\n        totalCount\n        nodes { id fileName type contentType size downloadUrl verificationStatus checkId }\n      }\n      risks(first: 20) {\n        totalCount\n        nodes { id level score mode comment createdAt createdBy }\n      }\n      reviews(first: 20) {\n        totalCount\n        nodes { id status comment reviewerId createdAt nextReviewAt }\n      }\n      notes(first: 50) {\n        totalCount\n        nodes { id body authorId createdAt checkId }\n      }\n      auditTrail(last: 50) {\n        totalCount\n        nodes { id seq at action actorId actorType entityType changes }\n      }\n    }\n    verifyAuditTrail(caseId: $id) {\n      valid\n      eventsChecked\n      reason\n      firstBrokenEventId\n    }\n  }\n": typeof types.ConsoleCaseDocument,
    "\n  mutation ConsoleDecide($caseId: ID!, $expectedVersion: Int, $input: CaseReviewInput!) {\n    createCaseReview(caseId: $caseId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      status\n      version\n      pendingDecision { status }\n    }\n  }\n": typeof types.ConsoleDecideDocument,
    "\n  mutation ConsoleReviewHits($checkId: ID!, $decisions: [AmlHitDecisionInput!]!, $expectedVersion: Int) {\n    reviewAmlHits(checkId: $checkId, decisions: $decisions, expectedVersion: $expectedVersion) {\n      id\n      status\n      amlHits { id status }\n    }\n  }\n": typeof types.ConsoleReviewHitsDocument,
    "\n  mutation ConsoleReviewCheck($checkId: ID!, $status: CheckDecision!, $comment: String, $expectedVersion: Int) {\n    reviewCheck(checkId: $checkId, status: $status, comment: $comment, expectedVersion: $expectedVersion) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleReviewCheckDocument,
    "\n  mutation ConsoleAddNote($caseId: ID!, $body: String!) {\n    addNote(caseId: $caseId, body: $body) {\n      id\n    }\n  }\n": typeof types.ConsoleAddNoteDocument,
    "\n  subscription ConsoleWorkspaceEvents($types: [EventType!]) {\n    workspaceEvents(types: $types) {\n      eventId\n      type\n      caseId\n      at\n    }\n  }\n": typeof types.ConsoleWorkspaceEventsDocument,
    "\n  subscription ConsoleCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      eventId\n      type\n      actorId\n    }\n  }\n": typeof types.ConsoleCaseEventsDocument,
    "\n  query ConsoleCaseReport($caseId: ID!, $format: ReportFormat!) {\n    caseReport(caseId: $caseId, format: $format) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n": typeof types.ConsoleCaseReportDocument,
};
const documents: Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      role\n      user { id name subject }\n      workspace { id name }\n    }\n  }\n": types.ConsoleViewerDocument,
    "\n  query ConsoleCases(\n    $filter: CaseFilter\n    $orderBy: CaseOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      nodes {\n        id\n        name\n        externalId\n        type\n        status\n        priority\n        riskLevel\n        flags\n        dueAt\n        createdAt\n        nextReviewAt\n        assignee { id name subject }\n      }\n    }\n  }\n": types.ConsoleCasesDocument,
    "\n  query ConsoleCase($id: ID!) {\n    case(id: $id) {\n      id\n      name\n      externalId\n      description\n      type\n      status\n      priority\n      riskLevel\n      flags\n      tags\n      dueAt\n      createdAt\n      updatedAt\n      nextReviewAt\n      version\n      isAmlPositive\n      erasedAt\n      assignee { id name subject }\n      pendingDecision { status comment proposerId proposedAt nextReviewAt }\n      companies { id name country registrationNumber isMain }\n      individuals { id firstName lastName nationality isBeneficialOwner totalOwnershipPercentage }\n      relations {\n        id\n        fromCompanyId\n        fromIndividualId\n        toCompanyId\n        ownershipPercentage\n        votingRightsPercentage\n        position\n        roles\n      }\n      checks {\n        id\n        type\n        label\n        status\n        subjectType\n        subjectId\n        reviewedAt\n        reviewedBy\n        isExcluded\n        isDeactivated\n        amlHits { id name score status listTypes reviewedBy reviewedAt }\n        documents { id fileName type contentType size downloadUrl verificationStatus }\n      }\n      documents(first: 50) {\n        totalCount\n        nodes { id fileName type contentType size downloadUrl verificationStatus checkId }\n      }\n      risks(first: 20) {\n        totalCount\n        nodes { id level score mode comment createdAt createdBy }\n      }\n      reviews(first: 20) {\n        totalCount\n        nodes { id status comment reviewerId createdAt nextReviewAt }\n      }\n      notes(first: 50) {\n        totalCount\n        nodes { id body authorId createdAt checkId }\n      }\n      auditTrail(last: 50) {\n        totalCount\n        nodes { id seq at action actorId actorType entityType changes }\n      }\n    }\n    verifyAuditTrail(caseId: $id) {\n      valid\n      eventsChecked\n      reason\n      firstBrokenEventId\n    }\n  }\n": types.ConsoleCaseDocument,
    "\n  mutation ConsoleDecide($caseId: ID!, $expectedVersion: Int, $input: CaseReviewInput!) {\n    createCaseReview(caseId: $caseId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      status\n      version\n      pendingDecision { status }\n    }\n  }\n": types.ConsoleDecideDocument,
    "\n  mutation ConsoleReviewHits($checkId: ID!, $decisions: [AmlHitDecisionInput!]!, $expectedVersion: Int) {\n    reviewAmlHits(checkId: $checkId, decisions: $decisions, expectedVersion: $expectedVersion) {\n      id\n      status\n      amlHits { id status }\n    }\n  }\n": types.ConsoleReviewHitsDocument,
    "\n  mutation ConsoleReviewCheck($checkId: ID!, $status: CheckDecision!, $comment: String, $expectedVersion: Int) {\n    reviewCheck(checkId: $checkId, status: $status, comment: $comment, expectedVersion: $expectedVersion) {\n      id\n      status\n    }\n  }\n": types.ConsoleReviewCheckDocument,
    "\n  mutation ConsoleAddNote($caseId: ID!, $body: String!) {\n    addNote(caseId: $caseId, body: $body) {\n      id\n    }\n  }\n": types.ConsoleAddNoteDocument,
    "\n  subscription ConsoleWorkspaceEvents($types: [EventType!]) {\n    workspaceEvents(types: $types) {\n      eventId\n      type\n      caseId\n      at\n    }\n  }\n": types.ConsoleWorkspaceEventsDocument,
    "\n  subscription ConsoleCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      eventId\n      type\n      actorId\n    }\n  }\n": types.ConsoleCaseEventsDocument,
    "\n  query ConsoleCaseReport($caseId: ID!, $format: ReportFormat!) {\n    caseReport(caseId: $caseId, format: $format) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n": types.ConsoleCaseReportDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleViewer {\n    viewer {\n      role\n      user { id name subject }\n      workspace { id name }\n    }\n  }\n"): typeof import('./graphql').ConsoleViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCases(\n    $filter: CaseFilter\n    $orderBy: CaseOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      nodes {\n        id\n        name\n        externalId\n        type\n        status\n        priority\n        riskLevel\n        flags\n        dueAt\n        createdAt\n        nextReviewAt\n        assignee { id name subject }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleCasesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCase($id: ID!) {\n    case(id: $id) {\n      id\n      name\n      externalId\n      description\n      type\n      status\n      priority\n      riskLevel\n      flags\n      tags\n      dueAt\n      createdAt\n      updatedAt\n      nextReviewAt\n      version\n      isAmlPositive\n      erasedAt\n      assignee { id name subject }\n      pendingDecision { status comment proposerId proposedAt nextReviewAt }\n      companies { id name country registrationNumber isMain }\n      individuals { id firstName lastName nationality isBeneficialOwner totalOwnershipPercentage }\n      relations {\n        id\n        fromCompanyId\n        fromIndividualId\n        toCompanyId\n        ownershipPercentage\n        votingRightsPercentage\n        position\n        roles\n      }\n      checks {\n        id\n        type\n        label\n        status\n        subjectType\n        subjectId\n        reviewedAt\n        reviewedBy\n        isExcluded\n        isDeactivated\n        amlHits { id name score status listTypes reviewedBy reviewedAt }\n        documents { id fileName type contentType size downloadUrl verificationStatus }\n      }\n      documents(first: 50) {\n        totalCount\n        nodes { id fileName type contentType size downloadUrl verificationStatus checkId }\n      }\n      risks(first: 20) {\n        totalCount\n        nodes { id level score mode comment createdAt createdBy }\n      }\n      reviews(first: 20) {\n        totalCount\n        nodes { id status comment reviewerId createdAt nextReviewAt }\n      }\n      notes(first: 50) {\n        totalCount\n        nodes { id body authorId createdAt checkId }\n      }\n      auditTrail(last: 50) {\n        totalCount\n        nodes { id seq at action actorId actorType entityType changes }\n      }\n    }\n    verifyAuditTrail(caseId: $id) {\n      valid\n      eventsChecked\n      reason\n      firstBrokenEventId\n    }\n  }\n"): typeof import('./graphql').ConsoleCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDecide($caseId: ID!, $expectedVersion: Int, $input: CaseReviewInput!) {\n    createCaseReview(caseId: $caseId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      status\n      version\n      pendingDecision { status }\n    }\n  }\n"): typeof import('./graphql').ConsoleDecideDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReviewHits($checkId: ID!, $decisions: [AmlHitDecisionInput!]!, $expectedVersion: Int) {\n    reviewAmlHits(checkId: $checkId, decisions: $decisions, expectedVersion: $expectedVersion) {\n      id\n      status\n      amlHits { id status }\n    }\n  }\n"): typeof import('./graphql').ConsoleReviewHitsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReviewCheck($checkId: ID!, $status: CheckDecision!, $comment: String, $expectedVersion: Int) {\n    reviewCheck(checkId: $checkId, status: $status, comment: $comment, expectedVersion: $expectedVersion) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ConsoleReviewCheckDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAddNote($caseId: ID!, $body: String!) {\n    addNote(caseId: $caseId, body: $body) {\n      id\n    }\n  }\n"): typeof import('./graphql').ConsoleAddNoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleWorkspaceEvents($types: [EventType!]) {\n    workspaceEvents(types: $types) {\n      eventId\n      type\n      caseId\n      at\n    }\n  }\n"): typeof import('./graphql').ConsoleWorkspaceEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      eventId\n      type\n      actorId\n    }\n  }\n"): typeof import('./graphql').ConsoleCaseEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCaseReport($caseId: ID!, $format: ReportFormat!) {\n    caseReport(caseId: $caseId, format: $format) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').ConsoleCaseReportDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
