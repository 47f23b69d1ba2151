//! Factor weights, score→category bands and the other parameters the methodology leaves
//! open (SPEC T-3, T-8, T-10, T-12, T-13; seed 003 §2.10 and its non-public annex 2).
//!
//! The seed's weights (annex 2) are not public, so Ratebook ships its own default set
//! (`basis = "project-default"`) as versioned data, consistent with seed §2.10: cash-flow
//! solvency, legal security and collateral dominate, macro and sector are not determinant,
//! liquidity is secondary. Every result records the `version` it used.

use super::categoria::Categoria;
use super::factor::FactorId;
use crate::trace::{msg, TraceMessage};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What to do with the category when the coverage multiple is below the minimum (T-8),
/// pending the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CoverageCapRule {
    /// The category may not be better than `category`.
    CapAt { category: Categoria },
    /// The category is lowered by `notches`.
    NotchesDown { notches: u8 },
}

impl std::fmt::Display for CoverageCapRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoverageCapRule::CapAt { category } => write!(f, "cap at {category}"),
            CoverageCapRule::NotchesDown { notches } => write!(f, "{notches} notches down"),
        }
    }
}

/// Coverage parameters (T-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageParams {
    /// Regulatory minimum multiple of the index the mechanisms must cover (unconfirmed in
    /// public regulation; default 1.5, see shared reference).
    pub minimum_multiple: Decimal,
    /// The cap applied below the minimum.
    pub cap_when_below: CoverageCapRule,
}

/// One score band: a weighted score at or above `min_score` maps to `category` (unless a
/// higher band applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min_score: Decimal,
    pub category: Categoria,
}

/// A probability of full timely payment at or above `min_p_timely` allows a class at most
/// `max_category` (T-10, T-12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelyBand {
    pub min_p_timely: Decimal,
    pub max_category: Categoria,
}

/// Precision of the analytical equilibrium search (T-13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquilibriumParams {
    /// For stresses expressed as fractions (price, volume, default, prepayment).
    pub fraction_precision: Decimal,
    /// For collection delay, in periods.
    pub delay_precision: Decimal,
}

/// The titularización methodology data (one versioned TOML file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ponderacion {
    /// Always "titularizacion-weights".
    pub kind: String,
    pub id: String,
    pub version: String,
    pub effective_date: chrono::NaiveDate,
    pub source: String,
    pub basis: String,
    /// Weight of each factor in percent, keyed by the seed's number ("2.1" … "2.9").
    pub weights: BTreeMap<String, Decimal>,
    /// Highest score of the factor scale (scores run 0…max).
    pub score_max: Decimal,
    /// Score bands, best category first.
    pub bands: Vec<Band>,
    pub coverage: CoverageParams,
    pub timely_payment_bands: Vec<TimelyBand>,
    pub equilibrium: EquilibriumParams,
    /// T-6 parameter (calendar months, default 2).
    pub freshness_max_age_months: u32,
}

/// Invalid methodology data; each names the field and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PonderacionError {
    Parse(String),
    Kind(String),
    UnknownFactor(String),
    MissingWeight(&'static str),
    NegativeWeight {
        factor: String,
        value: Decimal,
    },
    WeightsSum {
        sum: Decimal,
    },
    ScoreMax(Decimal),
    BandOrder {
        index: usize,
        min_score: Decimal,
        category: Categoria,
    },
    BandsDoNotReachZero(Decimal),
    MinimumMultiple(Decimal),
    TimelyBands {
        index: usize,
        value: Decimal,
    },
    Precision {
        field: &'static str,
        value: Decimal,
    },
    Freshness(u32),
}

impl std::fmt::Display for PonderacionError {
    /// The English wording of [`PonderacionError::message`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for PonderacionError {}

impl PonderacionError {
    /// The error as a catalogue message (`titularizacion.error.*` in `trace.json`), for the
    /// reader's language.
    pub fn message(&self) -> TraceMessage {
        use PonderacionError::*;
        let d = |v: &Decimal| v.to_string();
        match self {
            Parse(detail) => msg!("titularizacion.error.parse", detail = detail),
            Kind(kind) => msg!("titularizacion.error.kind", kind = kind),
            UnknownFactor(factor) => msg!("titularizacion.error.unknown_factor", factor = factor),
            MissingWeight(factor) => msg!("titularizacion.error.missing_weight", factor = *factor),
            NegativeWeight { factor, value } => msg!(
                "titularizacion.error.negative_weight",
                factor = factor,
                value = d(value),
            ),
            WeightsSum { sum } => msg!("titularizacion.error.weights_sum", sum = d(sum)),
            ScoreMax(v) => msg!("titularizacion.error.score_max", value = d(v)),
            BandOrder {
                index,
                min_score,
                category,
            } => msg!(
                "titularizacion.error.band_order",
                index = *index,
                min_score = d(min_score),
                category = category.to_string(),
            ),
            BandsDoNotReachZero(v) => msg!("titularizacion.error.bands_reach_zero", value = d(v)),
            MinimumMultiple(v) => msg!("titularizacion.error.minimum_multiple", value = d(v)),
            TimelyBands { index, value } => msg!(
                "titularizacion.error.timely_bands",
                index = *index,
                value = d(value),
            ),
            Precision { field, value } => msg!(
                "titularizacion.error.precision",
                field = *field,
                value = d(value),
            ),
            Freshness(months) => msg!("titularizacion.error.freshness", months = *months),
        }
    }

