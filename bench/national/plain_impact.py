"""A plain Python implementation of the same N-13 impact analysis (N-3 mapping, N-4 peer
position, N-6 sovereign cap), as a careful analyst would script it. Reads the same
entities; prints a JSON summary comparable with `ratebook national impact --json`.

Usage: python plain_impact.py SPEC_FROM.toml SPEC_TO.toml ENTITIES.json
"""

import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

GLOBAL = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB",
          "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C"]


def load(path):
    spec = tomllib.loads(Path(path).read_text())
    prefix, suffix = spec.get("prefix", ""), spec.get("suffix", "")
    rank = {f"{prefix}{g}{suffix}": i + 1 for i, g in enumerate(GLOBAL)}
    rows = {r["global"]: [rank[o] for o in r["national"]] for r in spec["rows"]
            if r["global"] in GLOBAL}
    anchor = GLOBAL.index(spec["anchor"])
    return {g: rows.get(g, [1] if i < anchor else None) for i, g in enumerate(GLOBAL)}


def rate(table, e):
    options = table[e["global_lc"]]
    if options is None:
        return None
    n = len(options)
    pos = e.get("peer_position", "middle")
    idx = 0 if pos == "upper" else n - 1 if pos == "lower" else n // 2
    grade = options[idx]
    cap = table[e["sovereign"]["global_lc"]][0]
    if cap != 1 and grade < cap and not e.get("above_sovereign_stress_passed", False):
        grade = cap
    return grade


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    entities = json.loads(Path(sys.argv[3]).read_text())
    buckets, changed, up, down, compared = Counter(), 0, 0, 0, 0
    for e in entities:
        x, y = rate(a, e), rate(b, e)
        if x is None or y is None:
            continue
        compared += 1
        if x != y:
            changed += 1
            buckets[x - y] += 1
            if x > y:
                up += 1
            else:
                down += 1
    print(json.dumps({"compared": compared, "changed": changed, "upgrades": up,
                      "downgrades": down, "share_affected": changed / compared if compared else 0,
                      "notches": dict(sorted(buckets.items()))}))


if __name__ == "__main__":
    main()
