//! The punto de equilibrio in both its meanings (SPEC T-13; seed 003 §1.1 list 4.4, §2.4;
//! shared reference titularizacion-practice.md):
//! 1. *regulatory* — the conditions a real-estate project must meet (presales, financing,
//!    permits, progress) before the funds raised are released to it; if they are not met in
//!    time the funds return to the investors. Recorded with their dates and judged as of the
//!    committee date;
//! 2. *analytical* (factor 2.4) — the largest stress of a key variable at which every
//!    obligation is still paid on time, found by a monotone search on a grid of the stated
//!    precision.

use super::flujo::VariableClave;
use chrono::NaiveDate;
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// Kinds of release condition of a real-estate project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TipoCondicion {
    /// Preventas (presales) reaching a share of the units.
    Preventas,
    /// Financing secured.
    Financiamiento,
    /// Building permits.
    Permisos,
    /// Construction progress.
    AvanceObra,
    Otra,
}

/// One recorded condition of the regulatory equilibrium point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CondicionEquilibrio {
    pub kind: TipoCondicion,
    /// The condition as the trust contract states it.
    pub description: String,
    /// Date by which it must be met.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub deadline: NaiveDate,
    /// Date it was met, if it was.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub met_on: Option<NaiveDate>,
    #[serde(default)]
    pub evidence: String,
}

/// The status of a condition as of the committee date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EstadoCondicion {
    /// Met on or before its deadline.
    Met,
    /// Not met yet, deadline not passed.
    Pending,
    /// Met after its deadline: the contract's consequence must be checked.
    MetLate,
    /// Deadline passed unmet: the funds are to return to the investors.
    Failed,
}

impl CondicionEquilibrio {
    /// The status as of `as_of` (the committee date).
    pub fn status(&self, as_of: NaiveDate) -> EstadoCondicion {
        match self.met_on {
            Some(d) if d <= self.deadline => EstadoCondicion::Met,
            Some(_) => EstadoCondicion::MetLate,
            None if as_of <= self.deadline => EstadoCondicion::Pending,
            None => EstadoCondicion::Failed,
        }
    }
}

/// How the analytical search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EstadoEquilibrio {
    /// Paid at `breakeven`, not paid at `breakeven + precision`.
    Found,
    /// Even the base scenario misses a payment: there is no equilibrium stress.
    BaseFails,
    /// Every obligation is paid even at the upper bound of the variable.
    NeverBreaks,
}

/// The analytical equilibrium point (T-13, factor 2.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PuntoEquilibrio {
    pub variable: VariableClave,
    pub status: EstadoEquilibrio,
    /// The largest stress on the grid at which every obligation is paid on time.
    #[serde(with = "rust_decimal::serde::float_option")]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub breakeven: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub precision: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub upper_bound: Decimal,
    /// Waterfall runs the search took.
    pub evaluations: u32,
}

/// Finds the largest `s = k × precision` in `[0, upper]` with `all_paid(s)`, assuming
/// `all_paid` is non-increasing in `s` (a larger shortfall never helps): bisection on the
/// grid index, so the answer is exact on the grid.
pub fn buscar(
    variable: VariableClave,
    upper: Decimal,
    precision: Decimal,
    mut all_paid: impl FnMut(Decimal) -> bool,
) -> PuntoEquilibrio {
    let mut evaluations = 0;
    let mut eval = |k: u64| {
        evaluations += 1;
        all_paid(Decimal::from(k) * precision)
    };
    let top = (upper / precision).floor().to_u64().unwrap_or(0);
    let (status, breakeven) = if !eval(0) {
        (EstadoEquilibrio::BaseFails, None)
    } else if eval(top) {
        (
            EstadoEquilibrio::NeverBreaks,
            Some(Decimal::from(top) * precision),
        )
    } else {
        let (mut lo, mut hi) = (0_u64, top);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if eval(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (EstadoEquilibrio::Found, Some(Decimal::from(lo) * precision))
    };
    PuntoEquilibrio {
        variable,
        status,
        breakeven: breakeven.map(|b| b.normalize()),
        precision,
        upper_bound: upper,
        evaluations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn date(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn t13_analytical_search_is_exact_on_its_grid() {
        let p = buscar(VariableClave::Volume, Decimal::ONE, d("0.0001"), |s| {
            s <= d("0.23456")
        });
        assert_eq!(p.status, EstadoEquilibrio::Found);
        assert_eq!(p.breakeven, Some(d("0.2345")));
        assert!(p.evaluations <= 16, "{}", p.evaluations);
        let never = buscar(VariableClave::Price, Decimal::ONE, d("0.0001"), |_| true);
        assert_eq!(never.status, EstadoEquilibrio::NeverBreaks);
        assert_eq!(never.breakeven, Some(Decimal::ONE));
        let base = buscar(VariableClave::Price, Decimal::ONE, d("0.0001"), |_| false);
        assert_eq!(base.status, EstadoEquilibrio::BaseFails);
        assert_eq!(base.breakeven, None);
    }

    #[test]
    fn t13_regulatory_conditions_are_judged_on_the_committee_date() {
        let c = |deadline, met_on| CondicionEquilibrio {
            kind: TipoCondicion::Preventas,
            description: "Preventas del 60 % de las unidades".into(),
            deadline,
            met_on,
            evidence: String::new(),
        };
        let committee = date(2025, 8, 29);
        assert_eq!(
            c(date(2025, 6, 30), Some(date(2025, 5, 15))).status(committee),
            EstadoCondicion::Met
        );
        assert_eq!(
            c(date(2025, 12, 31), None).status(committee),
            EstadoCondicion::Pending
        );
        assert_eq!(
            c(date(2025, 6, 30), None).status(committee),
            EstadoCondicion::Failed
        );
        assert_eq!(
            c(date(2025, 6, 30), Some(date(2025, 7, 2))).status(committee),
            EstadoCondicion::MetLate
        );
    }
}
