// Type-checked with the generated code (`npm run check`): what a client writes.
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { graphql } from '../generated';

export const CasesPage = graphql(`
  query CasesPageInline($first: Int!) {
    cases(first: $first) { edges { node { id name createdAt individuals { birthDate } } } }
  }
`);

export function firstBirthDate(result: ResultOf<typeof CasesPage>): string | null | undefined {
  // `Date` and `DateTime` are strings; a `Date` is `yyyy-MM-dd`.
  return result.cases.edges[0]?.node.individuals[0]?.birthDate;
}

export const variables: VariablesOf<typeof CasesPage> = { first: 20 };
