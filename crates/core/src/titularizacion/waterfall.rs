//! The priority of payments (SPEC T-7, seed 003 §1.1 "la prioridad de pagos", §2.5 "orden
//! de coberturas"): each period's collections pay the trust's expenses, then the classes in
//! seniority order; when collections fall short the trust draws on its drawable mechanisms
//! in their order of use; afterwards excess cash refills a reserve fund up to its initial
//! amount and the rest is released to the originator.
//!
//! The waterfall is written once, generic over the money type: exact `Decimal` for the
//! deterministic scenarios and the reports, and `i64` cents inside the Monte Carlo's hot
//! loop (T-10). Both are exact for amounts in cents, so the two agree to the cent (tested in
//! `montecarlo`).
//!
//! Unpaid amounts stay due (arrears, no penalty interest) and are paid first in later
//! periods; a class is paid *on time* only if nothing it was due was ever left unpaid at the
//! end of a period. What is still unpaid after the last period is the class's loss.

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Sub, SubAssign};

/// Money the waterfall can run on: exact for amounts in cents.
pub trait Money:
    Copy + Ord + Add<Output = Self> + Sub<Output = Self> + AddAssign + SubAssign + Send + Sync
{
    fn zero() -> Self;
}

impl Money for i64 {
    fn zero() -> Self {
        0
    }
}

impl Money for Decimal {
    fn zero() -> Self {
        Decimal::ZERO
    }
}

fn min<M: Money>(a: M, b: M) -> M {
    if a < b {
        a
    } else {
        b
    }
}

/// How interest and principal of the classes are ordered within a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PrioridadPagos {
    /// Interest then principal of class 1, then of class 2, …
    ClassByClass,
    /// Interest of every class by seniority, then principal of every class by seniority.
    InterestFirst,
}

/// The obligations and the drawable mechanisms, dense per period, classes in seniority
/// order (most senior first).
#[derive(Debug, Clone, PartialEq)]
pub struct Estructura<M> {
    pub expenses: Vec<M>,
    /// `interest[class][period]`.
    pub interest: Vec<Vec<M>>,
    /// `principal[class][period]`.
    pub principal: Vec<Vec<M>>,
    /// Initial amounts of the drawable mechanisms, in order of use.
    pub pools: Vec<M>,
    /// Whether each pool is a reserve fund replenished from excess cash.
    pub replenish: Vec<bool>,
    pub priority: PrioridadPagos,
}

/// How one class fared over the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassOutcome<M> {
    pub timely: bool,
    /// 0-based index of the first period that ended with something unpaid.
    pub first_missed: Option<usize>,
    /// Interest and principal still unpaid after the last period.
    pub unpaid: M,
}

/// What happened in one period (kept for the deterministic scenarios and the reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodRecord<M> {
    pub collections: M,
    pub expenses_paid: M,
    pub interest_paid: Vec<M>,
    pub principal_paid: Vec<M>,
    /// Drawn from the mechanisms in the period.
    pub drawn: M,
    /// Put back into the reserve fund(s).
    pub replenished: M,
    /// Released to the originator after everything due was paid.
    pub released: M,
    /// Balance left in the drawable mechanisms at the end of the period.
    pub mechanisms_balance: M,
}

/// Reusable working state, so the Monte Carlo allocates once per thread. It also holds the
/// structure compiled for speed: the amounts due laid out period by period, one "slot" per
/// obligation (0 = expenses, 1…k = interest of each class, k+1…2k = principal), and the
/// order in which the slots are paid.
#[derive(Debug, Clone)]
pub struct Estado<M> {
    k: usize,
    slots: usize,
    /// `due[t * slots + slot]`.
    due: Vec<M>,
    order: Vec<usize>,
    initial_pools: Vec<M>,
    replenish: Vec<bool>,
    pools: Vec<M>,
    arrears: Vec<M>,
    paid: Vec<M>,
    pub outcomes: Vec<ClassOutcome<M>>,
}

impl<M: Money> Estado<M> {
    /// Working state for `e`; use it only with `e`.
    pub fn new(e: &Estructura<M>) -> Self {
        let k = e.n_classes();
        let n = e.n_periods();
        let slots = 2 * k + 1;
        let mut due = vec![M::zero(); n * slots];
        for t in 0..n {
            let row = &mut due[t * slots..(t + 1) * slots];
            row[0] = e.expenses[t];
            for c in 0..k {
                row[1 + c] = e.interest[c][t];
                row[1 + k + c] = e.principal[c][t];
            }
        }
        let mut order = vec![0];
        match e.priority {
            PrioridadPagos::ClassByClass => {
                for c in 0..k {
                    order.push(1 + c);
                    order.push(1 + k + c);
                }
            }
            PrioridadPagos::InterestFirst => {
                order.extend(1..=k);
                order.extend(k + 1..=2 * k);
            }
        }
        Estado {
            k,
            slots,
            due,
            order,
            initial_pools: e.pools.clone(),
            replenish: e.replenish.clone(),
            pools: e.pools.clone(),
            arrears: vec![M::zero(); slots],
            paid: vec![M::zero(); slots],
            outcomes: vec![
                ClassOutcome {
                    timely: true,
                    first_missed: None,
                    unpaid: M::zero(),
                };
                k
            ],
        }
    }

