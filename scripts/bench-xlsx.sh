#!/usr/bin/env bash
# Benchmarks internal/xlsx on the real blank CMRT 6.4 (../shared/rmi; the
# benchmarks skip without it) and prints where the CPU time goes.
#   scripts/bench-xlsx.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go test ./internal/xlsx/ -run '^$' -bench 'ReadCMRT64|InflateOnly|ExcelizeOpenGetRows' \
	-benchmem -count "$count" | tee "$out/bench.txt"
awk '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); sum[$1] += $3; n[$1]++ }
	END {
		ours = sum["BenchmarkReadCMRT64"] / n["BenchmarkReadCMRT64"]
		inf = sum["BenchmarkInflateOnly"] / n["BenchmarkInflateOnly"]
		exc = sum["BenchmarkExcelizeOpenGetRows"] / n["BenchmarkExcelizeOpenGetRows"]
		if (ours && inf && exc)
			printf "ours %.1f ms, inflate only %.1f ms, excelize %.1f ms: ours/inflate %.2f, ours/excelize %.3f\n",
				ours / 1e6, inf / 1e6, exc / 1e6, ours / inf, ours / exc
	}' "$out/bench.txt"
go test ./internal/xlsx/ -run '^$' -bench 'ReadCMRT64' -benchtime 100x \
	-cpuprofile "$out/cpu.out" -o "$out/xlsx.test" >/dev/null
go tool pprof -top -nodecount 25 "$out/xlsx.test" "$out/cpu.out" 2>/dev/null | sed -n '4,40p'
