#!/usr/bin/env bash
# National scale engine: whole-command comparison on the same data (SPEC N-13).
#
#   ratebook national impact     (GCR ZA 2016-12-09 -> 2017-04-26, N entities)
#   ratebook national rate       (plain batch re-rate of the same entities, one spec)
#   LibreOffice headless         (recalculating an XLSX holding both mappings as lookup formulas)
#   plain Python                 (the same rules in a straightforward script)
#
# Every contender reads the same entities as a spreadsheet exports them (out/entities.csv;
# LibreOffice has the same rows in the XLSX) and produces every changed rating, not only
# counts. The JSON input of the same entities is timed too, for reference.
#
# Installs what it needs (libreoffice-calc with apt, openpyxl in a venv), builds the CLI in
# release mode (the workspace's release profile), checks that ratebook, Python and
# LibreOffice agree entity by entity (each changed rating's from/to/notches), and writes
# out/results.json and out/results.md: median wall and CPU (user+sys, children included)
# seconds of REPEAT runs each (default 5), the contenders interleaved run by run so that a
# burst of load on a shared machine does not fall on one of them only.
# Usage: bench/national/run.sh [N] (default 100000).
set -euo pipefail
N="${1:-100000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
SPECS="$ROOT/fixtures/methodologies/national"
FROM="$SPECS/gcr-za-2016-12-09.toml"
TO="$SPECS/gcr-za-2017-04-26.toml"
mkdir -p "$OUT"

if ! command -v soffice >/dev/null || [ ! -x /usr/bin/time ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends libreoffice-calc python3-venv time
fi
if [ ! -x "$HERE/.venv/bin/python" ]; then
  python3 -m venv "$HERE/.venv"
fi
"$HERE/.venv/bin/pip" install --quiet openpyxl
PY="$HERE/.venv/bin/python"

(cd "$ROOT" && cargo build --release -p ratebook-cli --quiet)
RATEBOOK="${CARGO_TARGET_DIR:-$ROOT/target}/release/ratebook"

echo "generating $N entities and the XLSX ..."
"$PY" "$HERE/make_data.py" "$FROM" "$TO" "$N" "$OUT"

# A LibreOffice profile that recalculates OOXML files on load, always.
PROFILE="$OUT/lo-profile"
mkdir -p "$PROFILE/user"
cat > "$PROFILE/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
# Warm LibreOffice's profile once so the timed run measures the recalculation, not set-up.
soffice -env:UserInstallation="file://$PROFILE" --headless --convert-to csv --outdir "$OUT/warm" "$OUT/impact.xlsx" >/dev/null 2>&1 || true

echo "load before timing: $(cut -d' ' -f1-3 /proc/loadavg)"

REPEAT="${REPEAT:-5}" "$PY" "$HERE/measure.py" "$RATEBOOK" "$PY" "$HERE" "$FROM" "$TO" "$OUT" "$N" "$PROFILE"
