#!/usr/bin/env bash
# National scale engine: whole-command comparison on the same data (SPEC N-13).
#
#   ratebook national impact     (GCR ZA 2016-12-09 -> 2017-04-26, N entities)
#   ratebook national rate       (plain batch re-rate of the same entities, one spec)
#   LibreOffice headless         (recalculating an XLSX holding both mappings as lookup formulas)
#   plain Python                 (the same rules in a straightforward script)
#
# Installs what it needs (libreoffice-calc with apt, openpyxl in a venv), builds the CLI in
# release mode, checks that the four agree on the number of changed ratings, and writes
# out/results.json and out/results.md (median of REPEAT runs each, default 3).
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

if ! command -v soffice >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends libreoffice-calc python3-venv
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

REPEAT="${REPEAT:-3}"
timeit() { # name, command...: runs REPEAT times, records the median wall time
  local name="$1"; shift
  local t0 t1 runs=()
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s%N)
    "$@"
    t1=$(date +%s%N)
    runs+=("$(( (t1 - t0) / 1000000 ))")
  done
  local median
  median=$(printf '%s\n' "${runs[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$name $(awk "BEGIN { printf \"%.3f\", $median / 1000 }")" | tee -a "$OUT/times.txt"
}
: > "$OUT/times.txt"
timeit ratebook_impact sh -c "'$RATEBOOK' national impact --spec-from '$FROM' --spec-to '$TO' --entities '$OUT/entities.json' --json > '$OUT/ratebook_impact.json'"
timeit ratebook_rerate sh -c "'$RATEBOOK' national rate --spec '$TO' --entities '$OUT/entities.json' --json > '$OUT/ratebook_rerate.json'"
timeit python_impact sh -c "'$PY' '$HERE/plain_impact.py' '$FROM' '$TO' '$OUT/entities.json' > '$OUT/python_impact.json'"
timeit libreoffice_recalc sh -c "soffice -env:UserInstallation='file://$PROFILE' --headless --convert-to csv --outdir '$OUT/lo' '$OUT/impact.xlsx' >/dev/null 2>&1"

"$PY" - "$OUT" "$N" <<'PYEOF'
import csv, json, sys
from pathlib import Path
out, n = Path(sys.argv[1]), int(sys.argv[2])
times = dict(line.split() for line in (out / "times.txt").read_text().splitlines())
times = {k: float(v) for k, v in times.items()}
rb = json.loads((out / "ratebook_impact.json").read_text())
py = json.loads((out / "python_impact.json").read_text())
rows = list(csv.reader(open(out / "lo" / "impact.csv", newline="")))[1:]
lo_changed = sum(int(float(r[19])) for r in rows if r and r[19] not in ("", "#N/A"))
lo_up = sum(1 for r in rows if r and r[18] not in ("", "#N/A") and float(r[18]) > 0)
agree = rb["changed"] == py["changed"] == lo_changed and rb["upgrades"] == py["upgrades"] == lo_up
res = {
    "entities": n,
    "seconds": times,
    "changed": {"ratebook": rb["changed"], "python": py["changed"], "libreoffice": lo_changed},
    "agree": agree,
    "ratios": {
        "libreoffice_over_ratebook_impact": times["libreoffice_recalc"] / times["ratebook_impact"],
        "python_over_ratebook_impact": times["python_impact"] / times["ratebook_impact"],
        "ratebook_impact_over_rerate": times["ratebook_impact"] / times["ratebook_rerate"],
    },
}
(out / "results.json").write_text(json.dumps(res, indent=2))
md = [
    f"| command ({n:,} entities) | seconds |",
    "|---|---:|",
] + [f"| {k} | {v:.3f} |" for k, v in times.items()] + [
    "",
    f"- LibreOffice / ratebook impact: **{res['ratios']['libreoffice_over_ratebook_impact']:.0f}×**",
    f"- Python / ratebook impact: **{res['ratios']['python_over_ratebook_impact']:.1f}×**",
    f"- ratebook impact / plain re-rate: **{res['ratios']['ratebook_impact_over_rerate']:.2f}×**",
    f"- all three agree on the changed ratings ({rb['changed']:,}): {agree}",
]
(out / "results.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if agree else 1)
PYEOF
