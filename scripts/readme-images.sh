#!/usr/bin/env bash
# Regenerates the README's pictures of the PDF reports from the bundled
# samples (testdata/samples, testdata/company.yaml): the first page of the
# disclosure report and of a supplier's feedback sheet (the Chinese sample,
# whose sheet is in Chinese), as PNG at 100 dpi, into docs/.
# Needs pdftoppm (Debian poppler-utils) and the PDF fonts
# (fonts-dejavu-core, fonts-droid-fallback).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install poppler-utils" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/cmrt" ./cmd/cmrt
db="$work/cmrt.db"
"$work/cmrt" --db "$db" import --learn-lookup testdata/samples >/dev/null || true # some samples are rejected on purpose
asof=2026-01-31
"$work/cmrt" --db "$db" report disclosure --period 2025 --as-of "$asof" --company testdata/company.yaml -o "$work/disclosure-2025.pdf" >/dev/null
"$work/cmrt" --db "$db" report feedback --period 2025 --as-of "$asof" --due 2026-03-31 --company testdata/company.yaml \
  --supplier "深圳华晶电子有限公司" -o "$work/feedback" >/dev/null
mkdir -p docs
pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$work/disclosure-2025.pdf" docs/disclosure-page1
pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$(ls "$work"/feedback/*.pdf | head -1)" docs/feedback-page1
ls -l docs/disclosure-page1.png docs/feedback-page1.png
