#!/usr/bin/env bash
# Page benchmark for issue 6: the demo business scaled to 10,000 conversations;
# every owner page requested for a while with wrk, one request at a time (the
# time an owner waits for the page), then with four at once (pages under load);
# latency percentiles, and the weight of each page with the stylesheet and
# script it loads.
#
#   Benchmarks/pages/run.sh sqlite|postgres
#
# Needs wrk and curl (and, for postgres, the PostgreSQL server binaries).
# Everything runs on 127.0.0.1 and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
conversations=${CONVERSATIONS:-10000}
duration=${DURATION:-10s}

swift build -c release > /dev/null
bin=.build/release
work=$(mktemp -d /tmp/gatehouse-pages-XXXXXX)
server_pid=""
source Benchmarks/lib/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite) url="sqlite:$work/pages.sqlite" ;;
  postgres) start_postgres ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== $backend: the demo business with $conversations conversations"
"$bin/gatehouse-pages-seed" --database "$url" --conversations "$conversations" > "$work/seed.txt"
cookie=$(sed -n 's/^cookie=//p' "$work/seed.txt")
conversation=$(sed -n 's/^conversation=//p' "$work/seed.txt")
customer=$(sed -n 's/^customer=//p' "$work/seed.txt")

port=$(free_port)
LOG_LEVEL=warning "$bin/gatehouse" serve --database "$url" --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
assets=$(curl -fs "$base/assets/desk.css" | wc -c)
script=$(curl -fs "$base/assets/desk.js" | wc -c)
echo "stylesheet $assets bytes, script $script bytes"
printf '%-34s %8s %8s %8s %8s %8s %10s %12s\n' page p50 p90 p95 p99 req/s "weight KB" "p95 with 4"
for page in /today /inbox "/inbox?quadrant=someday" "/inbox?q=radiator" "/conversations/$conversation" /customers \
            "/customers/$customer" /policy /settings /settings/email; do
  wrk -t1 -c1 -d2s -H "Cookie: $cookie" "$base$page" > /dev/null
  wrk -t1 -c1 -d"$duration" --latency -s Benchmarks/pages/p95.lua -H "Cookie: $cookie" "$base$page" > "$work/wrk.txt"
  wrk -t1 -c4 -d"$duration" --latency -s Benchmarks/pages/p95.lua -H "Cookie: $cookie" "$base$page" > "$work/wrk4.txt"
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $cookie" "$base$page")
  [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
  html=$(wc -c < "$work/page.html")
  weight=$(( (html + assets + script + 1023) / 1024 ))
  pct() { awk -v p="$1" '$1 == p { print $2 }' "$work/wrk.txt"; }
  rate=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
  loaded=$(awk '$1 == "p95" { print $2 }' "$work/wrk4.txt")
  p95=$(awk '$1 == "p95" { print $2 }' "$work/wrk.txt")
  printf '%-34s %8s %8s %8s %8s %8s %10s %12s\n' "${page:0:34}" "$(pct 50%)" "$(pct 90%)" "$p95" "$(pct 99%)" "$rate" "$weight" "$loaded"
done
echo "== server memory"
grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status"
