#!/usr/bin/env bash
# Regenerates README's pictures of the project's own templates, as
# LibreOffice renders them: cmrt writes the blank template, soffice converts
# it to PDF, pdftoppm turns the Declaration sheet's (first) page into a PNG.
#
#   scripts/template-picture.sh gemstones [--lang en|zh|ja] [OUT.png]   # docs/gemstone-declaration.png
#   scripts/template-picture.sh saq [--lang en|zh|ja] [OUT.png]         # docs/saq-questionnaire.png
#
# Needs the Debian packages libreoffice-calc-nogui and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-}
shift || true
lang=en
if [[ "${1:-}" == "--lang" ]]; then lang=$2; shift 2; fi
# The Declaration is the page with the version text and a mark of the
# Declaration itself (Instructions come first and show only the version).
case $kind in
gemstones)
  out=${1:-docs/gemstone-declaration.png}
  version="Gemstone Declaration Template, Revision"
  case $lang in en) mark=English ;; zh) mark=Chinese ;; ja) mark=Japanese ;; *) mark=$lang ;; esac # D3, the language chosen
  ;;
saq)
  out=${1:-docs/saq-questionnaire.png}
  version="Supplier Self-Assessment Questionnaire, Revision"
  mark="GOV1)" # the first question
  ;;
*)
  echo "usage: scripts/template-picture.sh gemstones|saq [--lang en|zh|ja] [OUT.png]" >&2
  exit 2
  ;;
esac

for tool in soffice pdftoppm pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || { echo "template-picture: $tool not found (apt-get install libreoffice-calc-nogui poppler-utils)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./cmd/cmrt template "$kind" --lang "$lang" -o "$tmp/template.xlsx" >/dev/null
# A fresh profile, so a running LibreOffice or the user's settings do not interfere.
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$tmp/template.xlsx" >/dev/null 2>&1
pdf=$tmp/template.pdf
[[ -s $pdf ]] || { echo "template-picture: LibreOffice wrote no PDF" >&2; exit 1; }

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
page=
for ((i = 1; i <= pages; i++)); do
  text=$(pdftotext -f "$i" -l "$i" "$pdf" -)
  if grep -q "$version" <<<"$text" && grep -qF "$mark" <<<"$text"; then
    page=$i
    break
  fi
done
[[ -n $page ]] || { echo "template-picture: no Declaration page among $pages pages" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
pdftoppm -f "$page" -l "$page" -png -r 130 -singlefile "$pdf" "${out%.png}"
echo "wrote $out (page $page of $pages)"
