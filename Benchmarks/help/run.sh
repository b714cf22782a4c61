#!/usr/bin/env bash
# The help search page benchmark for issue 21: the demo business with 2,000 published
# help articles; its public help page searched for a few customers' questions, one
# request at a time (the time a customer waits), for a while each with wrk; latency
# percentiles against the target (p95 under 30 ms).
#
#   Benchmarks/help/run.sh sqlite|postgres
#
# Needs wrk and curl (and, for postgres, the PostgreSQL server binaries). Set SCRATCH to
# build elsewhere than .build (swift build --scratch-path). Everything runs on 127.0.0.1 and
# is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
articles=${ARTICLES:-2000}
duration=${DURATION:-10s}
scratch=${SCRATCH:-.build}

swift build -c release --scratch-path "$scratch" --product gatehouse > /dev/null
swift build -c release --scratch-path "$scratch" --product gatehouse-pages-seed > /dev/null
bin="$scratch/release"
work=$(mktemp -d /tmp/gatehouse-help-XXXXXX)
server_pid=""
source Benchmarks/lib/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite) url="sqlite:$work/help.sqlite" ;;
  postgres) start_postgres ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== $backend: the demo business with $articles help articles"
"$bin/gatehouse-pages-seed" --database "$url" --conversations 0 --articles "$articles" > "$work/seed.txt"
slug=$(sed -n 's/^slug=//p' "$work/seed.txt")

port=$(free_port)
LOG_LEVEL=warning "$bin/gatehouse" serve --database "$url" --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 0.1
done
base="http://127.0.0.1:$port/w/$slug/help"
printf '%-44s %8s %8s %8s %8s %8s %10s\n' search p50 p90 p95 p99 req/s "page KB"
for query in "my+kitchen+sink+drains+slowly" "the+boiler+pressure+drops+every+morning" \
             "water+heater+pilot+light+keeps+going+out+after+a+cold+night" "frozen+outdoor+spigot"; do
  page="$base?q=$query"
  # The first search builds the workspace's index (about a second for 2,000 articles): warm up first.
  wrk -t1 -c1 -d2s "$page" > /dev/null
  wrk -t1 -c1 -d"$duration" --latency -s Benchmarks/pages/p95.lua "$page" > "$work/wrk.txt"
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' "$page")
  [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
  grep -q 'href="/w/'"$slug"'/help/' "$work/page.html" || { echo "$page found nothing" >&2; exit 1; }
  pct() { awk -v p="$1" '$1 == p { print $2 }' "$work/wrk.txt"; }
  rate=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
  p95=$(awk '$1 == "p95" { print $2 }' "$work/wrk.txt")
  printf '%-44s %8s %8s %8s %8s %8s %10s\n' "${query:0:44}" "$(pct 50%)" "$(pct 90%)" "$p95" "$(pct 99%)" "$rate" \
    "$(( ($(wc -c < "$work/page.html") + 1023) / 1024 ))"
done
echo "== server memory"
grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status"
