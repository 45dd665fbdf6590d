#!/usr/bin/env bash
# Times `cmrt check` over N generated templates in the real layout (default
# 300, with RMI's formulas in all 2,500 Smelter List rows as in real files),
# then the Go benchmarks that give the parse/inflate ratio on the real
# CMRT 6.4 (they skip without ../shared/rmi).
#
#   scripts/bench-check.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/cmrt" ./cmd/cmrt
go run ./testdata/gen -n "$n" -full -out "$work/in"
start=$(date +%s.%N)
"$work/cmrt" check --format json "$work"/in/*.xlsx > "$work/out.json" || true
end=$(date +%s.%N)
python3 - "$work/out.json" "$start" "$end" "$(nproc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
cores = int(sys.argv[4])
ok = sum(1 for x in r if x["readable"])
print(f"cmrt check: {len(r)} files ({ok} readable) in {wall:.2f} s = {len(r)/wall:.1f} files/s on {cores} cores, "
      f"{wall*cores/len(r)*1000:.1f} ms of CPU per file")
PY
go test ./cmrt -run '^$' -bench 'Real64' -benchtime 20x | grep -E '^Benchmark'
go test ./internal/xlsx -run '^$' -bench 'ReadCMRT64|InflateOnly' -benchtime 20x | grep -E '^Benchmark'
