#!/usr/bin/env bash
# Urgent alert benchmark (issue 17): how long from a stranger pressing Send on the contact form with
# a real emergency ("my basement is flooding, burst pipe") to the push reaching the owner's phone.
# A release `gatehouse serve` on SQLite, the owner's alerts set on her settings page to a receiver
# of ntfy's publish API on 127.0.0.1 (the tests' own, Tests/NtfyServer/ntfy_receiver.py); then
# RUNS strangers, one after another, each from an address of their own (through a trusted proxy
# header, so the contact form's limit of five an address does not apply): the time from the
# contact form's POST to the push's arrival at the receiver, with percentiles. Target: 2 seconds.
#
#   Benchmarks/alerts/run.sh            (RUNS=40 by default)
#
# Needs python3 and curl. Everything runs on 127.0.0.1 and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-40}

swift build -c release --product gatehouse > /dev/null
bin=$PWD/.build/release
work=$(mktemp -d /tmp/gatehouse-alerts-XXXXXX)
server_pid=""
receiver_pid=""
source Benchmarks/lib/postgres.sh  # free_port
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$receiver_pid" ] && kill -TERM "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

url="sqlite:$work/alerts.sqlite"
"$bin/gatehouse" workspace create rivera --policy examples/plumber-chicago.yml --database "$url" > /dev/null
password="bench-$RANDOM-$RANDOM-$RANDOM"
echo "$password" | "$bin/gatehouse" user add owner@rivera.example --workspace rivera --role owner --database "$url" > /dev/null

/usr/bin/python3 Tests/NtfyServer/ntfy_receiver.py --ready "$work/ntfy.ready" --store "$work/pushes.jsonl" > /dev/null 2>&1 &
receiver_pid=$!
port=$(free_port)
LOG_LEVEL=warning "$bin/gatehouse" serve --database "$url" --port "$port" --key-file "$work/server.key" \
  --trusted-proxy 127.0.0.1 > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && [ -s "$work/ntfy.ready" ] && break
  sleep 0.1
done

/usr/bin/python3 - "$port" "$password" "$work" "$runs" <<'PY'
import http.cookiejar, json, os, re, sys, time, urllib.parse, urllib.request

port, password, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = f"http://127.0.0.1:{port}"
ready = open(os.path.join(work, "ntfy.ready")).read().split()
receiver = f"http://127.0.0.1:{ready[0]}"
pushes = os.path.join(work, "pushes.jsonl")

def session():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

def hidden(page, name):
    found = re.search(r'name="%s" value="([^"]*)"' % name, page)
    if not found:
        sys.exit(f"no {name} on the page")
    return found.group(1)

def post(opener, path, fields, headers=None):
    request = urllib.request.Request(base + path, data=urllib.parse.urlencode(fields).encode(), headers=headers or {})
    return opener.open(request).read().decode()

# The owner signs in and sends her alerts to the receiver, as on her settings page.
owner = session()
form = owner.open(base + "/signin").read().decode()
post(owner, "/signin", {"email": "owner@rivera.example", "password": password, "form_token": hidden(form, "form_token")})
settings = owner.open(base + "/settings/alerts").read().decode()
post(owner, "/settings/alerts", {"csrf": hidden(settings, "csrf"), "email": "owner@rivera.example",
                                 "ntfy_server": receiver, "ntfy_topic": "rivera-bench-alerts"})

def received():
    try:
        with open(pushes) as f:
            return [json.loads(line) for line in f.read().split("\n")[:-1]]
    except FileNotFoundError:
        return []

times = []
for number in range(runs):
    stranger = session()
    page = stranger.open(base + "/w/rivera/contact").read().decode()
    before = len(received())
    fields = {"form_token": hidden(page, "form_token"), "name": f"Stranger {number}", "email": f"s{number}@example.net",
              "subject": "Basement", "message": "Help, my basement is flooding, burst pipe under the stairs!", "website": ""}
    pressed = time.time()
    post(stranger, "/w/rivera/contact", fields, {"X-Forwarded-For": f"10.1.{number // 200}.{number % 200 + 1}"})
    deadline = pressed + 30
    while len(received()) <= before and time.time() < deadline:
        time.sleep(0.002)
    now = received()
    if len(now) <= before:
        sys.exit(f"stranger {number}: no push within 30 seconds")
    push = now[before]
    if not (push.get("title") or "").startswith("Urgent:"):
        sys.exit(f"stranger {number}: the push was {push.get('title')!r}")
    times.append(push["received_at"] - pressed)
    time.sleep(0.2)

times.sort()
def pick(q):
    return times[max(0, min(len(times) - 1, int(len(times) * q + 0.999999) - 1))] * 1000
print(f"== {runs} urgent contact forms, from the POST to the push at the receiver")
print(f"p50 {pick(0.5):.0f} ms, p95 {pick(0.95):.0f} ms, max {times[-1] * 1000:.0f} ms (target 2,000 ms)")
PY