    /// The rule whose parameter the error is about: weights and bands are T-3, the coverage
    /// minimum T-8, the timely-payment bands T-10, the equilibrium precision T-13, the
    /// freshness limit T-6.
    pub fn rule(&self) -> &'static str {
        match self {
            PonderacionError::MinimumMultiple(_) => "T-8",
            PonderacionError::TimelyBands { .. } => "T-10",
            PonderacionError::Precision { .. } => "T-13",
            PonderacionError::Freshness(_) => "T-6",
            _ => "T-3",
        }
    }

    /// The field of the methodology file the error is about (`weights`, `weights.2.4`,
    /// `bands[2]`…), so an editor can show it next to that field.
    pub fn field(&self) -> Option<String> {
        Some(match self {
            PonderacionError::Parse(_) => return None,
            PonderacionError::Kind(_) => "kind".into(),
            PonderacionError::UnknownFactor(f) => format!("weights.{f}"),
            PonderacionError::MissingWeight(f) => format!("weights.{f}"),
            PonderacionError::NegativeWeight { factor, .. } => format!("weights.{factor}"),
            PonderacionError::WeightsSum { .. } => "weights".into(),
            PonderacionError::ScoreMax(_) => "score_max".into(),
            PonderacionError::BandOrder { index, .. } => format!("bands[{index}]"),
            PonderacionError::BandsDoNotReachZero(_) => "bands".into(),
            PonderacionError::MinimumMultiple(_) => "coverage.minimum_multiple".into(),
            PonderacionError::TimelyBands { index, .. } => {
                format!("timely_payment_bands[{index}]")
            }
            PonderacionError::Precision { field, .. } => format!("equilibrium.{field}"),
            PonderacionError::Freshness(_) => "freshness_max_age_months".into(),
        })
    }
}

impl Ponderacion {
    /// Parses and validates methodology data from TOML.
    pub fn from_toml(text: &str) -> Result<Ponderacion, PonderacionError> {
        let p: Ponderacion =
            toml::from_str(text).map_err(|e| PonderacionError::Parse(e.to_string()))?;
        p.validate()?;
        Ok(p)
    }

    /// Checks every invariant the engine relies on.
    pub fn validate(&self) -> Result<(), PonderacionError> {
        if self.kind != "titularizacion-weights" {
            return Err(PonderacionError::Kind(self.kind.clone()));
        }
        for key in self.weights.keys() {
            if FactorId::from_code(key).is_none() {
                return Err(PonderacionError::UnknownFactor(key.clone()));
            }
        }
        let mut sum = Decimal::ZERO;
        for f in FactorId::ALL {
            let w = self
                .weights
                .get(f.code())
                .ok_or(PonderacionError::MissingWeight(f.code()))?;
            if w.is_sign_negative() && !w.is_zero() {
                return Err(PonderacionError::NegativeWeight {
                    factor: f.code().to_string(),
                    value: *w,
                });
            }
            sum += *w;
        }
        if sum != Decimal::ONE_HUNDRED {
            return Err(PonderacionError::WeightsSum {
                sum: sum.normalize(),
            });
        }
        if self.score_max <= Decimal::ZERO {
            return Err(PonderacionError::ScoreMax(self.score_max));
        }
        for (i, pair) in self.bands.windows(2).enumerate() {
            if pair[1].min_score >= pair[0].min_score
                || !pair[0].category.better_than(pair[1].category)
            {
                return Err(PonderacionError::BandOrder {
                    index: i + 1,
                    min_score: pair[1].min_score,
                    category: pair[1].category,
                });
            }
        }
        match self.bands.last() {
            Some(b) if b.min_score.is_zero() => {}
            Some(b) => return Err(PonderacionError::BandsDoNotReachZero(b.min_score)),
            None => return Err(PonderacionError::BandsDoNotReachZero(Decimal::ONE_HUNDRED)),
        }
        if self.coverage.minimum_multiple <= Decimal::ZERO {
            return Err(PonderacionError::MinimumMultiple(
                self.coverage.minimum_multiple,
            ));
        }
        let tb = &self.timely_payment_bands;
        for (i, b) in tb.iter().enumerate() {
            let bad_range = b.min_p_timely < Decimal::ZERO || b.min_p_timely > Decimal::ONE;
            let bad_order = i > 0
                && (b.min_p_timely >= tb[i - 1].min_p_timely
                    || !tb[i - 1].max_category.better_than(b.max_category));
            if bad_range || bad_order {
                return Err(PonderacionError::TimelyBands {
                    index: i,
                    value: b.min_p_timely,
                });
            }
        }
        match tb.last() {
            Some(b) if b.min_p_timely.is_zero() => {}
            _ => {
                return Err(PonderacionError::TimelyBands {
                    index: tb.len().saturating_sub(1),
                    value: tb.last().map(|b| b.min_p_timely).unwrap_or(Decimal::ONE),
                })
            }
        }
        for (field, value) in [
            ("fraction_precision", self.equilibrium.fraction_precision),
            ("delay_precision", self.equilibrium.delay_precision),
        ] {
            if value <= Decimal::ZERO {
                return Err(PonderacionError::Precision { field, value });
            }
        }
        if !(1..=24).contains(&self.freshness_max_age_months) {
            return Err(PonderacionError::Freshness(self.freshness_max_age_months));
        }
        Ok(())
    }

