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

REPEAT="${REPEAT:-3}"
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }'; }
timeit() { # name, command...: runs REPEAT times; records median wall and CPU (user+sys) seconds
  local name="$1"; shift
  local walls=() cpus=()
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" "$@"
    read -r w u s < "$OUT/time.tmp"
    walls+=("$w")
    cpus+=("$(awk "BEGIN { print $u + $s }")")
  done
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  echo "$name $wall $cpu" | tee -a "$OUT/times.txt"
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
times, cpu = {}, {}
for line in (out / "times.txt").read_text().splitlines():
    name, wall, c = line.split()
    times[name], cpu[name] = float(wall), float(c)
rb = json.loads((out / "ratebook_impact.json").read_text())
py = json.loads((out / "python_impact.json").read_text())
rows = list(csv.reader(open(out / "lo" / "impact.csv", newline="")))[1:]
lo_changed = sum(int(float(r[19])) for r in rows if r and r[19] not in ("", "#N/A"))
lo_up = sum(1 for r in rows if r and r[18] not in ("", "#N/A") and float(r[18]) > 0)
agree = rb["changed"] == py["changed"] == lo_changed and rb["upgrades"] == py["upgrades"] == lo_up
def div(a, b):
    # /usr/bin/time counts in 10 ms steps: a zero is "below resolution", not infinitely fast.
    return a / b if b > 0 else float("nan")
def ratios(t):
    return {
        "libreoffice_over_ratebook_impact": div(t["libreoffice_recalc"], t["ratebook_impact"]),
        "python_over_ratebook_impact": div(t["python_impact"], t["ratebook_impact"]),
        "ratebook_impact_over_rerate": div(t["ratebook_impact"], t["ratebook_rerate"]),
    }
res = {
    "entities": n,
    "wall_seconds": times,
    "cpu_seconds": cpu,
    "changed": {"ratebook": rb["changed"], "python": py["changed"], "libreoffice": lo_changed},
    "agree": agree,
    "ratios_wall": ratios(times),
    "ratios_cpu": ratios(cpu),
}
(out / "results.json").write_text(json.dumps(res, indent=2))
rw, rc = res["ratios_wall"], res["ratios_cpu"]
md = [
    f"| command ({n:,} entities, median of runs) | wall s | CPU s (user+sys) |",
    "|---|---:|---:|",
] + [f"| {k} | {times[k]:.3f} | {cpu[k]:.3f} |" for k in times] + [
    "",
    "| ratio | wall | CPU |",
    "|---|---:|---:|",
    f"| LibreOffice / ratebook impact | {rw['libreoffice_over_ratebook_impact']:.0f}× | {rc['libreoffice_over_ratebook_impact']:.0f}× |",
    f"| Python / ratebook impact | {rw['python_over_ratebook_impact']:.1f}× | {rc['python_over_ratebook_impact']:.1f}× |",
    f"| ratebook impact / plain re-rate | {rw['ratebook_impact_over_rerate']:.2f}× | {rc['ratebook_impact_over_rerate']:.2f}× |",
    "",
    f"All three agree on the changed ratings ({rb['changed']:,} of {n:,}): {agree}.",
]
(out / "results.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if agree else 1)
PYEOF
