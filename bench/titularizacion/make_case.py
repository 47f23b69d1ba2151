#!/usr/bin/env python3
"""Writes the benchmark case: a FICTIONAL credit-portfolio titularización with 120 monthly
periods and 3 classes (the issue's 100,000 paths x 120 periods x 3 classes), used by both
Ratebook and the NumPy reference peer. Deterministic: same file every run."""
import json
import math
import os
import sys
from decimal import Decimal, ROUND_HALF_EVEN

C = Decimal("0.01")


def cents(x):
    return Decimal(x).quantize(C, rounding=ROUND_HALF_EVEN)


def month_end(y, m):
    import datetime as dt
    nxt = dt.date(y + (m // 12), m % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def dates(y, m, n):
    out = []
    for _ in range(n):
        out.append(month_end(y, m))
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return out


def schedule(amount, rate, first, last, n):
    amount = Decimal(amount)
    r = Decimal(rate) / 12
    inst = cents(amount / (last - first + 1))
    bal, out = amount, []
    for p in range(1, last + 1):
        i = cents(bal * r)
        pr = Decimal(0)
        if first <= p <= last:
            pr = bal if p == last else inst
        out.append({"period": p, "interest": str(i), "principal": str(cents(pr))})
        bal -= pr
    return out


def factors():
    ids = {"2.1": "abc", "2.2": "abcd", "2.3": "abcdefg", "2.4": "abcdefg", "2.5": "abc",
           "2.6": "abcdefghij", "2.7": "abcd", "2.8": "abcdef", "2.9": "abcd"}
    return [{"id": f, "score": "80", "checklist": [{"item": f"{f}.{c}", "status": "assessed"} for c in ids[f]],
             "evidence": ["benchmark"], "documents_relied_on": []} for f in ids]


def main(path):
    n = 120
    portfolio = Decimal(49000000)
    r = Decimal("0.15") / 12
    pay = cents(portfolio * r / (1 - (1 + r) ** -n))
    d = dates(2026, 1, n)
    hist = []
    for i in range(36):
        bal = Decimal(70000000)
        share = Decimal(str(round(0.06 + 0.035 * (math.sin(1.7 * i) + 0.5 * math.sin(0.61 * i)), 5)))
        hist.append({"date": dates(2022, 1, 36)[i], "balance": str(bal), "past_due": str(cents(bal * share))})
    case = {
        "name": "Titularización de referencia para el benchmark (FICTICIO)",
        "fictional": True,
        "originator": "Originador ficticio S.A.",
        "fiduciary": "Fiduciaria ficticia S.A.",
        "asset_type": "cartera_credito",
        "committee_date": "2025-12-31",
        "information_cutoff": "2025-11-30",
        "information_validity": {"no_false_antecedents": True, "no_unreflected_significant_change": True},
        "factors": factors(),
        "flows": {"periods": [{"period": i + 1, "date": d[i], "collections": str(pay), "expenses": "15000.00"} for i in range(n)],
                  "recovery_rate": "0.4", "recovery_lag": 6, "interest_share": "0.3"},
        "priority_of_payments": "class_by_class",
        "classes": [
            {"name": "A", "seniority": 1, "amount": "35000000.00", "schedule": schedule(35000000, "0.075", 1, 96, n)},
            {"name": "B", "seniority": 2, "amount": "12000000.00", "schedule": schedule(12000000, "0.085", 1, 114, n)},
            {"name": "C", "seniority": 3, "amount": "5000000.00", "schedule": schedule(5000000, "0.10", 97, 120, n)},
        ],
        "mechanisms": [
            {"kind": "fondo_reserva", "amount": "900000.00", "order": 1},
            {"kind": "garantia_bancaria_poliza", "amount": "1500000.00", "order": 2},
            {"kind": "sobrecolateralizacion", "amount": "8000000.00", "order": 3},
            {"kind": "subordinacion", "amount": "5000000.00", "order": 4},
        ],
        "index": {"kind": "siniestralidad", "variant": "weighted_average", "window_periods": 36, "base": "capital", "series": hist},
        "stress": {"equilibrium_variable": "volume", "scenarios": []},
        "montecarlo": {"paths": 100000, "seed": 20260101, "persistence": "0.9"},
    }
    with open(path, "w") as f:
        json.dump(case, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "case_120x3.json"))
