#!/usr/bin/env bash
# Vendors GraphiQL's browser assets from npm at pinned versions, byte for byte as npm ships
# them: graphiql's UMD build (which bundles graphql-js, CodeMirror and its other
# dependencies; it expects React and ReactDOM as globals) and React 18's UMD production
# builds (React 19 ships no UMD build). The binary embeds them (src/http/graphiql.rs), so
# `cargo run` needs neither Node nor the network; this script is only for a version bump.
#
#   bash assets/graphiql/vendor.sh          # fetch, copy, write SHA256SUMS and THIRD_PARTY.md
#   bash assets/graphiql/vendor.sh --check  # fetch and compare with the committed files
#
# Needs npm and the npm registry. Bump the versions here, run it, check GraphiQL in a browser
# (.ci/graphiql-browser-check), commit.
set -euo pipefail
GRAPHIQL_VERSION=4.1.2
REACT_VERSION=18.3.1
# Not vendored on its own: graphiql's bundle includes graphql-js (its build used ^16.11.0).
GRAPHQL_VERSION=16.11.0

here="$(cd "$(dirname "$0")" && pwd)"
check=false
[ "${1:-}" = "--check" ] && check=true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" >/dev/null
for tarball in "graphiql-$GRAPHIQL_VERSION" "react-$REACT_VERSION" "react-dom-$REACT_VERSION"; do
  pkg="${tarball%-*}"
  mkdir -p "$pkg"
  tar xzf "$tarball.tgz" -C "$pkg" --strip-components=1
done
mkdir out
cp graphiql/graphiql.min.js graphiql/graphiql.min.css out/
cp react/umd/react.production.min.js react-dom/umd/react-dom.production.min.js out/
cp graphiql/LICENSE out/LICENSE-graphiql
cp react/LICENSE out/LICENSE-react

# What graphiql's bundle holds: its dependency tree as npm resolves it today, with each
# package's license (the bundle itself carries no license comments).
mkdir tree
(cd tree && echo '{"private":true}' >package.json &&
  npm install --silent --ignore-scripts --no-audit --no-fund --omit=peer \
    "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" \
    "graphql@$GRAPHQL_VERSION" >/dev/null)
node - "$work/tree/node_modules" "$GRAPHIQL_VERSION" "$REACT_VERSION" >out/THIRD_PARTY.md <<'JS'
const fs = require('fs');
const path = require('path');
const [root, graphiql, react] = process.argv.slice(2);
const found = new Map();
(function walk(dir) {
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (name.startsWith('@')) { walk(full); continue; }
    const manifest = path.join(full, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license && pkg.license.type) || 'see package';
    found.set(`${pkg.name}@${pkg.version}`, license);
    const nested = path.join(full, 'node_modules');
    if (fs.existsSync(nested)) walk(nested);
  }
})(root);
const lines = [...found].sort(([a], [b]) => a.localeCompare(b)).map(([k, l]) => `| ${k} | ${l} |`);
const licenses = [...new Set(found.values())].sort().join(', ');
console.log(`# GraphiQL's assets and their licenses

Vendored from npm by \`vendor.sh\`, unmodified:

| file | package | license |
| --- | --- | --- |
| graphiql.min.js, graphiql.min.css | graphiql@${graphiql} (UMD build) | MIT, \`LICENSE-graphiql\` |
| react.production.min.js | react@${react} | MIT, \`LICENSE-react\` |
| react-dom.production.min.js | react-dom@${react} | MIT, \`LICENSE-react\` |

graphiql's UMD bundle includes its dependencies (not React). npm resolves its tree today as
below (the bundle was built by graphiql's maintainers from the same ranges, so a patch
version may differ). Licenses found: ${licenses}.

| package | license |
| --- | --- |
${lines.join('\n')}`);
JS
(cd out && sha256sum graphiql.min.js graphiql.min.css react.production.min.js react-dom.production.min.js >SHA256SUMS)

if $check; then
  (cd "$here" && sha256sum --check --quiet "$work/out/SHA256SUMS") &&
    echo "assets/graphiql: the committed files are graphiql@$GRAPHIQL_VERSION and react@$REACT_VERSION as npm ships them"
else
  cp out/* "$here/"
  ls -l "$here"
fi
