//! Parameters the seed leaves to other criteria (N-7, N-8, N-14), as versioned data.
//!
//! Seed 001 says *that* issue ratings are notched for subordination, recovery and hybrid
//! features, and *that* an alternative short-term mapping exists, but the numbers live in
//! other S&P criteria. Ratebook keeps each as a table with its own source and basis flag
//! (`verified`, `inferred`, `project-default`) in `fixtures/methodologies/national/`, and
//! every result names the version it used.

use crate::scale::{GlobalRating, ShortTermRating};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Errors reading a parameter file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParameterError {
    #[error("{id}: could not read the parameters: {message}")]
    Toml { id: String, message: String },
    #[error("{id}: kind is '{found}'; expected '{expected}'")]
    Kind {
        id: String,
        found: String,
        expected: &'static str,
    },
    #[error("{id}: {field}: {why}")]
    Field {
        id: String,
        field: String,
        why: String,
    },
}

/// One recovery rating and the notches it moves the issue from the ICR (N-8b).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRow {
    /// "1+", "1" … "6".
    pub rr: String,
    pub notches: i32,
    pub description: String,
    pub range: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryTable {
    pub basis: String,
    pub source: String,
    /// Recovery ratings apply only when global issuer credit quality is at or below this
    /// level (seed: BB+).
    pub max_issuer_global: GlobalRating,
    pub rows: Vec<RecoveryRow>,
}

/// Notches for one seniority, by whether the global ICR is investment grade (N-8a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeniorityRow {
    pub seniority: String,
    pub investment_grade: i32,
    pub speculative_grade: i32,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubordinationTable {
    pub basis: String,
    pub source: String,
    /// The seniority an issue has when the case does not say.
    pub default_seniority: String,
    pub rows: Vec<SeniorityRow>,
}

/// Hybrid notching (N-8c): the minimum notches below the global starting point, and the
/// extra national notches once the hybrid's global quality is in the CCC category or below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HybridTable {
    pub basis: String,
    pub source: String,
    pub investment_grade: i32,
    pub speculative_grade: i32,
    /// Extra downward notches apply when the hybrid's global quality is at or below this.
    pub ccc_threshold: GlobalRating,
    pub ccc_extra_notches: i32,
    pub ccc_extra_basis: String,
}

/// When a national distribution counts as crowded at the top (N-14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompressionParameters {
    pub basis: String,
    pub source: String,
    /// How many national notches from xxAAA down count as "the top".
    pub top_notches: u8,
    /// Share of rated entities in the top notches above which the scale is crowded.
    pub max_top_share: f64,
}

/// The notching parameters of the national engine, one versioned file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotchingParameters {
    pub kind: String,
    pub id: String,
    pub version: String,
    pub effective_date: NaiveDate,
    pub source: String,
    pub basis: String,
    pub recovery: RecoveryTable,
    pub subordination: SubordinationTable,
    pub hybrid: HybridTable,
    pub compression: CompressionParameters,
}

impl NotchingParameters {
    pub const KIND: &'static str = "national-notching";