    /// The weight (percent) of `factor`. Total after `validate`.
    pub fn weight(&self, factor: FactorId) -> Decimal {
        self.weights
            .get(factor.code())
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The category a weighted score falls in (T-3). Total after `validate` (the last band
    /// starts at 0 and scores are never negative).
    pub fn category_for_score(&self, score: Decimal) -> Categoria {
        self.bands
            .iter()
            .find(|b| score >= b.min_score)
            .map(|b| b.category)
            .unwrap_or(Categoria::E)
    }

    /// The best category a class with this probability of timely payment may hold (T-10).
    pub fn category_for_p_timely(&self, p: Decimal) -> Categoria {
        self.timely_payment_bands
            .iter()
            .find(|b| p >= b.min_p_timely)
            .map(|b| b.max_category)
            .unwrap_or(Categoria::E)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    #[test]
    fn t3_shipped_weights_follow_seed_2_10() {
        let p = builtin::titularizacion_ponderacion();
        assert_eq!(p.basis, "project-default");
        let w = |f| p.weight(f);
        let base = [
            FactorId::ActivoSubyacente,
            FactorId::CertidumbreFlujos,
            FactorId::MecanismosCobertura,
            FactorId::EstructuracionLegal,
        ];
        let not_determinant = [
            FactorId::EntornoMacroeconomico,
            FactorId::SectorMercado,
            FactorId::Liquidez,
        ];
        for b in base {
            for n in not_determinant {
                assert!(w(b) > w(n), "{b} must weigh more than {n}");
            }
        }
        let base_share: Decimal = base.iter().map(|f| w(*f)).sum();
        assert!(base_share > Decimal::from(60), "{base_share}");
        let min = FactorId::ALL.iter().map(|f| w(*f)).min().unwrap();
        assert_eq!(w(FactorId::Liquidez), min, "liquidity is secondary");
    }

    #[test]
    fn t3_weights_must_sum_to_100() {
        let text =
            builtin::TITULARIZACION_WEIGHTS_TOML.replace("\"2.9\" = \"2.5\"", "\"2.9\" = \"5\"");
        assert_ne!(
            text,
            builtin::TITULARIZACION_WEIGHTS_TOML,
            "fixture edit applied"
        );
        let err = Ponderacion::from_toml(&text).unwrap_err();
        assert_eq!(
            err,
            PonderacionError::WeightsSum {
                sum: Decimal::from(1025) / Decimal::from(10)
            }
        );
        assert!(err.to_string().contains("sum to 102.5 %"), "{err}");
    }

    #[test]
    fn t3_a_weights_error_names_its_rule_and_field() {
        let sum = PonderacionError::WeightsSum {
            sum: Decimal::from(99),
        };
        assert_eq!(
            (sum.rule(), sum.field().as_deref()),
            ("T-3", Some("weights"))
        );
        let negative = PonderacionError::NegativeWeight {
            factor: "2.4".into(),
            value: Decimal::from(-1),
        };
        assert_eq!(negative.field().as_deref(), Some("weights.2.4"));
        let band = PonderacionError::BandOrder {
            index: 2,
            min_score: Decimal::from(90),
            category: Categoria::AAA,
        };
        assert_eq!(
            (band.rule(), band.field().as_deref()),
            ("T-3", Some("bands[2]"))
        );
        assert_eq!(
            PonderacionError::MinimumMultiple(Decimal::ZERO).rule(),
            "T-8"
        );
        assert_eq!(PonderacionError::Freshness(0).rule(), "T-6");
    }

    #[test]
    fn t3_bands_map_every_score() {
        let p = builtin::titularizacion_ponderacion();
        assert_eq!(p.category_for_score(Decimal::ONE_HUNDRED), Categoria::AAA);
        assert_eq!(p.category_for_score(Decimal::ZERO), Categoria::E);
        let mut last = Categoria::AAA;
        for s in (0..=100).rev() {
            let c = p.category_for_score(Decimal::from(s));
            assert!(!c.better_than(last), "bands are monotone at {s}");
            last = c;
        }
    }
}
