#!/usr/bin/env bash
# Intake benchmark for issue 4: a generated mailbox of 10,000 realistic messages
# ingested with `gatehouse ingest --dir` — every message durably stored, parsed,
# filed, triaged and acknowledged (queued) — into SQLite or PostgreSQL.
#
#   Benchmarks/intake/run.sh sqlite|postgres
#
# Needs, for postgres, the PostgreSQL server binaries (apt-get install postgresql).
# Everything runs on 127.0.0.1 and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
count=${COUNT:-10000}
batch=${BATCH:-1000}

swift build -c release --product gatehouse > /dev/null
swift build -c release --product gatehouse-mail-corpus > /dev/null
bin=.build/release
work=$(mktemp -d /tmp/gatehouse-intake-XXXXXX)
source Benchmarks/lib/postgres.sh
cleanup() {
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite)
    url="sqlite:$work/intake.sqlite"
    ;;
  postgres)
    start_postgres
    ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

"$bin/gatehouse-mail-corpus" "$count" "$work/mail"
"$bin/gatehouse" workspace create rivera --policy examples/plumber-chicago.yml --database "$url"
echo "== $backend: gatehouse ingest --dir ($count messages, $batch per transaction)"
/usr/bin/time -f "wall %e s, peak memory %M KiB" \
  "$bin/gatehouse" ingest --workspace rivera --dir "$work/mail" --batch "$batch" --database "$url"
