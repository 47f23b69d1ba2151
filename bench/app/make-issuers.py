#!/usr/bin/env python3
"""Writes N fictional issuers (default 100,000) as the issuers CSV Ratebook imports."""
import csv
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
random.seed(7)
sectors = ["corporate", "bank", "insurer", "utility", "infrastructure", "public-finance"]
ratings = ["AAA", "AA+", "AA", "A", "BBB", "BB+", "BB", "B", "CCC", ""]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["code", "name", "sector", "country", "sovereign", "national_scale",
                "global_lc", "global_fc", "peer_position", "fictional"])
    for i in range(n):
        w.writerow([f"BIG-{i:06d}", f"Issuer {random.randrange(10**9):09d}", random.choice(sectors),
                    "XX", "XX", random.choice(["xx", "ZA"]), random.choice(ratings), "", "", "true"])
