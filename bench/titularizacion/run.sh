#!/usr/bin/env bash
# Titularización Monte Carlo: Ratebook against a vectorised NumPy implementation of the same
# waterfall (numpy_waterfall.py, the reference peer), in one run on the same case:
# 100,000 paths x 120 periods x 3 classes. Installs what it needs (a venv with NumPy), builds
# the release CLI, times whole commands (process start, case parsing and output included) a
# few times each, and writes the figures to bench/titularizacion/results.json and .md.
#
# usage: bench/titularizacion/run.sh [PATHS] [REPEATS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
paths="${1:-100000}"
repeats="${2:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
venv="${BENCH_VENV:-$HOME/.cache/ratebook/venv-bench-titularizacion}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || { apt-get install -y python3-venv >/dev/null && python3 -m venv "$venv"; }
fi
"$venv/bin/python" -c "import numpy" 2>/dev/null || "$venv/bin/pip" install --quiet numpy

(cd "$root" && cargo build --release -p ratebook-cli --quiet)
bin="$CARGO_TARGET_DIR/release/ratebook"
case_file="$here/case_120x3.json"
python3 "$here/make_case.py" "$case_file"

"$venv/bin/python" - "$bin" "$venv/bin/python" "$here/numpy_waterfall.py" "$case_file" "$paths" "$repeats" "$here" <<'PY'
import json, os, statistics, subprocess, sys, time
bin_, py, peer, case, paths, repeats, out = sys.argv[1:8]
repeats = int(repeats)

def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - t, json.loads(r.stdout)

rb_cmd = [bin_, "titularizacion", "simulate", "--json", "--case", case, "--paths", paths]
np_cmd = [py, peer, case, paths]
timed(rb_cmd); timed(np_cmd)  # warm caches
rb, npy, np_inner = [], [], []
for _ in range(repeats):
    s, rb_res = timed(rb_cmd); rb.append(s)
    s, np_res = timed(np_cmd); npy.append(s); np_inner.append(np_res["simulate_seconds"])
res = {
    "case": os.path.basename(case), "paths": int(paths), "periods": rb_res["periods"],
    "classes": len(rb_res["classes"]), "cores": os.cpu_count(), "repeats": repeats,
    "ratebook_seconds_median": statistics.median(rb), "numpy_seconds_median": statistics.median(npy),
    "numpy_simulate_only_seconds_median": statistics.median(np_inner),
    "ratio_whole_command": statistics.median(npy) / statistics.median(rb),
    "ratio_vs_numpy_simulate_only": statistics.median(np_inner) / statistics.median(rb),
    "numpy_version": np_res["numpy"],
    "ratebook_classes": rb_res["classes"], "numpy_classes": np_res["classes"],
}
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(res, f, indent=1)
lines = [
    f"| measure ({res['paths']:,} paths x {res['periods']} periods x {res['classes']} classes, {res['cores']} cores, median of {repeats}) | seconds |",
    "|---|---|",
    f"| Ratebook `ratebook titularizacion simulate` (whole command) | {res['ratebook_seconds_median']:.3f} |",
    f"| NumPy {res['numpy_version']} reference (whole command) | {res['numpy_seconds_median']:.3f} |",
    f"| NumPy reference, simulation only (no interpreter start, no import) | {res['numpy_simulate_only_seconds_median']:.3f} |",
    f"| **ratio, whole commands** | **{res['ratio_whole_command']:.1f}x** |",
    f"| ratio against NumPy's simulation alone | {res['ratio_vs_numpy_simulate_only']:.1f}x |",
    "",
    "| class | Ratebook p(timely) | NumPy p(timely) | Ratebook EL | NumPy EL |",
    "|---|---|---|---|---|",
]
for a, b in zip(res["ratebook_classes"], res["numpy_classes"]):
    lines.append(f"| {a['name']} | {a['p_timely']:.4f} | {b['p_timely']:.4f} | {a['expected_loss']:.6f} | {b['expected_loss']:.6f} |")
with open(os.path.join(out, "results.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
