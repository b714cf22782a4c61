#!/usr/bin/env bash
# Outbox benchmark for issue 5, on SQLite or PostgreSQL:
#   1. SMTP throughput: 2,000 messages handed to a local SMTP sink (aiosmtpd on 127.0.0.1)
#      over one reused connection;
#   2. a window's start: 10,000 replies scheduled for the same instant, delivered by the
#      outbox (claimed with leases, the step before each final dot recorded, marked sent)
#      and counted at the sink.
#
#   Benchmarks/outbox/run.sh sqlite|postgres
#
# Needs python3-aiosmtpd, and for postgres the PostgreSQL server binaries.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
count=${COUNT:-10000}
throughput=${THROUGHPUT:-2000}

swift build -c release --product gatehouse-outbox-bench > /dev/null
work=$(mktemp -d /tmp/gatehouse-outbox-XXXXXX)
source Benchmarks/lib/postgres.sh
cleanup() {
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite) url="sqlite:$work/outbox.sqlite" ;;
  postgres) start_postgres ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== $backend: $throughput messages over one connection, then $count replies at a window's start"
/usr/bin/time -f "wall %e s, peak memory %M KiB" .build/release/gatehouse-outbox-bench "$url" "$count" "$throughput"
