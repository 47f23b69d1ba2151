//! Projected flows of the securitised asset and stress scenarios on the key variables
//! (SPEC T-7, seed 003 §2.4: "pruebas de stress sobre las variables clave ... precio,
//! volumen, etc.").
//!
//! The base scenario is the projection on the case: collections per period, and the
//! trust's expenses. A scenario shocks named key variables; the stressed collections are
//! exact decimals rounded to the cent (half-even) once per period, after every shock:
//! 1. collection delay `k` periods (fractional allowed): collection of period t arrives at
//!    t + k, split linearly between the two neighbouring periods; what moves past the last
//!    period is not available for timely payment;
//! 2. default rate `d`: a share `d` of each period's collection is not paid; the case's
//!    `recovery_rate` of it comes back `recovery_lag` periods later;
//! 3. price `p` and volume `v`: collections × (1 − p) × (1 − v);
//! 4. prepayment `q`: a share `q` of each period's collection (from period 2 on) arrives one
//!    period early carrying only its principal part, (1 − `interest_share`): the interest it
//!    would have carried is lost.

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One period of the base projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodoFlujo {
    /// 1-based, consecutive.
    pub period: u32,
    /// Payment date of the period; strictly increasing.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: chrono::NaiveDate,
    /// Projected collections of the asset (USD).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub collections: Decimal,
    /// Trust expenses due in the period (fiduciary, rating, audit), paid first.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub expenses: Decimal,
}

/// The base projection and the asset parameters the stresses need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flujos {
    pub periods: Vec<PeriodoFlujo>,
    /// Share of defaulted collections recovered (0…1).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub recovery_rate: Decimal,
    /// Periods between default and recovery.
    #[serde(default)]
    pub recovery_lag: u32,
    /// Share of a collection that is interest (0…1), for the prepayment stress.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub interest_share: Decimal,
}

/// The key variables a scenario can shock (seed 003 §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum VariableClave {
    Price,
    Volume,
    DefaultRate,
    Prepayment,
    CollectionDelay,
}

impl VariableClave {
    pub fn as_str(self) -> &'static str {
        match self {
            VariableClave::Price => "price",
            VariableClave::Volume => "volume",
            VariableClave::DefaultRate => "default_rate",
            VariableClave::Prepayment => "prepayment",
            VariableClave::CollectionDelay => "collection_delay",
        }
    }

    /// Fractions run 0…1; the delay runs 0…number of periods.
    pub fn is_fraction(self) -> bool {
        self != VariableClave::CollectionDelay
    }
}

impl fmt::Display for VariableClave {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shocks of one scenario; absent means unshocked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Shocks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub price: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub volume: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub default_rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub prepayment: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub collection_delay: Option<Decimal>,
}

impl Shocks {
    /// A scenario shocking one variable.
    pub fn single(var: VariableClave, value: Decimal) -> Shocks {
        let mut s = Shocks::default();
        *s.slot(var) = Some(value);
        s
    }

    fn slot(&mut self, var: VariableClave) -> &mut Option<Decimal> {
        match var {
            VariableClave::Price => &mut self.price,
            VariableClave::Volume => &mut self.volume,
            VariableClave::DefaultRate => &mut self.default_rate,
            VariableClave::Prepayment => &mut self.prepayment,
            VariableClave::CollectionDelay => &mut self.collection_delay,
        }
    }

    /// The shocked variables with their values.
    pub fn entries(&self) -> Vec<(VariableClave, Decimal)> {
        [
            (VariableClave::Price, self.price),
            (VariableClave::Volume, self.volume),
            (VariableClave::DefaultRate, self.default_rate),
            (VariableClave::Prepayment, self.prepayment),
            (VariableClave::CollectionDelay, self.collection_delay),
        ]
        .into_iter()
        .filter_map(|(v, x)| x.map(|x| (v, x)))
        .collect()
    }

