#!/usr/bin/env bash
# Booking page benchmark for issue 20: the demo business with 2,000 appointments; the booking
# pages a customer opens (a kind's free times for the next days, and their own booking's page
# with the times it could move to), each requested 400 times one after another with curl, after
# a warm-up; latency percentiles from curl's own timing.
#
#   Benchmarks/booking/run.sh sqlite|postgres
#
# Needs curl (and, for postgres, the PostgreSQL server binaries). Everything runs on 127.0.0.1
# and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
appointments=${APPOINTMENTS:-2000}
requests=${REQUESTS:-400}

swift build -c release > /dev/null
bin=.build/release
work=$(mktemp -d /tmp/gatehouse-booking-XXXXXX)
server_pid=""
source Benchmarks/lib/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite) url="sqlite:$work/booking.sqlite" ;;
  postgres) start_postgres ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

"$bin/gatehouse-booking-seed" --database "$url" --appointments "$appointments" > "$work/seed.txt"
slug=$(sed -n 's/^slug=//p' "$work/seed.txt")
manage=$(sed -n 's/^manage=//p' "$work/seed.txt")
echo "== $backend: $(sed -n 's/^appointments=//p' "$work/seed.txt") appointments"

port=$(free_port)
LOG_LEVEL=warning "$bin/gatehouse" serve --database "$url" --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
printf '%-28s %8s %8s %8s %8s\n' page p50 p95 p99 max
for page in "/w/$slug/book" "/w/$slug/book/call" "/w/$slug/book/visit" "$manage"; do
  label=${page/$manage/\/w\/$slug\/booking\/TOKEN}
  status=$(curl -s -o /dev/null -w '%{http_code}' "$base$page")
  [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
  for _ in $(seq 1 30); do curl -s -o /dev/null "$base$page"; done
  for _ in $(seq 1 "$requests"); do curl -s -o /dev/null -w '%{time_total}\n' "$base$page"; done | sort -n > "$work/times.txt"
  pick() { awk -v q="$1" '{ a[NR] = $1 } END { i = int(NR * q + 0.999999); if (i < 1) i = 1; printf "%.1fms", a[i] * 1000 }' "$work/times.txt"; }
  printf '%-28s %8s %8s %8s %8s\n' "$label" "$(pick 0.50)" "$(pick 0.95)" "$(pick 0.99)" "$(pick 1.0)"
done
echo "== server memory"
grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status"