    fn reset(&mut self) {
        self.pools.copy_from_slice(&self.initial_pools);
        for x in &mut self.arrears {
            *x = M::zero();
        }
        for o in &mut self.outcomes {
            *o = ClassOutcome {
                timely: true,
                first_missed: None,
                unpaid: M::zero(),
            };
        }
    }
}

/// Pays `due` from `cash`, then from the pools in order; returns what was paid.
#[inline]
fn pay<M: Money>(due: M, cash: &mut M, pools: &mut [M]) -> M {
    let zero = M::zero();
    if due <= zero {
        return zero;
    }
    let from_cash = min(*cash, due);
    *cash -= from_cash;
    let mut rest = due - from_cash;
    for p in pools.iter_mut() {
        if rest <= zero {
            break;
        }
        let d = min(*p, rest);
        *p -= d;
        rest -= d;
    }
    due - rest
}

impl<M: Money> Estructura<M> {
    pub fn n_periods(&self) -> usize {
        self.expenses.len()
    }

    pub fn n_classes(&self) -> usize {
        self.interest.len()
    }

    /// Total due in period `t` (expenses and every class's scheduled interest and
    /// principal), without arrears.
    pub fn due_in(&self, t: usize) -> M {
        let mut due = self.expenses[t];
        for c in 0..self.n_classes() {
            due += self.interest[c][t];
            due += self.principal[c][t];
        }
        due
    }

    /// Runs the waterfall on `collections` (one per period) with `state`, which must have
    /// been made by `Estado::new(self)`. Results are in `state.outcomes`; per-period detail
    /// goes to `record` when given.
    pub fn run(
        &self,
        collections: &[M],
        state: &mut Estado<M>,
        mut record: Option<&mut Vec<PeriodRecord<M>>>,
    ) {
        debug_assert_eq!(state.k, self.n_classes(), "state made for this structure");
        state.reset();
        let zero = M::zero();
        let (k, slots) = (state.k, state.slots);
        let keep = record.is_some();
        let n = self.n_periods().min(collections.len());
        for (t, &collected) in collections.iter().enumerate().take(n) {
            let mut cash = collected;
            let pools_start = if keep { sum(&state.pools) } else { zero };
            let row = &state.due[t * slots..(t + 1) * slots];
            for &slot in &state.order {
                let due = row[slot] + state.arrears[slot];
                let paid = pay(due, &mut cash, &mut state.pools);
                state.arrears[slot] = due - paid;
                state.paid[slot] = paid;
            }
            for c in 0..k {
                let o = &mut state.outcomes[c];
                if o.timely && (state.arrears[1 + c] > zero || state.arrears[1 + k + c] > zero) {
                    o.timely = false;
                    o.first_missed = Some(t);
                }
            }
            let drawn = if keep {
                pools_start - sum(&state.pools)
            } else {
                zero
            };
            let mut replenished = zero;
            for (i, p) in state.pools.iter_mut().enumerate() {
                if state.replenish[i] && cash > zero {
                    let r = min(cash, state.initial_pools[i] - *p);
                    *p += r;
                    cash -= r;
                    replenished += r;
                }
            }
            if let Some(rec) = record.as_deref_mut() {
                rec.push(PeriodRecord {
                    collections: collected,
                    expenses_paid: state.paid[0],
                    interest_paid: state.paid[1..=k].to_vec(),
                    principal_paid: state.paid[k + 1..].to_vec(),
                    drawn,
                    replenished,
                    released: cash,
                    mechanisms_balance: sum(&state.pools),
                });
            }
        }
        for c in 0..k {
            state.outcomes[c].unpaid = state.arrears[1 + c] + state.arrears[1 + k + c];
        }
    }

    /// The same structure in another money type.
    pub fn map_money<N: Money>(&self, mut f: impl FnMut(M) -> N) -> Estructura<N> {
        let mut v = |xs: &Vec<M>| xs.iter().map(|x| f(*x)).collect::<Vec<N>>();
        Estructura {
            expenses: v(&self.expenses),
            interest: self.interest.iter().map(&mut v).collect(),
            principal: self.principal.iter().map(&mut v).collect(),
            pools: v(&self.pools),
            replenish: self.replenish.clone(),
            priority: self.priority,
        }
    }
}

fn sum<M: Money>(xs: &[M]) -> M {
    let mut s = M::zero();
    for x in xs {
        s += *x;
    }
    s
}

/// Exact conversion of an amount in cents to i64 cents; `None` if it has fractions of a
/// cent or does not fit.
pub fn to_cents(x: Decimal) -> Option<i64> {
    let c = x * Decimal::ONE_HUNDRED;
    (c.fract().is_zero()).then(|| c.to_i64()).flatten()
}

