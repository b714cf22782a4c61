#!/usr/bin/env bash
# Simulation benchmark for issue 19: a simulated month of about 20,000 messages for a
# workspace with 500 customers, through the real desk on SQLite (gatehouse simulate),
# with the owner answering up to 120 replies an hour and three auto-responders.
#
#   Benchmarks/simulate/run.sh
#
# The target: under 60 seconds on this machine. Everything runs in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
days=${DAYS:-30}
per_day=${PER_DAY:-667}

swift build -c release --product gatehouse > /dev/null
echo "== gatehouse simulate: $days days, about $per_day messages a day, 500 customers"
/usr/bin/time -f "wall %e s, peak memory %M KiB" \
  .build/release/gatehouse simulate --policy examples/plumber-chicago.yml --days "$days" \
    --customers standard=400,care=100 --messages-per-day "$per_day" --replies-per-hour 120 \
    --start 2026-11-02T00:00:00-06:00 --seed 1 | grep -v '^    '
