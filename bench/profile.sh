#!/usr/bin/env bash
# A CPU profile of the CaseGraph server while it answers the nested page under load.
#
#   bench/profile.sh [postgres|sqlite] [seconds]      (default: postgres 20)
#
# perf (Debian's linux-perf; installed with apt-get when missing and running as root)
# records `casegraph-bench run --shapes page --concurrency 16` with the cpu-clock event and
# call chains, every process it starts included; the report keeps the server's samples
# only (`--comm casegraph`). It prints the top symbols by self time and the share of the
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
perf record -e cpu-clock -g -o "$data" -- \
  "$target_dir/release/casegraph-bench" run --backend "$backend" --shapes page --reuse \
  --concurrency 16 --duration "$seconds" --warmup 2 --server-bin "$target_dir/release/casegraph"

report=$CACHE/work/perf-$backend.txt
perf report -i "$data" --comm casegraph --no-children --sort symbol --stdio 2>/dev/null \
  | grep -E '^ +[0-9.]+%' >"$report" || true

echo
echo "top 15 symbols of the server (self time, share of its samples):"
head -15 "$report" | sed -E 's/ +\[[.k]\] / /' | cut -c1-150

echo
echo "by group:"
awk '
  {
    pct = $1; sub(/%/, "", pct);
    kernel = ($2 == "[k]");
    sym = $0; sub(/^ *[0-9.]+% +\[[^]]*\] +/, "", sym);
    g = "other";
    if (kernel) g = "kernel (network, syscalls, scheduling)";
    else if (sym ~ /malloc|free|realloc|calloc|memalign|_int_|tcache|arena|sysmalloc|cfree|__libc_|alloc::alloc|__rust_alloc|__rust_dealloc|__rdl_/) g = "allocator (malloc/free)";
    else if (sym ~ /async_graphql.*(Value|value|resolve|serial|Name|IndexMap|indexmap)|async_graphql_value|ConstValue|resolve_container|resolve_list/) g = "async-graphql value tree / resolution";
    else if (sym ~ /DataLoader|dataloader|loaders|Cohort|cohort/) g = "DataLoader + cohorts";
    else if (sym ~ /sea_orm|sqlx|FromQueryResult|TryGetable|try_get|PgRow|SqliteRow|decode|Decode|sqlite3/) g = "SeaORM / sqlx row decoding, SQLite";
    else if (sym ~ /serde_json|serde::|Serialize|Deserialize|ryu|itoa|format_escaped/) g = "JSON (serde)";
    else if (sym ~ /tokio|futures|mio|epoll|waker|Waker|park|parking_lot|std::sync|futex/) g = "tokio / futures / sync";
    else if (sym ~ /[Hh]ash|sip|Sip|hashbrown|ahash|fxhash|RandomState/) g = "hashing / hash maps";
    else if (sym ~ /hyper|axum|tower|http::|h1|bytes::/) g = "HTTP (hyper/axum)";
    else if (sym ~ /memcpy|memmove|memset|memcmp|strlen/) g = "memcpy/memset";
    else if (sym ~ /^0x|unknown/) g = "unresolved";
    share[g] += pct;
  }
  END { for (g in share) printf "%6.1f%%  %s\n", share[g], g }
' "$report" | sort -rn
echo
echo "full report: perf report -i $data --comm casegraph --no-children --sort symbol"
