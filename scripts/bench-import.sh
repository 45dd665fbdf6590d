#!/usr/bin/env bash
# Times `cmrt import` over N generated supplier templates (default 1000) and
# a second import of the same files (all unchanged), and reports files/s,
# the read/match/write split and peak memory.
#
#   scripts/bench-import.sh [N] [extra gen flags, e.g. -full]
#
# Targets (issue 4, 2-core machine): 1,000 files in under 90 s end to end;
# the unchanged re-import in under 10 s; memory bounded regardless of N.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/cmrt" ./cmd/cmrt
go run ./testdata/gen -n "$n" -families -out "$work/in" "$@"

run() {
  /usr/bin/time -f '%e s wall, %M KB max RSS' -o "$work/time" \
    "$work/cmrt" --db "$work/bench.db" import --learn-lookup --format json "$work/in" > "$work/summary.json" || true
  python3 - "$work/summary.json" "$(cat "$work/time")" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["timing"]
wall = t["wall_ns"] / 1e9
files = len(s["files"])
print(f"{files} files: imported {s['imported']}, unchanged {s['unchanged']}, rejected {s['rejected']}")
print(f"  {sys.argv[2]}; {files / wall:.1f} files/s in the importer")
print(f"  read+check {t['read_ns']/1e9:.1f} s, match {t['match_ns']/1e9:.1f} s (summed over workers), write {t['write_ns']/1e9:.1f} s (one writer)")
PY
}
echo "== first import"
run
echo "== second import (all unchanged)"
run
