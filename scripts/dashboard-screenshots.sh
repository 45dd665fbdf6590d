#!/usr/bin/env bash
# Regenerates docs/dashboard-overview.png and dashboard-supplier.png (README, "The web dashboard") from
# the end-to-end browser test over the bundled samples. Needs Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CMRT_ARTIFACTS="$out" go test ./cmd/cmrt -run TestBrowserWalkthrough -count=1
cp "$out/dashboard-overview.png" "$out/dashboard-supplier.png" docs/
echo "docs/dashboard-overview.png and docs/dashboard-supplier.png updated"
