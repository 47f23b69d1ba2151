//! Índice de siniestralidad / de desviación from the historical series and the coverage
//! multiple of the mechanisms (SPEC T-8, seed 003 §1.1 lists 1.3, 2.2, 3.2, 4.2, §2.5).
//!
//! The public texts do not fix the formula, so the variant, the window and the base are data
//! on each case and are recorded with the result (shared reference,
//! titularizacion-practice.md):
//! - siniestralidad (credit portfolios): the past-due share of the portfolio over the window,
//!   weighted by balance (`weighted_average`) or as the mean of the period ratios
//!   (`simple_average`);
//! - desviación (other flows): the mean negative deviation of actual against projected flows
//!   as a share of the projected flows (`mean_negative_deviation`), or the coefficient of
//!   variation of the actual flows (`coefficient_of_variation`).
//!
//! Coverage multiple = mechanisms / (index × base).

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// Formula variant of the índice de siniestralidad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum VarianteSiniestralidad {
    /// Σ past_due / Σ balance over the window.
    WeightedAverage,
    /// Mean over the window of past_due / balance.
    SimpleAverage,
}

/// Formula variant of the índice de desviación.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum VarianteDesviacion {
    /// Σ max(0, projected − actual) / Σ projected over the window.
    MeanNegativeDeviation,
    /// Sample standard deviation of the actual flows / their mean.
    CoefficientOfVariation,
}

/// What the index is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BaseIndice {
    /// The capital issued (Σ of the classes' amounts).
    Capital,
    /// The projected collections over the whole horizon.
    ProjectedFlows,
}

/// One observation of a credit portfolio's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObsSiniestralidad {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: chrono::NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub balance: Decimal,
    /// Past-due (or written-off) balance at that date.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub past_due: Decimal,
}

/// One observation of projected against actual flows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObsDesviacion {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: chrono::NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub projected: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub actual: Decimal,
}

/// The historical series and the formula choices, as recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum IndiceHistorico {
    /// Índice de siniestralidad (credit portfolios).
    Siniestralidad {
        variant: VarianteSiniestralidad,
        /// Number of most recent observations used.
        window_periods: usize,
        base: BaseIndice,
        series: Vec<ObsSiniestralidad>,
    },
    /// Índice de desviación (other assets).
    Desviacion {
        variant: VarianteDesviacion,
        window_periods: usize,
        base: BaseIndice,
        series: Vec<ObsDesviacion>,
    },
}

impl IndiceHistorico {
    pub fn window_periods(&self) -> usize {
        match self {
            IndiceHistorico::Siniestralidad { window_periods, .. }
            | IndiceHistorico::Desviacion { window_periods, .. } => *window_periods,
        }
    }

    pub fn base(&self) -> BaseIndice {
        match self {
            IndiceHistorico::Siniestralidad { base, .. }
            | IndiceHistorico::Desviacion { base, .. } => *base,
        }
    }

    pub fn series_len(&self) -> usize {
        match self {
            IndiceHistorico::Siniestralidad { series, .. } => series.len(),
            IndiceHistorico::Desviacion { series, .. } => series.len(),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            IndiceHistorico::Siniestralidad { .. } => "siniestralidad",
            IndiceHistorico::Desviacion { .. } => "desviacion",
        }
    }

