#!/usr/bin/env bash
# Regenerates docs/saq-questionnaire.png, README's picture of the blank
# supplier self-assessment questionnaire (the first page of its Declaration
# sheet: company block and the first themes), as LibreOffice renders it:
# cmrt writes the questionnaire, soffice converts it to PDF, pdftoppm turns
# the Declaration's first page into a PNG.
#
#   scripts/saq-picture.sh [--lang en|zh|ja] [OUT.png]
#
# Needs the Debian packages libreoffice-calc-nogui and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."

lang=en
if [[ "${1:-}" == "--lang" ]]; then lang=$2; shift 2; fi
out=${1:-docs/saq-questionnaire.png}

for tool in soffice pdftoppm pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || { echo "saq-picture: $tool not found (apt-get install libreoffice-calc-nogui poppler-utils)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./cmd/cmrt template saq --lang "$lang" -o "$tmp/saq.xlsx" >/dev/null
# A fresh profile, so a running LibreOffice or the user's settings do not interfere.
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$tmp/saq.xlsx" >/dev/null 2>&1
pdf=$tmp/saq.pdf
[[ -s $pdf ]] || { echo "saq-picture: LibreOffice wrote no PDF" >&2; exit 1; }

# The Declaration's first page is the one with the first question (GOV1)
# next to the version cell; Instructions come first and show only the version.
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
page=
for ((i = 1; i <= pages; i++)); do
  text=$(pdftotext -f "$i" -l "$i" "$pdf" -)
  if grep -q "Supplier Self-Assessment Questionnaire, Revision" <<<"$text" && grep -q "GOV1)" <<<"$text"; then
    page=$i
    break
  fi
done
[[ -n $page ]] || { echo "saq-picture: no Declaration page among $pages pages" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
pdftoppm -f "$page" -l "$page" -png -r 130 -singlefile "$pdf" "${out%.png}"
echo "wrote $out (page $page of $pages)"
