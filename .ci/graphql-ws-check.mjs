// The standard `graphql-ws` client from npm against a running CaseGraph's /graphql/ws, as a
// front end would use it: the token in connectionParams, a workspaceEvents subscription,
// a createCase over HTTP, and the event arriving over the socket. Also: a bad token is
// refused at connection_init.
//
// Usage: node graphql-ws-check.mjs <graphql url> <bearer token>
// Env: CASEGRAPH_NODE_MODULES (where graphql-ws, ws and graphql are installed).
import { createRequire } from 'node:module';
import path from 'node:path';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node graphql-ws-check.mjs <url> <token>');
  process.exit(2);
}
const require = createRequire(path.join(process.env.CASEGRAPH_NODE_MODULES, 'noop.js'));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const version = require('graphql-ws/package.json').version;
const wsUrl = url.replace(/^http/, 'ws') + '/ws';

function fail(message) {
  console.log(`graphql-ws client ${version}: FAILED: ${message}`);
  process.exit(1);
}

const client = createClient({
  url: wsUrl,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
});
const name = `graphql-ws check ${Date.now()}`;
const received = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no event within 10 s')), 10000);
  client.subscribe(
    { query: 'subscription { workspaceEvents(types: [CASE_CREATED]) { eventId type caseId } }' },
    {
      next: (msg) => {
        clearTimeout(timer);
        resolve(msg);
      },
      error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
      complete: () => {},
    },
  );
});
// The server registers the subscription on its first poll: give it a moment.
await new Promise((r) => setTimeout(r, 500));
const created = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query: 'mutation($n: String!) { createCase(input: { name: $n, type: KYC }) { id } }',
    variables: { n: name },
  }),
}).then((r) => r.json());
const caseId = created?.data?.createCase?.id;
if (!caseId) fail(`createCase: ${JSON.stringify(created)}`);
let event;
try {
  event = await received;
} catch (e) {
  fail(`subscription: ${e.message}`);
}
const got = event?.data?.workspaceEvents;
if (got?.type !== 'CASE_CREATED' || got?.caseId !== caseId) fail(`unexpected ${JSON.stringify(event)}`);
await client.dispose();

// A bad token: the socket is closed during connection_init, and the client reports it.
const refused = await new Promise((resolve) => {
  const bad = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: 'Bearer not-a-token' },
    retryAttempts: 0,
    on: { closed: (e) => resolve(e?.code ?? 'closed') },
  });
  bad.subscribe(
    { query: 'subscription { workspaceEvents { eventId } }' },
    { next: () => resolve('accepted'), error: () => {}, complete: () => {} },
  );
  setTimeout(() => resolve('timeout'), 10000);
});
if (refused === 'accepted' || refused === 'timeout') fail(`a bad token was not refused (${refused})`);
console.log(
  `graphql-ws client ${version}: ok (CASE_CREATED received over ${wsUrl}; bad token closed with ${refused})`,
);
process.exit(0);