    /// "price 10 %, collection_delay 1 period" for traces.
    pub fn describe(&self) -> String {
        let e = self.entries();
        if e.is_empty() {
            return "base (no shock)".into();
        }
        e.iter()
            .map(|(v, x)| {
                if v.is_fraction() {
                    format!("{v} {} %", (*x * Decimal::ONE_HUNDRED).normalize())
                } else {
                    format!("{v} {} periods", x.normalize())
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A named stress scenario on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Escenario {
    pub name: String,
    pub shocks: Shocks,
}

/// Rounds to the cent, half to even (the rounding every module uses for money).
pub fn cents(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// The collections per period under `shocks` (see the module doc for the order of the
/// shocks), each rounded to the cent.
pub fn stressed_collections(flujos: &Flujos, shocks: &Shocks) -> Vec<Decimal> {
    let base: Vec<Decimal> = flujos.periods.iter().map(|p| p.collections).collect();
    let n = base.len();
    let at = |v: &[Decimal], i: isize| -> Decimal {
        if i < 0 || i as usize >= n {
            Decimal::ZERO
        } else {
            v[i as usize]
        }
    };

    // 1. Collection delay.
    let mut c = base.clone();
    if let Some(k) = shocks.collection_delay.filter(|k| !k.is_zero()) {
        let whole = k.trunc();
        let frac = k - whole;
        let shift = whole.to_isize().unwrap_or(isize::MAX / 4);
        c = (0..n as isize)
            .map(|t| (Decimal::ONE - frac) * at(&base, t - shift) + frac * at(&base, t - shift - 1))
            .collect();
    }
    // 2. Defaults and recoveries.
    if let Some(d) = shocks.default_rate.filter(|d| !d.is_zero()) {
        let lag = flujos.recovery_lag as isize;
        let r = flujos.recovery_rate;
        let before = c.clone();
        c = (0..n as isize)
            .map(|t| before[t as usize] * (Decimal::ONE - d) + r * d * at(&before, t - lag))
            .collect();
    }
    // 3. Price and volume.
    let pv = (Decimal::ONE - shocks.price.unwrap_or_default())
        * (Decimal::ONE - shocks.volume.unwrap_or_default());
    if pv != Decimal::ONE {
        for x in &mut c {
            *x *= pv;
        }
    }
    // 4. Prepayment.
    if let Some(q) = shocks.prepayment.filter(|q| !q.is_zero()) {
        let principal = Decimal::ONE - flujos.interest_share;
        let before = c.clone();
        c = (0..n)
            .map(|t| {
                let keep = if t == 0 {
                    before[t]
                } else {
                    (Decimal::ONE - q) * before[t]
                };
                keep + q * principal * at(&before, t as isize + 1)
            })
            .collect();
    }
    c.into_iter().map(cents).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn flujos(c: &[i64]) -> Flujos {
        Flujos {
            periods: c
                .iter()
                .enumerate()
                .map(|(i, x)| PeriodoFlujo {
                    period: i as u32 + 1,
                    date: NaiveDate::from_ymd_opt(2025, 1 + i as u32, 28).unwrap(),
                    collections: Decimal::from(*x),
                    expenses: Decimal::ZERO,
                })
                .collect(),
            recovery_rate: "0.5".parse().unwrap(),
            recovery_lag: 1,
            interest_share: "0.2".parse().unwrap(),
        }
    }
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn decs(v: &[&str]) -> Vec<Decimal> {
        v.iter().map(|s| dec(s)).collect()
    }

    #[test]
    fn t7_each_shock_by_hand() {
        let f = flujos(&[100, 100, 100, 100]);
        let s = |v, x| stressed_collections(&f, &Shocks::single(v, dec(x)));
        assert_eq!(
            s(VariableClave::Price, "0.1"),
            decs(&["90", "90", "90", "90"])
        );
        assert_eq!(
            s(VariableClave::Volume, "0.255"),
            decs(&["74.5", "74.5", "74.5", "74.5"])
        );
        // 10 % default, half recovered one period later.
        assert_eq!(
            s(VariableClave::DefaultRate, "0.1"),
            decs(&["90", "95", "95", "95"])
        );
        // 1.5 periods late: half of t−1 and half of t−2.
        assert_eq!(
            s(VariableClave::CollectionDelay, "1.5"),
            decs(&["0", "50", "100", "100"])
        );
        // 10 % prepaid one period early with 80 % principal: first period +8, others 90 + 8, last 90.
        assert_eq!(
            s(VariableClave::Prepayment, "0.1"),
            decs(&["108", "98", "98", "90"])
        );
    }

    #[test]
    fn t7_rounding_is_half_even_to_the_cent() {
        let f = flujos(&[12345]);
        // 12,345 × 0.9 = 11,110.5 → 11,110.50 (already at the cent); × 0.99999 = 12,344.87655.
        assert_eq!(
            stressed_collections(&f, &Shocks::single(VariableClave::Volume, dec("0.00001"))),
            decs(&["12344.88"])
        );
        assert_eq!(cents(dec("0.125")), dec("0.12"));
        assert_eq!(cents(dec("0.135")), dec("0.14"));
    }
}
