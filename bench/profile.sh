#!/usr/bin/env bash
# A CPU profile of the CaseGraph server while it answers the nested page under load.
#
#   bench/profile.sh [postgres|sqlite] [seconds]      (default: postgres 20)
#
# perf (Debian's linux-perf; installed with apt-get when missing and running as root)
# records `casegraph-bench run --shapes page --concurrency 16` with the cpu-clock event and
# call chains, every process it starts included; the report keeps the server's samples
# only (its pid, as the bench prints it). It prints the top symbols by self time and the share of the
# server's samples per group (allocator, async-graphql value tree, SeaORM/sqlx row decoding,
# JSON, tokio, DataLoader, hashing, …). The seeded database is reused when present
# (`--reuse`), so seeding is not in the profile after the first run.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=${1:-postgres}
seconds=${2:-20}
CACHE=${CASEGRAPH_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/casegraph-bench}
mkdir -p "$CACHE/work"
data=$CACHE/work/perf-$backend.data

if ! command -v perf >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y linux-perf >/dev/null || { apt-get update >/dev/null && apt-get install -y linux-perf >/dev/null; }
  else
    echo "perf is needed: apt-get install linux-perf (Debian)" >&2
    exit 1
  fi
fi

cargo build --release -p casegraph -p casegraph-bench
target_dir=${CARGO_TARGET_DIR:-target}

# Seed once without perf, so the profile holds the page runs only.
"$target_dir/release/casegraph-bench" run --backend "$backend" --shapes page --reuse \
  --concurrency 16 --duration 1 --warmup 0 --server-bin "$target_dir/release/casegraph" >/dev/null
out=$CACHE/work/perf-$backend.out
perf record -e cpu-clock -g -o "$data" -- \
  "$target_dir/release/casegraph-bench" run --backend "$backend" --shapes page --reuse \
  --concurrency 16 --duration "$seconds" --warmup 2 --server-bin "$target_dir/release/casegraph" \
  | tee "$out"
# The server's process (all its threads); the bench prints it.
pid=$(grep -o 'server pid [0-9]*' "$out" | head -1 | awk '{print $3}')

report=$CACHE/work/perf-$backend.txt
perf report -i "$data" --pid "$pid" --percentage relative --no-children --sort symbol \
  --stdio -g none 2>/dev/null | grep -E '^ +[0-9.]+%' | sed -E 's/ +/ /g; s/( -)+ *$//' >"$report" || true

echo
echo "top 15 symbols of the server (self time, share of its samples):"
head -15 "$report" | cut -c1-160

echo
echo "by group:"
awk '
  {
    pct = $1; sub(/%/, "", pct);
    kernel = ($2 == "[k]");
    sym = $0; sub(/^ *[0-9.]+% +\[[^]]*\] +/, "", sym);
    if (kernel) g = "kernel (network, syscalls, scheduling)";
    else if (sym ~ /^(_int_malloc|_int_free|_int_realloc|unlink_chunk|cfree|malloc_consolidate|malloc|free|realloc|calloc|sysmalloc|tcache)|__rust_alloc|__rust_dealloc|__rdl_|RawVec.*reserve|alloc::alloc::/) g = "allocator (glibc malloc/free)";
    else if (sym ~ /^__mem|^mem(cpy|move|cmp|set)/) g = "memcpy / memcmp";
    else if (sym ~ /casegraph::graphql::loaders|dataloader|DataLoader/) g = "DataLoader + cohorts";
    else if (sym ~ /serde_json.*de::|Deserialize|sqlx|sea_orm|TryGetable|PgRow|SqliteRow|DataRow|Decode|decode|sqlite3/) g = "rows to SeaORM models (sqlx decoding, JSON columns)";
    else if (sym ~ /serde_json|serde_core::ser|format_escaped|collect_map|ryu|itoa/) g = "response JSON serialisation";
    else if (sym ~ /async_graphql|indexmap|ConstValue|ContainerType|casegraph::graphql::types/) g = "async-graphql resolution + value tree";
    else if (sym ~ /[Hh]ash|sip::|hashbrown/) g = "hashing / hash maps";
    else if (sym ~ /tokio|futures|AtomicWaker|Pin<P>|future::Future|tracing::instrument|mio::|parking_lot/) g = "tokio / futures";
    else if (sym ~ /uuid::|core::fmt|alloc::fmt|fmt::|Debug/) g = "formatting (uuid, fmt)";
    else if (sym ~ /hyper|axum|tower|http::|bytes::/) g = "HTTP (hyper, axum)";
    else g = "other";
    share[g] += pct;
  }
  END { for (g in share) printf "%6.1f%%  %s\n", share[g], g }
' "$report" | sort -rn
echo
echo "full report: perf report -i $data --pid $pid --no-children --sort symbol"