    pub fn variant_name(&self) -> &'static str {
        match self {
            IndiceHistorico::Siniestralidad { variant, .. } => match variant {
                VarianteSiniestralidad::WeightedAverage => "weighted_average",
                VarianteSiniestralidad::SimpleAverage => "simple_average",
            },
            IndiceHistorico::Desviacion { variant, .. } => match variant {
                VarianteDesviacion::MeanNegativeDeviation => "mean_negative_deviation",
                VarianteDesviacion::CoefficientOfVariation => "coefficient_of_variation",
            },
        }
    }

    /// Dates of the observations, in order.
    pub fn dates(&self) -> Vec<chrono::NaiveDate> {
        match self {
            IndiceHistorico::Siniestralidad { series, .. } => {
                series.iter().map(|o| o.date).collect()
            }
            IndiceHistorico::Desviacion { series, .. } => series.iter().map(|o| o.date).collect(),
        }
    }

    /// The per-observation shortfall share over the window: past_due / balance, or
    /// (projected − actual) / projected. The Monte Carlo is calibrated on these (T-10).
    /// Validation guarantees non-zero denominators.
    pub fn deviations(&self) -> Vec<Decimal> {
        let w = self.window_periods();
        match self {
            IndiceHistorico::Siniestralidad { series, .. } => window(series, w)
                .iter()
                .map(|o| o.past_due / o.balance)
                .collect(),
            IndiceHistorico::Desviacion { series, .. } => window(series, w)
                .iter()
                .map(|o| (o.projected - o.actual) / o.projected)
                .collect(),
        }
    }

    /// The index value over the window, rounded to 6 decimals (half-even).
    pub fn value(&self) -> Decimal {
        let w = self.window_periods();
        let v = match self {
            IndiceHistorico::Siniestralidad {
                variant, series, ..
            } => {
                let obs = window(series, w);
                match variant {
                    VarianteSiniestralidad::WeightedAverage => {
                        let pd: Decimal = obs.iter().map(|o| o.past_due).sum();
                        let bal: Decimal = obs.iter().map(|o| o.balance).sum();
                        pd / bal
                    }
                    VarianteSiniestralidad::SimpleAverage => mean(&self.deviations()),
                }
            }
            IndiceHistorico::Desviacion {
                variant, series, ..
            } => {
                let obs = window(series, w);
                match variant {
                    VarianteDesviacion::MeanNegativeDeviation => {
                        let neg: Decimal = obs
                            .iter()
                            .map(|o| (o.projected - o.actual).max(Decimal::ZERO))
                            .sum();
                        let proj: Decimal = obs.iter().map(|o| o.projected).sum();
                        neg / proj
                    }
                    VarianteDesviacion::CoefficientOfVariation => {
                        let actual: Vec<Decimal> = obs.iter().map(|o| o.actual).collect();
                        let m = mean(&actual);
                        if m.is_zero() {
                            Decimal::ZERO
                        } else {
                            sample_sd(&actual) / m
                        }
                    }
                }
            }
        };
        v.round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
    }
}

fn window<T>(series: &[T], w: usize) -> &[T] {
    &series[series.len().saturating_sub(w)..]
}

/// Arithmetic mean; zero for an empty slice.
pub fn mean(xs: &[Decimal]) -> Decimal {
    if xs.is_empty() {
        return Decimal::ZERO;
    }
    xs.iter().copied().sum::<Decimal>() / Decimal::from(xs.len())
}

/// Sample standard deviation (n − 1); zero below two observations.
pub fn sample_sd(xs: &[Decimal]) -> Decimal {
    if xs.len() < 2 {
        return Decimal::ZERO;
    }
    let m = mean(xs);
    let ss: Decimal = xs.iter().map(|x| (*x - m) * (*x - m)).sum();
    (ss / Decimal::from(xs.len() - 1))
        .sqrt()
        .unwrap_or(Decimal::ZERO)
}

/// The coverage of the mechanisms against the index (T-8), as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cobertura {
    /// "siniestralidad" or "desviacion".
    pub index_kind: String,
    /// The formula variant used.
    pub variant: String,
    pub window_periods: usize,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub window_from: Option<chrono::NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub window_to: Option<chrono::NaiveDate>,
    /// The index value (fraction, 6 decimals).
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub index: Decimal,
    pub base: BaseIndice,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub base_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub mechanisms_total: Decimal,
    /// mechanisms / (index × base), 4 decimals; `None` when the index is zero (any
    /// mechanism covers a zero index).
    #[serde(with = "rust_decimal::serde::float_option")]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub multiple: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub minimum: Decimal,
    pub meets_minimum: bool,
}

