#!/usr/bin/env bash
# Regenerates docs/gemstone-declaration.png, README's picture of the blank
# Gemstone Declaration Template's Declaration sheet, as LibreOffice renders
# it: cmrt writes the template, soffice converts it to PDF, pdftoppm turns
# the Declaration's page into a PNG.
#
#   scripts/gemstone-picture.sh [--lang en|zh|ja] [OUT.png]
#
# Needs the Debian packages libreoffice-calc-nogui and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."

lang=en
if [[ "${1:-}" == "--lang" ]]; then lang=$2; shift 2; fi
out=${1:-docs/gemstone-declaration.png}

for tool in soffice pdftoppm pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || { echo "gemstone-picture: $tool not found (apt-get install libreoffice-calc-nogui poppler-utils)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./cmd/cmrt template gemstones --lang "$lang" -o "$tmp/gemstone-declaration.xlsx" >/dev/null
# A fresh profile, so a running LibreOffice or the user's settings do not interfere.
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$tmp/gemstone-declaration.xlsx" >/dev/null 2>&1
pdf=$tmp/gemstone-declaration.pdf
[[ -s $pdf ]] || { echo "gemstone-picture: LibreOffice wrote no PDF" >&2; exit 1; }

# The Declaration is the page showing the version cell and the language
# chosen in D3 (Instructions come first and show only the version).
case $lang in en) d3=English ;; zh) d3=Chinese ;; ja) d3=Japanese ;; *) d3=$lang ;; esac
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
page=
for ((i = 1; i <= pages; i++)); do
  text=$(pdftotext -f "$i" -l "$i" "$pdf" -)
  if grep -q "Gemstone Declaration Template, Revision" <<<"$text" && grep -q "$d3" <<<"$text"; then
    page=$i
    break
  fi
done
[[ -n $page ]] || { echo "gemstone-picture: no Declaration page among $pages pages" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
pdftoppm -f "$page" -l "$page" -png -r 130 -singlefile "$pdf" "${out%.png}"
echo "wrote $out (page $page of $pages)"