    /// Parses and checks the parameter file: seniority and recovery names unique, the
    /// default seniority listed, hybrid notches not upward, a compression share in 0…1.
    pub fn from_toml(text: &str) -> Result<NotchingParameters, ParameterError> {
        let p: NotchingParameters = toml::from_str(text).map_err(|e| ParameterError::Toml {
            id: "national-notching".into(),
            message: e.to_string().trim().to_string(),
        })?;
        let field = |field: &str, why: String| ParameterError::Field {
            id: p.id.clone(),
            field: field.into(),
            why,
        };
        if p.kind != Self::KIND {
            return Err(ParameterError::Kind {
                id: p.id.clone(),
                found: p.kind.clone(),
                expected: Self::KIND,
            });
        }
        for (i, r) in p.recovery.rows.iter().enumerate() {
            if p.recovery.rows[..i].iter().any(|o| o.rr == r.rr) {
                return Err(field(
                    "recovery.rows",
                    format!("recovery rating '{}' listed twice", r.rr),
                ));
            }
        }
        for (i, r) in p.subordination.rows.iter().enumerate() {
            if p.subordination.rows[..i]
                .iter()
                .any(|o| o.seniority == r.seniority)
            {
                return Err(field(
                    "subordination.rows",
                    format!("seniority '{}' listed twice", r.seniority),
                ));
            }
        }
        if p.seniority(&p.subordination.default_seniority).is_none() {
            return Err(field(
                "subordination.default_seniority",
                format!(
                    "'{}' is not a listed seniority",
                    p.subordination.default_seniority
                ),
            ));
        }
        if p.hybrid.investment_grade < 0
            || p.hybrid.speculative_grade < 0
            || p.hybrid.ccc_extra_notches < 0
        {
            return Err(field(
                "hybrid",
                "hybrid notches are counted downwards and cannot be negative".into(),
            ));
        }
        if !(0.0..=1.0).contains(&p.compression.max_top_share) || p.compression.top_notches == 0 {
            return Err(field(
                "compression",
                "max_top_share is a share in 0…1 and top_notches at least 1".into(),
            ));
        }
        Ok(p)
    }

    pub fn seniority(&self, name: &str) -> Option<&SeniorityRow> {
        self.subordination.rows.iter().find(|r| r.seniority == name)
    }

    pub fn recovery(&self, rr: &str) -> Option<&RecoveryRow> {
        self.recovery.rows.iter().find(|r| r.rr == rr)
    }

    pub fn seniorities(&self) -> String {
        self.subordination
            .rows
            .iter()
            .map(|r| r.seniority.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn recovery_ratings(&self) -> String {
        self.recovery
            .rows
            .iter()
            .map(|r| r.rr.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One row of a national long- to short-term table, by national grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortTermTableRow {
    pub lt: GlobalRating,
    pub st: ShortTermRating,
}

/// A national long- to short-term table (N-7), by grade, independent of affixes: the
/// seed's Table 2 (standard) or the alternative for issuers whose liquidity is exceptional
/// or a key strength.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortTermTable {
    pub kind: String,
    pub id: String,
    pub version: String,
    pub effective_date: NaiveDate,
    pub source: String,
    pub basis: String,
    #[serde(default)]
    pub notes: String,
    pub rows: Vec<ShortTermTableRow>,
}

impl ShortTermTable {
    pub const KIND: &'static str = "national-short-term";

    /// Parses a table and checks it has exactly one row for every long-term grade.
    pub fn from_toml(text: &str) -> Result<ShortTermTable, ParameterError> {
        let t: ShortTermTable = toml::from_str(text).map_err(|e| ParameterError::Toml {
            id: "national-short-term".into(),
            message: e.to_string().trim().to_string(),
        })?;
        if t.kind != Self::KIND {
            return Err(ParameterError::Kind {
                id: t.id.clone(),
                found: t.kind.clone(),
                expected: Self::KIND,
            });
        }
        for g in GlobalRating::ALL {
            let n = t.rows.iter().filter(|r| r.lt == *g).count();
            if n != 1 {
                return Err(ParameterError::Field {
                    id: t.id.clone(),
                    field: "rows".into(),
                    why: format!("long-term grade {g} has {n} rows; every grade needs exactly one"),
                });
            }
        }
        Ok(t)
    }

    /// The short-term grade of long-term `lt`. Total after `from_toml`.
    pub fn short_term(&self, lt: GlobalRating) -> ShortTermRating {
        self.rows
            .iter()
            .find(|r| r.lt == lt)
            .map(|r| r.st)
            // Invariant: from_toml checked that every grade has a row.
            .expect("short-term table covers every grade")
    }
}

/// Everything the pipeline needs besides the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalParameters {
    pub notching: NotchingParameters,
    pub short_term_standard: ShortTermTable,
    pub short_term_alternative: ShortTermTable,
}
