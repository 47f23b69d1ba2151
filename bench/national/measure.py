"""Times the contenders of bench/national/run.sh and checks that they agree entity by entity.

Wall time by time.perf_counter, CPU time (user + sys) by getrusage of the waited-for
children (LibreOffice's soffice.bin included), both at microsecond resolution. The
contenders run interleaved, REPEAT rounds, and each figure is the median of its rounds.

Usage: measure.py RATEBOOK PYTHON HERE SPEC_FROM SPEC_TO OUT N LO_PROFILE
"""

import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ratebook, py, here, spec_from, spec_to, out, n, profile = sys.argv[1:9]
out, n = Path(out), int(n)
repeat = int(os.environ.get("REPEAT", "5"))
ents_csv, ents_json = str(out / "entities.csv"), str(out / "entities.json")

contenders = {
    # name: (argv, stdout file or None)
    "ratebook_impact": ([ratebook, "national", "impact", "--spec-from", spec_from, "--spec-to",
                         spec_to, "--entities", ents_csv, "--json"], "ratebook_impact.json"),
    "ratebook_rerate": ([ratebook, "national", "rate", "--spec", spec_to, "--entities", ents_csv,
                         "--json"], "ratebook_rerate.json"),
    "python_impact": ([py, f"{here}/plain_impact.py", spec_from, spec_to, ents_csv],
                      "python_impact.json"),
    "libreoffice_recalc": (["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "csv", "--outdir", str(out / "lo"),
                            str(out / "impact.xlsx")], None),
    # The same entities as JSON, for reference.
    "ratebook_impact_json_input": ([ratebook, "national", "impact", "--spec-from", spec_from,
                                    "--spec-to", spec_to, "--entities", ents_json, "--json"],
                                   "ratebook_impact_from_json.json"),
    "python_impact_json_input": ([py, f"{here}/plain_impact.py", spec_from, spec_to, ents_json],
                                 "python_impact_from_json.json"),
}


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


walls = {k: [] for k in contenders}
cpus = {k: [] for k in contenders}
for _ in range(repeat):
    for name, (argv, stdout) in contenders.items():
        with open(out / stdout if stdout else os.devnull, "wb") as f:
            c0, t0 = cpu_children(), time.perf_counter()
            subprocess.run(argv, stdout=f, stderr=subprocess.DEVNULL, check=True)
            t1, c1 = time.perf_counter(), cpu_children()
        walls[name].append(t1 - t0)
        cpus[name].append(c1 - c0)
wall = {k: statistics.median(v) for k, v in walls.items()}
cpu = {k: statistics.median(v) for k, v in cpus.items()}

# Agreement, entity by entity.
rb = json.loads((out / "ratebook_impact.json").read_text())
rb_json_input = (out / "ratebook_impact_from_json.json").read_bytes()
pyr = json.loads((out / "python_impact.json").read_text())
py_json_input = json.loads((out / "python_impact_from_json.json").read_text())
rerate = json.loads((out / "ratebook_rerate.json").read_text())
changes = {c["id"]: (c["from"], c["to"], c["notches"]) for c in rb["changes"]}
lo_rows = list(csv.reader(open(out / "lo" / "impact.csv", newline="")))[1:]
lo_rated, lo_agree = 0, True
for r in lo_rows:
    if not r or r[10] in ("", "#N/A") or r[17] in ("", "#N/A"):
        continue
    lo_rated += 1
    notches = int(float(r[18]))
    expected = changes.get(r[0])
    got = (r[10], r[17], notches)
    if expected is None:
        lo_agree &= r[10] == r[17] and notches == 0
    else:
        lo_agree &= got == expected
checks = {
    "python_changes_equal_ratebook": pyr["changes"] == rb["changes"]
    and pyr["notches"] == rb["notches"] and pyr["compared"] == rb["compared"],
    "python_json_input_equal_csv_input": py_json_input == pyr,
    "ratebook_json_input_report_identical": rb_json_input
    == (out / "ratebook_impact.json").read_bytes(),
    "libreoffice_every_row_equal_ratebook": lo_agree and lo_rated == rb["compared"],
    "rerate_final_equals_impact_to": all(
        r["final"] == changes[r["id"]][1] for r in rerate["ratings"] if r["id"] in changes),
}
agree = all(checks.values())


def ratios(t):
    # A zero would be "below resolution", not infinitely fast.
    div = lambda a, b: a / b if b > 0 else float("nan")  # noqa: E731
    return {
        "libreoffice_over_ratebook_impact": div(t["libreoffice_recalc"], t["ratebook_impact"]),
        "python_over_ratebook_impact": div(t["python_impact"], t["ratebook_impact"]),
        "ratebook_impact_over_rerate": div(t["ratebook_impact"], t["ratebook_rerate"]),
        "python_over_ratebook_impact_json_input": div(t["python_impact_json_input"],
                                                      t["ratebook_impact_json_input"]),
    }


res = {
    "entities": n,
    "repeat": repeat,
    "load_average": os.getloadavg(),
    "wall_seconds": wall,
    "cpu_seconds": cpu,
    "wall_runs": walls,
    "cpu_runs": cpus,
    "changed": {"ratebook": rb["changed"], "python": pyr["changed"], "libreoffice_rows": lo_rated},
    "checks": checks,
    "agree": agree,
    "ratios_wall": ratios(wall),
    "ratios_cpu": ratios(cpu),
}
(out / "results.json").write_text(json.dumps(res, indent=2))
rw, rc = res["ratios_wall"], res["ratios_cpu"]
md = [
    f"| command ({n:,} entities, median of {repeat} interleaved runs) | wall s | CPU s (user+sys) |",
    "|---|---:|---:|",
] + [f"| {k} | {wall[k]:.3f} | {cpu[k]:.3f} |" for k in contenders] + [
    "",
    "| ratio | wall | CPU |",
    "|---|---:|---:|",
    f"| LibreOffice / ratebook impact | {rw['libreoffice_over_ratebook_impact']:.0f}× | {rc['libreoffice_over_ratebook_impact']:.0f}× |",
    f"| Python / ratebook impact (CSV) | {rw['python_over_ratebook_impact']:.1f}× | {rc['python_over_ratebook_impact']:.1f}× |",
    f"| Python / ratebook impact (JSON input) | {rw['python_over_ratebook_impact_json_input']:.1f}× | {rc['python_over_ratebook_impact_json_input']:.1f}× |",
    f"| ratebook impact / plain re-rate | {rw['ratebook_impact_over_rerate']:.2f}× | {rc['ratebook_impact_over_rerate']:.2f}× |",
    "",
    f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
    f"Agreement ({rb['changed']:,} of {rb['compared']:,} ratings change): "
    + ", ".join(f"{k} {v}" for k, v in checks.items()) + ".",
]
(out / "results.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if agree else 1)
