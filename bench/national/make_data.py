"""Generates the benchmark data for bench/national/run.sh, all from the same entities.

- out/entities.json: N fictional entities (ids bench-000001...), deterministic (seeded).
- out/entities.csv: the same entities as a spreadsheet exports them (one row each, the
  columns `ratebook national impact --entities FILE.csv` reads); what every contender reads.
- out/impact.xlsx: the analysts' status quo, the two mapping specs as lookup tables and one
  row per entity whose formulas (MATCH/INDEX/IF/MAX) apply N-3, N-4 (peer position), the
  N-6 sovereign cap and compare the two specs (N-13), with a summary sheet.

Usage: python make_data.py SPEC_FROM.toml SPEC_TO.toml N OUTDIR
"""

import csv
import json
import random
import sys
import tomllib
from pathlib import Path

from openpyxl import Workbook

GLOBAL = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB",
          "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C"]


def load(path):
    spec = tomllib.loads(Path(path).read_text())
    prefix, suffix = spec.get("prefix", ""), spec.get("suffix", "")
    rank = {f"{prefix}{g}{suffix}": i + 1 for i, g in enumerate(GLOBAL)}
    rows = {r["global"]: [rank[o] for o in r["national"]] for r in spec["rows"]
            if r["global"] in GLOBAL}
    anchor = GLOBAL.index(spec["anchor"])
    table = {}
    for i, g in enumerate(GLOBAL):
        if g in rows:
            table[g] = rows[g]
        elif i < anchor:
            table[g] = [1]
    return spec, table, prefix, suffix


def main():
    from_path, to_path, n, outdir = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    outdir.mkdir(parents=True, exist_ok=True)
    spec_a, table_a, prefix, suffix = load(from_path)
    spec_b, table_b, _, _ = load(to_path)
    levels = [g for g in GLOBAL if g in table_a and g in table_b]
    rng = random.Random(20230608)
    positions = ["upper", "middle", "lower"]
    entities = [{
        "id": f"bench-{i:06d}",
        "global_lc": rng.choice(levels),
        "sovereign": {"country": spec_a["countries"][0], "global_lc": "BBB-"},
        "peer_position": rng.choice(positions),
    } for i in range(1, n + 1)]
    (outdir / "entities.json").write_text(json.dumps(entities))
    with open(outdir / "entities.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "global_lc", "sovereign_country", "sovereign_global_lc", "peer_position"])
        for e in entities:
            w.writerow([e["id"], e["global_lc"], e["sovereign"]["country"],
                        e["sovereign"]["global_lc"], e["peer_position"]])

    wb = Workbook()
    ent = wb.active
    ent.title = "Entities"
    maps = {}
    for name, table in (("FromMap", table_a), ("ToMap", table_b)):
        ws = wb.create_sheet(name)
        ws.append(["global", "n", "opt1", "opt2", "opt3"])
        for g in GLOBAL:
            if g in table:
                opts = table[g]
                ws.append([g, len(opts)] + opts + [None] * (3 - len(opts)))
        maps[name] = ws.max_row
    grades = wb.create_sheet("Grades")
    grades.append(["rank", "symbol"])
    for i, g in enumerate(GLOBAL):
        grades.append([i + 1, f"{prefix}{g}{suffix}"])

    ent.append(["id", "global", "position", "sovereign",
                "from_row", "from_n", "from_pick", "from_rank", "from_sov", "from_final", "from_symbol",
                "to_row", "to_n", "to_pick", "to_rank", "to_sov", "to_final", "to_symbol",
                "notches", "changed"])
    for r, e in enumerate(entities, start=2):
        cells = [e["id"], e["global_lc"], e["peer_position"], e["sovereign"]["global_lc"]]
        for m, c in (("FromMap", "E"), ("ToMap", "L")):
            last = maps[m]
            col = lambda k: chr(ord(c) + k)  # noqa: E731
            rng_a = f"{m}!$A$2:$A${last}"
            cells += [
                f"=MATCH(B{r},{rng_a},0)",
                f"=INDEX({m}!$B$2:$B${last},{col(0)}{r})",
                f'=IF(C{r}="upper",1,IF(C{r}="lower",{col(1)}{r},INT({col(1)}{r}/2)+1))',
                f"=INDEX({m}!$C$2:$E${last},{col(0)}{r},{col(2)}{r})",
                f"=INDEX({m}!$C$2:$C${last},MATCH(D{r},{rng_a},0))",
                f"=IF({col(4)}{r}=1,{col(3)}{r},MAX({col(3)}{r},{col(4)}{r}))",
                f"=INDEX(Grades!$B$2:$B$22,{col(5)}{r})",
            ]
        cells += [f"=J{r}-Q{r}", f"=IF(S{r}<>0,1,0)"]
        ent.append(cells)
    last = len(entities) + 1
    summary = wb.create_sheet("Summary")
    summary.append(["changed", f"=SUM(Entities!T2:T{last})"])
    summary.append(["upgrades", f'=COUNTIF(Entities!S2:S{last},">0")'])
    summary.append(["downgrades", f'=COUNTIF(Entities!S2:S{last},"<0")'])
    wb.save(outdir / "impact.xlsx")


if __name__ == "__main__":
    main()
