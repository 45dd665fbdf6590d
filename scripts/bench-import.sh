#!/usr/bin/env bash
# Times `cmrt import` over N generated supplier templates (default 300) in
# the real layout — RMI's formulas in all 2,500 Smelter List rows, as real
# supplier files carry them (pass -full=false for the lighter files) — then
# a second import of the same files (all unchanged). Reports files/s, CPU
# per file, the read/match/write split and peak memory.
#
#   scripts/bench-import.sh [N] [extra gen flags, e.g. -full=false -seed 2]
#   BASE=<git revision> scripts/bench-import.sh 300
#
# With BASE, that revision's cmrt is built too and the two are run in turn
# on the same files, three times each, so that a loaded machine slows both
# alike: compare the ratios, not the absolute figures.
#
# Targets (issue 8, 2-core machine): at least 100 files/s on real-layout
# files; one transaction per file; memory bounded regardless of N.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/cmrt" ./cmd/cmrt
bins=("$work/cmrt")
if [[ -n "${BASE:-}" ]]; then
  mkdir "$work/base"
  git archive "$BASE" | tar -x -C "$work/base"
  (cd "$work/base" && go build -o "$work/cmrt-base" ./cmd/cmrt)
  bins=("$work/cmrt-base" "$work/cmrt")
fi
go run ./testdata/gen -n "$n" -families -full -out "$work/in" "$@"

run() { # binary, label
  rm -f "$work/bench.db"*
  for pass in "first import" "second import (all unchanged)"; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      "$1" --db "$work/bench.db" import --learn-lookup --format json "$work/in" > "$work/summary.json" || true
    python3 - "$work/summary.json" "$(cat "$work/time")" "$2" "$pass" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
wall, user, sys_, rss = sys.argv[2].split()
t = s["timing"]
files = len(s["files"])
print(f"{sys.argv[3]}: {sys.argv[4]}: {files} files: imported {s['imported']}, unchanged {s['unchanged']}, rejected {s['rejected']}")
print(f"  {wall} s wall, {rss} KB max RSS; {files / (t['wall_ns'] / 1e9):.1f} files/s in the importer; "
      f"{(float(user) + float(sys_)) * 1000 / files:.1f} ms CPU per file")
print(f"  read+check {t['read_ns']/1e9:.1f} s, match {t['match_ns']/1e9:.1f} s (summed over workers), write {t['write_ns']/1e9:.1f} s (one writer)")
PY
  done
}

rounds=1
[[ ${#bins[@]} -gt 1 ]] && rounds=3
for r in $(seq "$rounds"); do
  for b in "${bins[@]}"; do
    label=$(basename "$b")
    [[ "$label" == cmrt-base ]] && label="base ($BASE)"
    run "$b" "$label"
  done
done
