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
batch=${BATCH:-250}

swift build -c release --product gatehouse > /dev/null
swift build -c release --product gatehouse-mail-corpus > /dev/null
bin=.build/release
work=$(mktemp -d /tmp/gatehouse-intake-XXXXXX)
pg_bin=""
cleanup() {
  if [ -n "$pg_bin" ]; then
    runas "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
runas() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

case "$backend" in
  sqlite)
    url="sqlite:$work/intake.sqlite"
    ;;
  postgres)
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    [ "$(id -u)" = 0 ] && chown postgres "$work"
    pg_port=$(free_port)
    # Default durability settings (fsync and synchronous_commit on): a stored message is on disk.
    runas "$pg_bin/initdb" -D "$work/pg" -U gatehouse --auth=trust -E UTF8 > /dev/null
    runas "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" -l "$work/pg.log" -w start > /dev/null
    url="postgres://gatehouse@127.0.0.1:$pg_port/postgres?sslmode=disable"
    ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

"$bin/gatehouse-mail-corpus" "$count" "$work/mail"
"$bin/gatehouse" workspace create rivera --policy examples/plumber-chicago.yml --database "$url"
echo "== $backend: gatehouse ingest --dir ($count messages, $batch per transaction)"
/usr/bin/time -f "wall %e s, peak memory %M KiB" \
  "$bin/gatehouse" ingest --workspace rivera --dir "$work/mail" --batch "$batch" --database "$url"