/// Computes the coverage multiple of `mechanisms_total` against the index over `base_amount`.
pub fn cobertura(
    indice: &IndiceHistorico,
    base_amount: Decimal,
    mechanisms_total: Decimal,
    minimum: Decimal,
) -> Cobertura {
    let index = indice.value();
    let denom = index * base_amount;
    let multiple = (!denom.is_zero()).then(|| {
        (mechanisms_total / denom).round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
    });
    let dates = indice.dates();
    let w = indice.window_periods().min(dates.len());
    let win = &dates[dates.len() - w..];
    Cobertura {
        index_kind: indice.kind_name().to_string(),
        variant: indice.variant_name().to_string(),
        window_periods: w,
        window_from: win.first().copied(),
        window_to: win.last().copied(),
        index,
        base: indice.base(),
        base_amount,
        mechanisms_total,
        meets_minimum: multiple.is_none_or(|m| m >= minimum),
        multiple,
        minimum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, 28).unwrap()
    }
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn sin(variant: VarianteSiniestralidad, w: usize) -> IndiceHistorico {
        IndiceHistorico::Siniestralidad {
            variant,
            window_periods: w,
            base: BaseIndice::Capital,
            series: vec![
                ObsSiniestralidad {
                    date: d(1),
                    balance: dec("1000"),
                    past_due: dec("100"),
                },
                ObsSiniestralidad {
                    date: d(2),
                    balance: dec("1000"),
                    past_due: dec("20"),
                },
                ObsSiniestralidad {
                    date: d(3),
                    balance: dec("3000"),
                    past_due: dec("90"),
                },
            ],
        }
    }

    #[test]
    fn t8_siniestralidad_variants_and_window_by_hand() {
        // Window of the last two: (20 + 90) / (1000 + 3000) = 0.0275.
        assert_eq!(
            sin(VarianteSiniestralidad::WeightedAverage, 2).value(),
            dec("0.0275")
        );
        // Mean of 0.02 and 0.03.
        assert_eq!(
            sin(VarianteSiniestralidad::SimpleAverage, 2).value(),
            dec("0.025")
        );
        // All three, weighted: 210 / 5000.
        assert_eq!(
            sin(VarianteSiniestralidad::WeightedAverage, 3).value(),
            dec("0.042")
        );
    }

    #[test]
    fn t8_desviacion_variants_by_hand() {
        let series = vec![
            ObsDesviacion {
                date: d(1),
                projected: dec("100"),
                actual: dec("90"),
            },
            ObsDesviacion {
                date: d(2),
                projected: dec("100"),
                actual: dec("110"),
            },
            ObsDesviacion {
                date: d(3),
                projected: dec("100"),
                actual: dec("100"),
            },
        ];
        let neg = IndiceHistorico::Desviacion {
            variant: VarianteDesviacion::MeanNegativeDeviation,
            window_periods: 3,
            base: BaseIndice::ProjectedFlows,
            series: series.clone(),
        };
        // Only the 10 short in period 1 counts: 10 / 300.
        assert_eq!(neg.value(), dec("0.033333"));
        let cv = IndiceHistorico::Desviacion {
            variant: VarianteDesviacion::CoefficientOfVariation,
            window_periods: 3,
            base: BaseIndice::ProjectedFlows,
            series,
        };
        // sd(90, 110, 100) = 10, mean 100.
        assert_eq!(cv.value(), dec("0.1"));
    }

    #[test]
    fn t8_coverage_multiple_is_mechanisms_over_index_times_base() {
        let i = sin(VarianteSiniestralidad::WeightedAverage, 2);
        // Required at 1.5x: 1.5 × 0.0275 × 20,000 = 825; mechanisms 800 → 1.4545x.
        let c = cobertura(&i, dec("20000"), dec("800"), dec("1.5"));
        assert_eq!(c.multiple, Some(dec("1.4545")));
        assert!(!c.meets_minimum);
        let c = cobertura(&i, dec("20000"), dec("825"), dec("1.5"));
        assert_eq!(c.multiple, Some(dec("1.5")));
        assert!(c.meets_minimum);
        assert_eq!(c.window_from, Some(d(2)));
        assert_eq!(c.window_to, Some(d(3)));
    }
}
