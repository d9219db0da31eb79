// GraphQL-over-HTTP conformance: graphql-http's auditServer against a running CaseGraph.
// Usage: node graphql-http-audit.mjs <url> <bearer token>   (NODE_PATH: graphql-http's install)
// Prints each warning and failure, then one line of counts; exits 1 on any MUST failure.
import { createRequire } from 'node:module';
import path from 'node:path';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node graphql-http-audit.mjs <url> <token>');
  process.exit(2);
}
// The package lives in the CI cache, outside the clone: resolve it from there.
const require = createRequire(path.join(process.env.CASEGRAPH_NODE_MODULES, 'noop.js'));
const { auditServer } = require('graphql-http');

// Every audit request carries the token, as a real client would.
const fetchFn = (input, init = {}) =>
  fetch(input, {
    ...init,
    headers: { ...(init.headers || {}), authorization: `Bearer ${token}` },
  });

const results = await auditServer({ url, fetchFn });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] = (counts[result.status] || 0) + 1;
  if (result.status === 'warn' || result.status === 'error') {
    let detail = result.reason;
    if (result.response) {
      const body = await result.response.text().catch(() => '');
      detail += ` (HTTP ${result.response.status}: ${body.slice(0, 200)})`;
    }
    console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${detail}`);
  } else if (result.status === 'notice') {
    console.log(`notice ${result.id} ${result.name}`);
  }
}
console.log(
  `graphql-http audit: ${results.length} audits, ${counts.ok} ok, ${counts.notice} notice, ` +
    `${counts.warn} warn, ${counts.error} MUST failures`,
);
process.exit(counts.error > 0 ? 1 : 0);
