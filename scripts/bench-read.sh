#!/usr/bin/env bash
# Times the template reader alone (cmrt.ReadBytes + Check, the import's
# read step) over N generated real-layout files — RMI's formulas in all
# 2,500 Smelter List rows — and reports CPU per file (user + system of the
# benchmark process, divided by the files read).
#
#   scripts/bench-read.sh [N]            # default 40 files
#   BASE=<git revision> scripts/bench-read.sh [N]
#
# With BASE, that revision's reader is built too and the two run in turn,
# three times each, on the same files: on a loaded machine compare the
# ratio, not the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-40}
ops=200
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go run ./testdata/gen -n "$n" -families -full -out "$work/in" >/dev/null
go test -c -o "$work/new.test" ./cmrt
bins=(new)
if [[ -n "${BASE:-}" ]]; then
  mkdir "$work/base"
  git archive "$BASE" | tar -x -C "$work/base"
  cp cmrt/benchdir_test.go "$work/base/cmrt/" # the benchmark may be newer than BASE
  (cd "$work/base" && go test -c -o "$work/base.test" ./cmrt)
  bins=(base new)
fi
declare -A sum
for r in 1 2 3; do
  for b in "${bins[@]}"; do
    /usr/bin/time -f '%U %S' -o "$work/time" env CMRT_BENCH_DIR="$work/in" \
      "$work/$b.test" -test.run '^$' -test.bench ReadDir -test.benchtime "${ops}x" >/dev/null
    ms=$(awk -v ops="$ops" '{ printf "%.2f", ($1 + $2) * 1000 / ops }' "$work/time")
    sum[$b]=$(awk -v a="${sum[$b]:-0}" -v b="$ms" 'BEGIN { print a + b }')
    echo "$b: $ms ms CPU per file"
  done
done
if [[ -n "${BASE:-}" ]]; then
  awk -v b="${sum[base]}" -v n="${sum[new]}" 'BEGIN { printf "new/base CPU per file: %.2f (base %.1f ms, new %.1f ms, mean of 3)\n", n / b, b / 3, n / 3 }'
fi
