#!/usr/bin/env bash
# Times every page of the dashboard (`cmrt serve`) at 1,000 suppliers and
# 150,000 declared rows (and as many in the previous period), server side:
# the first request, which computes the findings of both periods and
# builds the period's view, then N requests of each page kind in turn
# (overview, suppliers sorted/filtered/paged, a supplier, findings
# filtered/paged, smelters, a facility, the review queue, lists, reports,
# import), with the median, 95th percentile and maximum wall time and the
# median CPU time of the request's thread. It fails when a page's p95 is
# over CMRT_WEB_P95_MS (default 100). Building the season takes about half
# a minute.
#
#   scripts/bench-web.sh [N]        # default 40 requests per page
#
# The machine's load average is printed with the table: on a shared
# machine, read the CPU column.
set -euo pipefail
cd "$(dirname "$0")/.."
CMRT_BENCH_WEB=1 CMRT_BENCH_WEB_N="${1:-40}" go test ./web -run '^TestPagesAtScale$' -count=1 -v -timeout 30m |
  grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS$' -e '^ok '
