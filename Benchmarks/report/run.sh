#!/usr/bin/env bash
# Monthly report benchmark for issue 7: 1,000 customers and 200,000 time entries in the
# reported month; the report (grouped queries and Core) timed RUNS times after one warm-up.
#
#   Benchmarks/report/run.sh sqlite|postgres
#
# Needs the PostgreSQL server binaries for postgres. Everything runs on 127.0.0.1 and is
# removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
# SCRATCH chooses the build folder (default .build), so a release build can sit beside a debug one.
scratch=${SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product gatehouse-report-bench > /dev/null
bin=$scratch/release
work=$(mktemp -d /tmp/gatehouse-report-XXXXXX)
source Benchmarks/lib/postgres.sh
cleanup() { stop_postgres; rm -rf "$work"; }
trap cleanup EXIT
case "$backend" in
  sqlite) url="sqlite:$work/report.sqlite" ;;
  postgres) start_postgres ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
"$bin/gatehouse-report-bench" --database "$url" --customers "${CUSTOMERS:-1000}" --entries "${ENTRIES:-200000}" \
  --runs "${RUNS:-15}"
