// Apollo Client against a running CaseGraph: the real @apollo/client from npm, with its
// persisted-query link (APQ, hashes sent over GET) and HttpLink's `useGETForQueries`, as a
// front end would configure them. Checks the answers and the exact HTTP exchange: an
// unknown hash is answered PERSISTED_QUERY_NOT_FOUND and the link resends the document,
// the next time the hash alone is enough, queries go over GET and mutations over POST.
//
// Usage: node apollo-client-check.mjs <graphql url> <bearer token>
// Env: CASEGRAPH_NODE_MODULES (where @apollo/client, graphql and rxjs are installed).
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import path from 'node:path';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node apollo-client-check.mjs <url> <token>');
  process.exit(2);
}
const require = createRequire(path.join(process.env.CASEGRAPH_NODE_MODULES, 'noop.js'));
const { ApolloClient, HttpLink, InMemoryCache, gql } = require('@apollo/client');
const { PersistedQueryLink } = require('@apollo/client/link/persisted-queries');
const apolloVersion = require('@apollo/client/package.json').version;

// Every request the client sends, as the server saw it.
const exchanges = [];
const recordingFetch = async (input, init = {}) => {
  const target = new URL(typeof input === 'string' ? input : input.url);
  let sent = {};
  if ((init.method || 'GET') === 'GET') {
    sent = Object.fromEntries(target.searchParams);
    for (const k of ['variables', 'extensions']) if (sent[k]) sent[k] = JSON.parse(sent[k]);
  } else {
    sent = JSON.parse(init.body);
  }
  const res = await fetch(input, init);
  const body = await res.clone().json().catch(() => null);
  exchanges.push({
    method: init.method || 'GET',
    query: Boolean(sent.query),
    hash: Boolean(sent.extensions?.persistedQuery?.sha256Hash),
    status: res.status,
    code: body?.errors?.[0]?.extensions?.code ?? null,
  });
  return res;
};

const link = new PersistedQueryLink({
  sha256: (text) => crypto.createHash('sha256').update(text).digest('hex'),
  useGETForHashedQueries: true,
}).concat(
  new HttpLink({
    uri: url,
    fetch: recordingFetch,
    headers: { authorization: `Bearer ${token}` },
    useGETForQueries: true,
  }),
);
const client = new ApolloClient({ link, cache: new InMemoryCache() });

const problems = [];
const expect = (what, got, want) => {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) problems.push(`${what}: got ${g}, want ${w}`);
};
const step = (e) => `${e.method} ${e.query ? 'query+hash' : 'hash'} → ${e.status}${e.code ? ` ${e.code}` : ''}`;

const VIEWER = gql`
  query Viewer {
    viewer {
      role
    }
  }
`;
const CASES = gql`
  query Cases($first: Int!, $search: String) {
    cases(first: $first, filter: { search: $search }) {
      totalCount
      nodes {
        id
        name
      }
    }
  }
`;
const CREATE = gql`
  mutation Create($input: CreateCaseInput!) {
    createCase(input: $input) {
      id
      name
    }
  }
`;

try {
  // 1. First query: unknown hash, then the document (both over GET).
  let r = await client.query({ query: VIEWER, fetchPolicy: 'network-only' });
  expect('viewer', r.data?.viewer?.role, 'ADMIN');
  expect('first query', exchanges.map(step), [
    'GET hash → 200 PERSISTED_QUERY_NOT_FOUND',
    'GET query+hash → 200',
  ]);
  // 2. Again: the hash alone.
  exchanges.length = 0;
  r = await client.query({ query: VIEWER, fetchPolicy: 'network-only' });
  expect('viewer again', r.data?.viewer?.role, 'ADMIN');
  expect('second query', exchanges.map(step), ['GET hash → 200']);
  // 3. A mutation: over POST, registered the same way.
  exchanges.length = 0;
  const name = `Apollo check ${Date.now()}`;
  const m = await client.mutate({
    mutation: CREATE,
    variables: { input: { name, type: 'KYC' } },
  });
  expect('created', m.data?.createCase?.name, name);
  expect('mutation', exchanges.map(step), [
    'POST hash → 200 PERSISTED_QUERY_NOT_FOUND',
    'POST query+hash → 200',
  ]);
  // 4. A query with variables finds it, twice (the second by hash).
  for (const round of [1, 2]) {
    exchanges.length = 0;
    r = await client.query({
      query: CASES,
      variables: { first: 5, search: name },
      fetchPolicy: 'network-only',
    });
    expect(`search ${round}`, r.data?.cases?.nodes?.map((n) => n.name), [name]);
    expect(
      `search ${round} requests`,
      exchanges.map(step),
      round === 1
        ? ['GET hash → 200 PERSISTED_QUERY_NOT_FOUND', 'GET query+hash → 200']
        : ['GET hash → 200'],
    );
  }
} catch (e) {
  problems.push(`error: ${e?.stack || e}`);
  for (const x of exchanges) problems.push(`  sent ${step(x)}`);
}
for (const p of problems) console.log(`  ${p}`);
console.log(
  `apollo client check: ${problems.length === 0 ? 'ok' : 'FAILED'} — @apollo/client ${apolloVersion}, ` +
    'PersistedQueryLink (useGETForHashedQueries) + HttpLink (useGETForQueries): ' +
    'APQ miss → register → hash-only hit over GET; mutation over POST',
);
process.exit(problems.length === 0 ? 0 : 1);
