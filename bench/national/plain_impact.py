"""A plain Python implementation of the same N-13 impact analysis (N-3 mapping, N-4 peer
position, N-6 sovereign cap), as a careful analyst would script it: the csv (or json)
module to read the entities, dicts for the two tables, one loop. Reads the same entities
file as `ratebook national impact` and prints the same facts as compact JSON: the counts,
the notch buckets and every changed rating (id, from, to, notches).

Usage: python plain_impact.py SPEC_FROM.toml SPEC_TO.toml ENTITIES.csv|ENTITIES.json
"""

import csv
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

GLOBAL = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB",
          "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C"]


def load(path):
    """The spec's options per global level as ranks (1 = AAA), and its symbols by rank."""
    spec = tomllib.loads(Path(path).read_text())
    prefix, suffix = spec.get("prefix", ""), spec.get("suffix", "")
    symbols = [f"{prefix}{g}{suffix}" for g in GLOBAL]
    rank = {s: i + 1 for i, s in enumerate(symbols)}
    rows = {r["global"]: [rank[o] for o in r["national"]] for r in spec["rows"]
            if r["global"] in GLOBAL}
    anchor = GLOBAL.index(spec["anchor"])
    table = {g: rows.get(g, [1] if i < anchor else None) for i, g in enumerate(GLOBAL)}
    return table, symbols


def rate(table, global_lc, position, sovereign_lc, stress_passed):
    options = table[global_lc]
    if options is None:
        return None
    n = len(options)
    idx = 0 if position == "upper" else n - 1 if position == "lower" else n // 2
    grade = options[idx]
    cap = table[sovereign_lc][0]
    if cap != 1 and grade < cap and not stress_passed:
        grade = cap
    return grade


def read_entities(path):
    """(id, global_lc, peer_position, sovereign global_lc, stress flag) per entity."""
    if path.endswith(".csv"):
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                yield (row["id"], row["global_lc"], row.get("peer_position") or "middle",
                       row["sovereign_global_lc"],
                       (row.get("above_sovereign_stress_passed") or "").lower() == "true")
    else:
        for e in json.loads(Path(path).read_text()):
            yield (e["id"], e["global_lc"], e.get("peer_position") or "middle",
                   e["sovereign"]["global_lc"], e.get("above_sovereign_stress_passed", False))


def main():
    (a, sym_a), (b, sym_b) = load(sys.argv[1]), load(sys.argv[2])
    buckets, changes, up, down, compared = Counter(), [], 0, 0, 0
    for eid, g, pos, sov, stress in read_entities(sys.argv[3]):
        x, y = rate(a, g, pos, sov, stress), rate(b, g, pos, sov, stress)
        if x is None or y is None:
            continue
        compared += 1
        if x != y:
            buckets[x - y] += 1
            if x > y:
                up += 1
            else:
                down += 1
            changes.append({"id": eid, "from": sym_a[x - 1], "to": sym_b[y - 1],
                            "notches": x - y})
    changed = len(changes)
    # json.dumps, not json.dump: dump streams through the pure-Python encoder, several
    # times slower; dumps uses the C one.
    print(json.dumps({"compared": compared, "changed": changed, "upgrades": up,
                      "downgrades": down, "share_affected": changed / compared if compared else 0,
                      "notches": [{"notches": k, "count": v} for k, v in sorted(buckets.items())],
                      "changes": changes}, separators=(",", ":")))


if __name__ == "__main__":
    main()
