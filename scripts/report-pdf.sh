#!/usr/bin/env bash
# Converts a monthly report XLSX to PDF with LibreOffice (Debian: apt-get install -y libreoffice-calc), to check that
# the workbook converts cleanly or to print it. Not used by the tests.
#
#   scripts/report-pdf.sh 2024-10                      # fetches /reports/monthly/2024-10.xlsx from $GATEWAY_URL
#   scripts/report-pdf.sh path/to/report.xlsx          # converts a downloaded file
#
# Fetching needs a token: TOKEN=$(pnpm -s run token --department PROVINCE --role analyst --area 58) or any bearer token
# the gateway accepts. GATEWAY_URL defaults to http://127.0.0.1:4000. The PDF is written beside the XLSX (OUT_DIR).
set -euo pipefail
arg="${1:?usage: scripts/report-pdf.sh <YYYY-MM | file.xlsx>}"
out_dir="${OUT_DIR:-.}"
if ! command -v libreoffice >/dev/null 2>&1; then
  echo "LibreOffice is not installed (as root: apt-get update && apt-get install -y libreoffice-calc)" >&2
  exit 3
fi
if [[ "$arg" =~ ^[0-9]{4}-[0-9]{2}$ ]]; then
  : "${TOKEN:?set TOKEN to a bearer token the gateway accepts}"
  xlsx="$out_dir/bao-cao-thang-$arg.xlsx"
  curl -fsS -H "authorization: Bearer $TOKEN" -o "$xlsx" "${GATEWAY_URL:-http://127.0.0.1:4000}/reports/monthly/$arg.xlsx"
else
  xlsx="$arg"
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
libreoffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out_dir" "$xlsx" >/dev/null
pdf="$out_dir/$(basename "${xlsx%.xlsx}").pdf"
test -s "$pdf"
echo "$pdf"
