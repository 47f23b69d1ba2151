//! Agenda items (SPEC C-2): rating proposals for an issuer, an issue, a titularización or
//! one of its classes, with the engine's indicative result, the analyst's recommendation,
//! the methodology version and the information cut-off.

use super::lifecycle::MethodologyRef;
use super::record::RecordDetails;
use super::refusal::CommitteeError;
use super::scale::ItemScale;
use crate::trace::{msg, Trace, TraceMessage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is being rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    Issuer,
    Issue,
    Titularizacion,
    /// A class or series of a titularización (T-12): rated on its own.
    Class,
}

/// The rated entity or instrument. Ratings history is kept per subject id; a class also
/// names its titularización in `parent`, so a titularización's history lists its classes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub kind: SubjectKind,
    /// Workbook id, e.g. "FT-DEMO-1/A" for class A of FT-DEMO-1.
    pub id: String,
    /// As printed, e.g. "Fideicomiso Demo Uno (fictional) — Clase A".
    pub name: String,
    /// The titularización of a class, or the issuer of an issue.
    #[serde(default)]
    pub parent: Option<String>,
}

impl Subject {
    /// A titularización or a class of one: the T-6 guard and the six-month review apply.
    pub fn is_titularizacion(&self) -> bool {
        matches!(self.kind, SubjectKind::Titularizacion | SubjectKind::Class)
    }

    /// Whether this subject belongs to the history of `entity`: itself, or a class or issue
    /// of it.
    pub fn belongs_to(&self, entity: &str) -> bool {
        self.id == entity || self.parent.as_deref() == Some(entity)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.kind_str(), self.id)
    }
}

impl Subject {
    fn kind_str(&self) -> &'static str {
        match self.kind {
            SubjectKind::Issuer => "issuer",
            SubjectKind::Issue => "issue",
            SubjectKind::Titularizacion => "titularización",
            SubjectKind::Class => "class",
        }
    }
}

/// The engine's indicative result, as the committee receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct IndicativeResult {
    /// The indicative rating, a symbol of the item's scale.
    pub rating: String,
    /// What produced it in words, e.g. "national mapping brA+ (N-3…N-6)" or "weighted
    /// score 3.41 of 5 (T-3)".
    pub summary: String,
    /// The summary as a trace catalogue message, when the engine wrote it (SPEC §7): the
    /// window words it in the reader's language. Absent in files that give only words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub summary_message: Option<crate::trace::TraceMessage>,
    /// The engine's trace (national-scale steps or weighted factors), kept with the decision.
    #[serde(default)]
    pub trace: Trace,
}

/// One rating proposal on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The item's id within the session, e.g. "1".
    pub id: String,
    pub subject: Subject,
    /// The scale the item is decided on, best first.
    pub scale: ItemScale,
    /// The methodology version the indicative result was computed under.
    pub methodology: MethodologyRef,
    pub indicative: IndicativeResult,
    /// The lead analyst's recommended rating, a symbol of the scale.
    pub recommendation: String,
    /// The id of the lead analyst, a member present with the analyst role.
    pub lead_analyst: String,
    /// The date of the latest information the analysis incorporates (T-6).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub information_cutoff: NaiveDate,
    /// What the rating record keeps besides the vote (C-6).
    pub record: RecordDetails,
}

impl AgendaItem {
    /// C-2: non-empty ids and names, a usable scale, the indicative rating and the
    /// recommendation on it.
    pub fn validate(&self) -> Result<(), CommitteeError> {
        let empty = |field: &str, expected: TraceMessage| CommitteeError::ItemFieldEmpty {
            item: self.id.clone(),
            field: field.to_string(),
            expected,
        };
        if self.id.trim().is_empty() {
            return Err(empty("id", msg!("refusal.expected.id")));
        }
        if self.subject.id.trim().is_empty() {
            return Err(empty("subject.id", msg!("refusal.expected.subject")));
        }
        if self.subject.name.trim().is_empty() {
            return Err(empty("subject.name", msg!("refusal.expected.subject")));
        }
        if self.subject.kind == SubjectKind::Class
            && self
                .subject
                .parent
                .as_deref()
                .is_none_or(|p| p.trim().is_empty())
        {
            return Err(empty("subject.parent", msg!("refusal.expected.parent")));
        }
        if self.methodology.id.trim().is_empty() || self.methodology.version.trim().is_empty() {
            return Err(empty("methodology", msg!("refusal.expected.methodology")));
        }
        if self.indicative.summary.trim().is_empty() {
            return Err(empty(
                "indicative.summary",
                msg!("refusal.expected.summary"),
            ));
        }
        if let Some(problem) = self.scale.problem() {
            return Err(CommitteeError::Scale {
                item: self.id.clone(),
                problem,
            });
        }
        self.symbol("indicative.rating", &self.indicative.rating)?;
        self.symbol("recommendation", &self.recommendation)?;
        self.record.validate(&self.id)
    }

    /// The position of `symbol` on the item's scale, or the C-2 error naming the field.
    pub fn symbol(&self, field: &str, symbol: &str) -> Result<usize, CommitteeError> {
        self.scale
            .index(symbol)
            .map_err(|e| CommitteeError::UnknownSymbol {
                item: self.id.clone(),
                field: field.to_string(),
                symbol: e.symbol,
                scale: e.scale,
                accepted: e.accepted,
            })
    }
}
