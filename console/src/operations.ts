// Every operation the console sends, typed by graphql-codegen from schema.graphql.
import { graphql } from './gql';

export const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      role
      user { id name subject }
      workspace { id name }
    }
  }
`);

export const CasesQuery = graphql(`
  query ConsoleCases(
    $filter: CaseFilter
    $orderBy: CaseOrder
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
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
        assignee { id name subject }
      }
    }
  }
`);

export const CaseQuery = graphql(`
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
      assignee { id name subject }
      pendingDecision { status comment proposerId proposedAt nextReviewAt }
      companies { id name country registrationNumber isMain }
      individuals { id firstName lastName nationality isBeneficialOwner totalOwnershipPercentage }
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
        amlHits { id name score status listTypes reviewedBy reviewedAt }
        documents { id fileName type contentType size downloadUrl verificationStatus }
      }
      documents(first: 50) {
        totalCount
        nodes { id fileName type contentType size downloadUrl verificationStatus checkId }
      }
      risks(first: 20) {
        totalCount
        nodes { id level score mode comment createdAt createdBy }
      }
      reviews(first: 20) {
        totalCount
        nodes { id status comment reviewerId createdAt nextReviewAt }
      }
      notes(first: 50) {
        totalCount
        nodes { id body authorId createdAt checkId }
      }
      auditTrail(last: 50) {
        totalCount
        nodes { id seq at action actorId actorType entityType changes }
      }
    }
    verifyAuditTrail(caseId: $id) {
      valid
      eventsChecked
      reason
      firstBrokenEventId
    }
  }
`);

export const DecideMutation = graphql(`
  mutation ConsoleDecide($caseId: ID!, $expectedVersion: Int, $input: CaseReviewInput!) {
    createCaseReview(caseId: $caseId, expectedVersion: $expectedVersion, input: $input) {
      id
      status
      version
      pendingDecision { status }
    }
  }
`);

export const ReviewHitsMutation = graphql(`
  mutation ConsoleReviewHits($checkId: ID!, $decisions: [AmlHitDecisionInput!]!, $expectedVersion: Int) {
    reviewAmlHits(checkId: $checkId, decisions: $decisions, expectedVersion: $expectedVersion) {
      id
      status
      amlHits { id status }
    }
  }
`);

export const ReviewCheckMutation = graphql(`
  mutation ConsoleReviewCheck($checkId: ID!, $status: CheckDecision!, $comment: String, $expectedVersion: Int) {
    reviewCheck(checkId: $checkId, status: $status, comment: $comment, expectedVersion: $expectedVersion) {
      id
      status
    }
  }
`);

export const AddNoteMutation = graphql(`
  mutation ConsoleAddNote($caseId: ID!, $body: String!) {
    addNote(caseId: $caseId, body: $body) {
      id
    }
  }
`);

export const WorkspaceEventsSubscription = graphql(`
  subscription ConsoleWorkspaceEvents($types: [EventType!]) {
    workspaceEvents(types: $types) {
      eventId
      type
      caseId
      at
    }
  }
`);

export const CaseEventsSubscription = graphql(`
  subscription ConsoleCaseEvents($caseId: ID!) {
    caseEvents(caseId: $caseId) {
      eventId
      type
      actorId
    }
  }
`);

export const CaseReportQuery = graphql(`
  query ConsoleCaseReport($caseId: ID!, $format: ReportFormat!) {
    caseReport(caseId: $caseId, format: $format) {
      url
      fileName
      expiresAt
    }
  }
`);