/// Decimal amount from i64 cents.
pub fn from_cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// Coverage of period `t`: collections / everything due (4 decimals); `None` when
/// nothing is due.
pub fn coverage(collections: Decimal, due: Decimal) -> Option<Decimal> {
    (due > Decimal::ZERO).then(|| {
        (collections / due).round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn v(xs: &[&str]) -> Vec<Decimal> {
        xs.iter().map(|s| d(s)).collect()
    }

    /// Two classes, four periods, a 50.00 reserve fund: checked to the cent by hand.
    fn two_class() -> Estructura<Decimal> {
        Estructura {
            expenses: v(&["5.00", "5.00", "5.00", "5.00"]),
            interest: vec![
                v(&["10.00", "7.50", "5.00", "2.50"]),
                v(&["6.00", "6.00", "6.00", "6.00"]),
            ],
            principal: vec![
                v(&["250.00", "250.00", "250.00", "250.00"]),
                v(&["0", "0", "0", "200.00"]),
            ],
            pools: v(&["50.00"]),
            replenish: vec![true],
            priority: PrioridadPagos::ClassByClass,
        }
    }

    #[test]
    fn t7_waterfall_pays_in_priority_and_refills_the_reserve() {
        let e = two_class();
        let mut st = Estado::new(&e);
        let mut rec = Vec::new();
        // Period 1: 300 − 5 − 10 − 250 − 6 = 29.00 released.
        // Period 2: 250 − 5 − 7.50 = 237.50 < 250 → draw 12.50 from the reserve;
        //           class B interest 6.00 from the reserve → reserve 31.50.
        // Period 3: 290 − 5 − 5 − 250 − 6 = 24.00 → refills reserve to 50 (18.50), 5.50 released.
        // Period 4: 450 − 5 − 2.50 − 250 − 6 − 200 = −13.50 → draw 13.50, reserve 36.50.
        e.run(
            &v(&["300.00", "250.00", "290.00", "450.00"]),
            &mut st,
            Some(&mut rec),
        );
        assert!(st.outcomes.iter().all(|o| o.timely && o.unpaid.is_zero()));
        assert_eq!(rec[0].released, d("29.00"));
        assert_eq!(rec[1].drawn, d("18.50"));
        assert_eq!(rec[1].mechanisms_balance, d("31.50"));
        assert_eq!(rec[2].replenished, d("18.50"));
        assert_eq!(rec[2].released, d("5.50"));
        assert_eq!(rec[3].drawn, d("13.50"));
        assert_eq!(rec[3].mechanisms_balance, d("36.50"));
    }

    #[test]
    fn t7_shortfall_makes_the_junior_late_and_carries_arrears() {
        let e = two_class();
        let mut st = Estado::new(&e);
        let mut rec = Vec::new();
        // Period 2 only 200.00: 200 − 5 − 7.50 − 187.50 (A principal) → A short 62.50;
        // reserve 50.00 covers 50.00 of it → A 12.50 in arrears, B gets nothing (6.00 arrears).
        e.run(
            &v(&["300.00", "200.00", "290.00", "470.00"]),
            &mut st,
            Some(&mut rec),
        );
        assert!(!st.outcomes[0].timely);
        assert_eq!(st.outcomes[0].first_missed, Some(1));
        assert!(!st.outcomes[1].timely);
        assert_eq!(rec[1].principal_paid[0], d("237.50"));
        assert_eq!(rec[1].interest_paid[1], d("0"));
        // Period 3: 290 − 5 − (5 + 0) − (250 + 12.50) − (6 + 6) = 5.50 → reserve 5.50.
        assert_eq!(rec[2].mechanisms_balance, d("5.50"));
        // Period 4: 470 − 5 − 2.50 − 250 − 6 − 200 = 6.50 → reserve 5.50 + 6.50 = 12.00.
        assert_eq!(rec[3].mechanisms_balance, d("12.00"));
        assert!(
            st.outcomes.iter().all(|o| o.unpaid.is_zero()),
            "caught up by the end"
        );
    }

    #[test]
    fn t7_interest_first_order_pays_junior_interest_before_senior_principal() {
        let mut e = two_class();
        e.priority = PrioridadPagos::InterestFirst;
        e.pools = v(&["0"]);
        let mut st = Estado::new(&e);
        let mut rec = Vec::new();
        e.run(
            &v(&["200.00", "300.00", "300.00", "500.00"]),
            &mut st,
            Some(&mut rec),
        );
        assert_eq!(rec[0].interest_paid[1], d("6.00"));
        assert_eq!(rec[0].principal_paid[0], d("179.00"));
        assert!(st.outcomes[1].timely, "B's interest came first");
        assert!(!st.outcomes[0].timely);
    }

    #[test]
    fn cents_conversion_is_exact_or_refused() {
        assert_eq!(to_cents(d("1234.56")), Some(123456));
        assert_eq!(to_cents(d("0.001")), None);
        assert_eq!(from_cents(-5), d("-0.05"));
    }
}
