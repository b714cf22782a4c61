#!/usr/bin/env bash
# API benchmark for issue 3: one workspace with 20,000 customers and 100,000
# conversations; GET /api/v1/conversations?limit=50 at about 200 requests a
# second with wrk; p99 latency and the server's peak memory.
#
#   Benchmarks/api/run.sh sqlite|postgres
#
# Needs wrk (apt-get install wrk) and, for postgres, the PostgreSQL server
# binaries (apt-get install postgresql). Everything runs on 127.0.0.1 and is
# removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
customers=${CUSTOMERS:-20000}
conversations=${CONVERSATIONS:-100000}
duration=${DURATION:-30s}

swift build -c release > /dev/null
bin=.build/release
work=$(mktemp -d /tmp/gatehouse-bench-XXXXXX)
server_pid=""
source Benchmarks/lib/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite)
    url="sqlite:$work/bench.sqlite"
    ;;
  postgres)
    start_postgres
    ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== $backend: seeding $customers customers and $conversations conversations"
"$bin/gatehouse-api-seed" --database "$url" --workspace bench --customers "$customers" --conversations "$conversations"
token=$("$bin/gatehouse" token create --workspace bench --database "$url")

port=$(free_port)
LOG_LEVEL=warning "$bin/gatehouse" serve --database "$url" --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 0.1
done

target="http://127.0.0.1:$port/api/v1/conversations?limit=50"
echo "== warm-up"
wrk -t1 -c4 -d10s -H "Authorization: Bearer $token" "$target" > /dev/null
echo "== measurement: 10 connections, paced to about 200 requests a second, $duration"
wrk -t1 -c10 -d"$duration" --latency -s Benchmarks/api/paced.lua -H "Authorization: Bearer $token" "$target" | tee "$work/wrk.txt"
echo "== server memory"
grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status"
