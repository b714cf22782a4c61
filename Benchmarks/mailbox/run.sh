#!/usr/bin/env bash
# Mailbox import benchmark (issue 18): a generated mailbox of 10,000 realistic messages put in a
# local Dovecot's INBOX, then read over IMAP by `gatehouse mailbox import` — every message
# fetched, durably stored, filed, triaged and acknowledged (queued), as a mailbox whose mail is
# all new — into SQLite or PostgreSQL, with the wall time and peak memory. Then IDLE: while
# `gatehouse mailbox fetch --watch` waits, IDLE_RUNS messages (20 by default) are delivered one at
# a time, and each is timed from its delivery to the watcher's report that it is stored (target:
# within 5 seconds).
#
#   Benchmarks/mailbox/run.sh sqlite|postgres
#
# Needs Dovecot (apt-get install dovecot-imapd) and, for postgres, the PostgreSQL server
# binaries. Everything runs on 127.0.0.1 and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
count=${COUNT:-10000}

swift build -c release --product gatehouse > /dev/null
swift build -c release --product gatehouse-mail-corpus > /dev/null
bin=$PWD/.build/release
work=$(mktemp -d /tmp/gatehouse-mailbox-XXXXXX)
chmod 755 "$work"
source Benchmarks/lib/postgres.sh
dovecot_pid=""
cleanup() {
  [ -n "$dovecot_pid" ] && kill "$dovecot_pid" 2>/dev/null || true
  [ -f "$work/dovecot/run/master.pid" ] && kill "$(cat "$work/dovecot/run/master.pid")" 2>/dev/null || true
  stop_postgres
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

case "$backend" in
  sqlite) url="sqlite:$work/mailbox.sqlite" ;;
  postgres) start_postgres ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

"$bin/gatehouse-mail-corpus" "$count" "$work/corpus"
dv=$work/dovecot
mkdir -p "$dv/mail/owner/new" "$dv/mail/owner/cur" "$dv/mail/owner/tmp" "$dv/run" "$dv/state"
run_user=$(id -un); run_group=$(id -gn)
if [ "$(id -u)" = 0 ]; then run_user=dovecot; run_group=$(id -gn dovecot); chown -R dovecot:"$run_group" "$dv"; fi
port=$(free_port)
password="bench-$RANDOM$RANDOM"
echo "owner:{PLAIN}$password::::::" > "$dv/passwd"
cat > "$dv/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dv/run
state_dir = $dv/state
instance_name = gatehouse-bench-$port
log_path = $dv/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $run_user
default_internal_group = $run_group
default_login_user = $run_user
mail_location = maildir:$dv/mail/%n
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $dv/passwd
}
userdb {
  driver = static
  args = uid=$(id -u "$run_user") gid=$(id -g "$run_user") home=$dv/mail/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF
if [ "$(id -u)" = 0 ]; then runuser -u dovecot -- /usr/sbin/dovecot -F -c "$dv/dovecot.conf" & else /usr/sbin/dovecot -F -c "$dv/dovecot.conf" & fi
dovecot_pid=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break; sleep 0.2; done

common=(--database "$url" --key-file "$work/server.key")
"$bin/gatehouse" workspace create rivera --policy examples/plumber-chicago.yml --database "$url" > /dev/null
# Connected while the folder is empty, so everything delivered next is new mail: acknowledged.
GATEHOUSE_MAILBOX_PASSWORD=$password "$bin/gatehouse" mailbox add --host 127.0.0.1 --port "$port" --security none \
  --user owner@example.org --new-only "${common[@]}" > /dev/null
"$bin/gatehouse" mailbox fetch owner@example.org "${common[@]}" > /dev/null
# The generated mail, delivered straight into the Maildir of Dovecot's one user.
n=0
for file in "$work"/corpus/*; do
  n=$((n + 1))
  cp "$file" "$dv/mail/owner/new/$((1700000000 + n)).bench$n.localhost"
done
if [ "$(id -u)" = 0 ]; then chown -R dovecot "$dv/mail"; fi
echo "== $backend: gatehouse mailbox import ($count messages over IMAP, up to 500 a round trip)"
/usr/bin/time -f "wall %e s, peak memory %M KiB" "$bin/gatehouse" mailbox import owner@example.org "${common[@]}" 2>&1 | grep -v '^INBOX \['

idle_runs=${IDLE_RUNS:-20}
echo "== $backend: IMAP IDLE, $idle_runs messages delivered one at a time while gatehouse mailbox fetch --watch waits"
owner_uid=$(id -u); owner_gid=$(id -g)
if [ "$(id -u)" = 0 ]; then owner_uid=$(id -u dovecot); owner_gid=$(id -g dovecot); fi
/usr/bin/python3 - "$bin/gatehouse" "$dv/mail/owner" "$idle_runs" "$owner_uid" "$owner_gid" "${common[@]}" <<'PY'
import os, select, subprocess, sys, time

gatehouse, maildir, runs, uid, gid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
watcher = subprocess.Popen([gatehouse, "mailbox", "fetch", "owner@example.org", "--watch"] + sys.argv[6:],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)

def line_within(seconds):
    ready, _, _ = select.select([watcher.stdout], [], [], seconds)
    return watcher.stdout.readline() if ready else None

try:
    if line_within(120) is None:
        sys.exit("the watcher did not report its first fetch within 120 seconds")
    time.sleep(1)  # its IDLE is under way
    times = []
    for number in range(runs):
        name = f"{int(time.time())}.idle{number}.localhost"
        text = (f"From: Idle {number} <idle{number}@example.org>\r\nTo: office@rivera.example\r\n"
                f"Subject: Dripping tap {number}\r\nMessage-ID: <idle-{number}-{time.time_ns()}@example.org>\r\n"
                f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n\r\n"
                f"The tap in the kitchen drips, number {number}.\r\n")
        staged = os.path.join(maildir, "tmp", name)
        with open(staged, "w") as f:
            f.write(text)
        os.chown(staged, uid, gid)
        delivered = time.time()
        os.rename(staged, os.path.join(maildir, "new", name))
        while True:
            line = line_within(max(0.0, delivered + 60 - time.time()))
            if line is None:
                sys.exit(f"message {number} was not stored within 60 seconds")
            if " 1 stored" in line:
                break
        times.append(time.time() - delivered)
        time.sleep(0.5)
    times.sort()
    pick = lambda q: times[max(0, min(len(times) - 1, int(len(times) * q + 0.999999) - 1))] * 1000
    print(f"from delivery to stored: p50 {pick(0.5):.0f} ms, p95 {pick(0.95):.0f} ms, max {times[-1] * 1000:.0f} ms (target 5,000 ms)")
finally:
    watcher.kill()
    watcher.wait()
PY
