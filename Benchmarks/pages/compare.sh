#!/usr/bin/env bash
# Two builds of gatehouse side by side on the same pages: one database seeded once (the demo
# business scaled to 10,000 conversations), then each build serves it in turn, ROUNDS times,
# alternating, so that drift of a busy machine falls on both alike. Prints each round's
# latency percentiles for the inbox pages (one request at a time) and the median p50 and p95
# of each build.
#
#   Benchmarks/pages/compare.sh BEFORE_DIR AFTER_DIR
#
# Each DIR holds a release `gatehouse` (and AFTER_DIR its `gatehouse-pages-seed`). Used for
# issue 16: dates, times and money written in the business's locale must not make the inbox
# more than 10 % slower. Needs wrk and curl; everything runs on 127.0.0.1 and is removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$1
after=$2
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
conversations=${CONVERSATIONS:-10000}
work=$(mktemp -d /tmp/gatehouse-compare-XXXXXX)
server_pid=""
source Benchmarks/lib/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

url="sqlite:$work/pages.sqlite"
"$after/gatehouse-pages-seed" --database "$url" --conversations "$conversations" > "$work/seed.txt"
cookie=$(sed -n 's/^cookie=//p' "$work/seed.txt")
pages=(/inbox "/inbox?quadrant=someday" "/inbox?q=radiator")

printf '%-8s %-5s %-26s %8s %8s %8s\n' build round page p50 p95 req/s
for round in $(seq 1 "$rounds"); do
  for build in before after; do
    dir=$([ "$build" = before ] && echo "$before" || echo "$after")
    port=$(free_port)
    LOG_LEVEL=warning "$dir/gatehouse" serve --database "$url" --port "$port" > "$work/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break; sleep 0.1; done
    for page in "${pages[@]}"; do
      wrk -t1 -c1 -d2s -H "Cookie: $cookie" "http://127.0.0.1:$port$page" > /dev/null
      wrk -t1 -c1 -d"$duration" --latency -s Benchmarks/pages/p95.lua -H "Cookie: $cookie" "http://127.0.0.1:$port$page" > "$work/wrk.txt"
      p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
      p95=$(awk '$1 == "p95" { print $2 }' "$work/wrk.txt")
      rate=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
      printf '%-8s %-5s %-26s %8s %8s %8s\n' "$build" "$round" "$page" "$p50" "$p95" "$rate" | tee -a "$work/all.txt"
    done
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  done
done
echo "== medians over $rounds rounds (ms)"
ms() { awk '{ x = $1; if (x ~ /us$/) print substr(x, 1, length(x) - 2) / 1000; else if (x ~ /ms$/) print substr(x, 1, length(x) - 2) + 0; else print substr(x, 1, length(x) - 1) * 1000 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for page in "${pages[@]}"; do
  for build in before after; do
    rows=$(awk -v b="$build" -v p="$page" '$1 == b && $3 == p' "$work/all.txt")
    p50=$(echo "$rows" | awk '{ print $4 }' | ms | median)
    p95=$(echo "$rows" | awk '{ print $5 }' | ms | median)
    printf '%-8s %-26s p50 %6.2f  p95 %6.2f\n' "$build" "$page" "$p50" "$p95"
  done
done
