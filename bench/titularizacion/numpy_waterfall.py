#!/usr/bin/env python3
"""Reference peer for the titularización Monte Carlo (SPEC T-10): the same model and the same
waterfall as Ratebook's `montecarlo.rs` + `waterfall.rs`, vectorised over paths with NumPy
(int64 cents, multiplier in parts per 1e9 rounded half to even), so the two can be timed on
the same case. Its random numbers come from NumPy's PCG64, not ChaCha8: the probabilities
agree within Monte Carlo error, not digit for digit.

usage: numpy_waterfall.py CASE.json [PATHS] [SEED]  -> prints JSON with results and timings
"""
import json
import sys
import time
from decimal import Decimal

import numpy as np

PPB = 1_000_000_000


def cents(s):
    return int(Decimal(str(s)) * 100)


def load(path):
    with open(path) as f:
        case = json.load(f)
    n = len(case["flows"]["periods"])
    base = np.array([cents(p["collections"]) for p in case["flows"]["periods"]], dtype=np.int64)
    expenses = np.array([cents(p.get("expenses", "0")) for p in case["flows"]["periods"]], dtype=np.int64)
    classes = sorted(case["classes"], key=lambda c: c["seniority"])
    interest = np.zeros((len(classes), n), dtype=np.int64)
    principal = np.zeros((len(classes), n), dtype=np.int64)
    for k, c in enumerate(classes):
        for q in c["schedule"]:
            interest[k, q["period"] - 1] = cents(q["interest"])
            principal[k, q["period"] - 1] = cents(q["principal"])
    structural = {"subordinacion", "sobrecolateralizacion", "exceso_flujo"}
    pools = sorted((m for m in case.get("mechanisms", []) if m["kind"] not in structural), key=lambda m: m["order"])
    pool_init = [cents(m["amount"]) for m in pools]
    replenish = [m["kind"] == "fondo_reserva" for m in pools]
    idx = case["index"]
    obs = idx["series"][-idx["window_periods"]:]
    if idx["kind"] == "siniestralidad":
        devs = [Decimal(o["past_due"]) / Decimal(o["balance"]) for o in obs]
        floor = 0.0
    else:
        devs = [(Decimal(o["projected"]) - Decimal(o["actual"])) / Decimal(o["projected"]) for o in obs]
        floor = -1.0
    mean = sum(devs) / len(devs)
    sd = (sum((x - mean) ** 2 for x in devs) / (len(devs) - 1)).sqrt()
    mc = case["montecarlo"]
    return dict(base=base, expenses=expenses, interest=interest, principal=principal,
                pool_init=pool_init, replenish=replenish, priority=case["priority_of_payments"],
                names=[c["name"] for c in classes], mean=float(mean), sd=float(sd),
                phi=float(Decimal(mc.get("persistence", "0"))), floor=floor,
                paths=mc["paths"], seed=mc["seed"])


def simulate(m, paths, seed):
    rng = np.random.default_rng(seed)
    n = len(m["base"])
    k = len(m["names"])
    phi = m["phi"]
    innov = np.sqrt(1.0 - phi * phi)
    pools = [np.full(paths, p, dtype=np.int64) for p in m["pool_init"]]
    int_arr = np.zeros((k, paths), dtype=np.int64)
    prin_arr = np.zeros((k, paths), dtype=np.int64)
    exp_arr = np.zeros(paths, dtype=np.int64)
    timely = np.ones((k, paths), dtype=bool)
    e = np.zeros(paths)

    def pay(due, cash):
        from_cash = np.minimum(cash, due)
        cash -= from_cash
        rest = due - from_cash
        for p in pools:
            d = np.minimum(p, rest)
            p -= d
            rest -= d
        return due - rest

    for t in range(n):
        z = rng.standard_normal(paths)
        e = z if t == 0 else phi * e + innov * z
        d = np.clip(m["mean"] + m["sd"] * e, m["floor"], 1.0)
        mult = np.rint((1.0 - d) * PPB).astype(np.int64)
        num = m["base"][t] * mult
        q = num // PPB
        r = num - q * PPB
        cash = q + ((2 * r > PPB) | ((2 * r == PPB) & (q % 2 == 1)))
        due = m["expenses"][t] + exp_arr
        exp_arr = due - pay(due, cash)

        def interest(c):
            due = m["interest"][c, t] + int_arr[c]
            int_arr[c] = due - pay(due, cash)

        def principal(c):
            due = m["principal"][c, t] + prin_arr[c]
            prin_arr[c] = due - pay(due, cash)

        if m["priority"] == "class_by_class":
            for c in range(k):
                interest(c)
                principal(c)
        else:
            for c in range(k):
                interest(c)
            for c in range(k):
                principal(c)
        timely &= (int_arr <= 0) & (prin_arr <= 0)
        for i, p in enumerate(pools):
            if m["replenish"][i]:
                r = np.minimum(cash, m["pool_init"][i] - p)
                p += r
                cash -= r
    unpaid = int_arr + prin_arr
    sched = (m["interest"].sum(axis=1) + m["principal"].sum(axis=1)).astype(np.float64)
    return [{"name": m["names"][c],
             "p_timely": float(timely[c].mean()),
             "expected_loss": float(unpaid[c].sum() / paths / sched[c])} for c in range(k)]


def main():
    t0 = time.perf_counter()
    m = load(sys.argv[1])
    paths = int(sys.argv[2]) if len(sys.argv) > 2 else m["paths"]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else m["seed"]
    t1 = time.perf_counter()
    res = simulate(m, paths, seed)
    t2 = time.perf_counter()
    print(json.dumps({"paths": paths, "periods": len(m["base"]), "classes": res,
                      "calibration": {"mean": m["mean"], "sd": m["sd"], "persistence": m["phi"]},
                      "load_seconds": t1 - t0, "simulate_seconds": t2 - t1, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
