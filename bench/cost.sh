#!/usr/bin/env bash
# Work per request of one server binary, in figures a busy machine does not blur:
# CPU ms of the server's process, SQL statements, and (with --callgrind) instructions
# counted by valgrind. One request at a time, a fixed number of them.
#
#   bench/cost.sh SERVER_BIN DATABASE_URL [--requests N] [--shape page|case|list] [--callgrind [--keep FILE]]
#
# DATABASE_URL is a database seeded by `casegraph-bench prepare` (workspace `bench`), e.g.
# postgres://postgres@127.0.0.1:5432/casegraph_sbs or
# sqlite://$HOME/.cache/casegraph-bench/work/casegraph_sbs.sqlite?mode=rwc.
# The server starts on a free port with the bench's secret, answers 20 warm-up requests, then
# N measured ones (default 200; 30 under callgrind); the script prints one line:
#   shape requests cpu_ms_per_req statements_per_req [instructions_per_req]
# Before measuring it waits for the outbox relay to work off the backlog seeding left.
# Instructions come from callgrind's counters zeroed after the warm-up (callgrind_control),
# so start-up and migrations are left out; they are exact for the same binary and data.
# `--keep FILE` copies that callgrind dump to FILE, for `callgrind_annotate FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$1 db=$2
shift 2
requests=200 shape=page callgrind=0 keep=
while [ $# -gt 0 ]; do
  case $1 in
    --requests) requests=$2; shift 2 ;;
    --shape) shape=$2; shift 2 ;;
    --callgrind) callgrind=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$callgrind" = 1 ] && [ "$requests" = 200 ] && requests=30

secret=casegraph-bench-local-secret-0123456789
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

export CASEGRAPH_JWT_SECRET=$secret RUST_LOG=warn
token=$("$bin" token --workspace bench --role analyst --sub bench-cost)
if [ "$callgrind" = 1 ]; then
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
    "$bin" serve --bind "127.0.0.1:$port" --database-url "$db" --monitor false >"$work/server.log" 2>&1 &
else
  "$bin" serve --bind "127.0.0.1:$port" --database-url "$db" --monitor false >"$work/server.log" 2>&1 &
fi
pid=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.2
done

# The request body: the bench's document for the shape.
doc=bench/documents/casegraph
case $shape in
  page) body=$(python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": {"first": 100}}))' "$doc/page.graphql") ;;
  list) body=$(python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read()}))' "$doc/list.graphql") ;;
  case)
    id=$(curl -s "http://127.0.0.1:$port/graphql" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $token" -d '{"query":"{ cases(first: 1) { nodes { id } } }"}' |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["cases"]["nodes"][0]["id"])')
    body=$(python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": {"id": sys.argv[2]}}))' "$doc/case.graphql" "$id") ;;
  *) echo "unknown shape $shape" >&2; exit 2 ;;
esac
printf '%s' "$body" >"$work/body.json"

send() {
  curl -s -o "$work/answer.json" "http://127.0.0.1:$port/graphql" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" --data-binary @"$work/body.json"
}
send
if grep -q '"errors"' "$work/answer.json"; then
  echo "the $shape document failed: $(head -c 400 "$work/answer.json")" >&2
  exit 1
fi
for _ in $(seq 1 20); do send; done

# The outbox relay fans out the events seeding left behind in the background: wait until it
# has (at most two minutes), so that its statements and work stay out of the measured window.
undispatched() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^casegraph_outbox_undispatched_events/ {print $NF; exit}'
}
for _ in $(seq 1 240); do
  [ "$(undispatched)" = 0 ] && break
  sleep 0.5
done
# Under valgrind, start-up work on other threads (the phone-number metadata, loaded once in
# the background) can still be running after the warm-up: give it time to finish first.
[ "$callgrind" = 1 ] && sleep 10

cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
statements() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^casegraph_db_statements_total/ {s += $NF} END {print s + 0}'
}
[ "$callgrind" = 1 ] && callgrind_control -z "$pid" >/dev/null
cpu0=$(cpu) st0=$(statements)
for _ in $(seq 1 "$requests"); do send; done
cpu1=$(cpu) st1=$(statements)
ticks=$(getconf CLK_TCK)
line="$shape $requests $(awk -v d=$((cpu1 - cpu0)) -v t="$ticks" -v n="$requests" 'BEGIN {printf "%.2f", d * 1000 / t / n}') $(awk -v d=$((st1 - st0)) -v n="$requests" 'BEGIN {printf "%.2f", d / n}')"
if [ "$callgrind" = 1 ]; then
  callgrind_control -d "$pid" >/dev/null
  sleep 2
  # The dump taken after the zeroing holds the measured requests only.
  dump=$(ls "$work"/callgrind.out.* | sort -V | tail -1)
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
  [ -n "$keep" ] && cp "$dump" "$keep"
  line="$line $(awk -v t="$total" -v n="$requests" 'BEGIN {printf "%.0f", t / n}')"
fi
echo "$line"
