//! The national and regional scale engine (SPEC §3, seed 001: S&P *National And Regional
//! Scale Credit Ratings Methodology*, June 8, 2023).
//!
//! A [`spec::MappingSpec`] (N-1) is versioned data; [`spec::validate`] checks it (N-2);
//! [`mapping`] maps global credit quality to national options and back (N-3, N-11) and long
//! to short term (N-7); [`rate`] is the rating pipeline of one entity (N-3…N-7, N-9, N-10,
//! N-12) and [`issue`] rates its issues (N-8); [`impact`] re-rates many entities under a
//! candidate spec (N-13) and [`compression`] looks at the resulting distribution (N-14).
//! Every number the seed leaves to other criteria lives in [`notching`] parameters loaded
//! from versioned data. Every result carries a [`crate::trace::Trace`] and names the spec
//! and parameter versions it used.

pub mod compression;
pub mod error;
pub mod impact;
pub mod issue;
pub mod mapping;
pub mod notching;
pub mod rate;
pub mod spec;

pub use error::NationalError;

/// Where the pipeline's steps and warnings go: recorded for a rating that people read, or
/// skipped when only the outcome is wanted (N-13 compares final grades of many entities).
/// Both paths run the same rule code; only the recording differs.
pub(crate) struct Steps {
    pub on: bool,
    pub trace: crate::trace::Trace,
    pub warnings: Vec<Finding>,
}

impl Steps {
    pub fn recording() -> Self {
        Steps {
            on: true,
            trace: crate::trace::Trace::new(),
            warnings: Vec::new(),
        }
    }

    pub fn outcome_only() -> Self {
        Steps {
            on: false,
            trace: crate::trace::Trace::new(),
            warnings: Vec::new(),
        }
    }
}

/// Records a trace step; the arguments are evaluated only when recording.
macro_rules! step {
    ($steps:expr, $rule:expr, $section:expr, $subject:expr, $before:expr, $after:expr, $reason:expr $(,)?) => {
        if $steps.on {
            $steps
                .trace
                .step($rule, $section, $subject, $before, $after, $reason);
        }
    };
}

/// The optional "clamped at the end of the scale" clause of a notching step's reason.
pub(crate) fn clamped(clamped: bool) -> Option<crate::trace::TraceMessage> {
    clamped.then(|| crate::trace::TraceMessage::new("national.clamped"))
}

/// Records a warning; the finding is built only when recording.
macro_rules! warn_finding {
    ($steps:expr, $finding:expr $(,)?) => {
        if $steps.on {
            $steps.warnings.push($finding);
        }
    };
}
pub(crate) use {step, warn_finding};

/// Seed sections cited by the traces, so code, tests and reports quote them identically.
pub mod section {
    pub const FRAMEWORK: &str = "001 §National Scale Mapping Framework, Design, And Calibration";
    pub const TABLE_2: &str = "001 §National scale long- to short-term rating (Table 2)";
    pub const WITH_ICR: &str = "001 §Sectors where we assign issuer credit ratings";
    pub const WITHOUT_ICR: &str = "001 §Sectors where we do not assign issuer credit ratings";
    pub const HOLISTIC: &str = "001 §Holistic analysis";
    pub const SUBORDINATION: &str = "001 §Additional Considerations: Subordination";
    pub const RECOVERY: &str = "001 §Additional Considerations: Recovery ratings";
    pub const HYBRID: &str = "001 §Additional Considerations: Hybrid capital instruments";
    pub const FOREIGN_CURRENCY: &str = "001 §National scale issue credit ratings: foreign currency";
    pub const NOHC: &str = "001 §Financial services nonoperating holding companies";
    pub const SOVEREIGN: &str =
        "001 §Interaction between sovereign ratings and national scale ratings";
    pub const STAND_ALONE: &str = "001 §Stand-alone credit quality on national scale";
    pub const REVERSE: &str = "001 §Reverse application of national scale mapping";
    pub const PRINCIPLES: &str =
        "001 §National Scale Credit Rating Principles, Definitions, And Symbols";
    pub const IMPACT: &str = "001 §Impact On Outstanding Ratings";
}

/// One finding of a validation or a pipeline check: the rule it enforces, a short check
/// name for machines, and a message for people naming the field and the value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub rule: String,
    pub check: String,
    pub message: String,
    /// Where in the document the finding points, when it is one place: `anchor`,
    /// `rows[3]` (the spec file's row index), so an editor can show it next to that field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
    /// The message as a catalogue message, for the reader's language: every finding the
    /// engine words itself carries it; one quoting a library's text (`readable`) has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message_i18n: Option<Box<crate::trace::TraceMessage>>,
}

impl Finding {
    /// A finding worded by a catalogue message; its English `message` is rendered from it.
    pub fn worded(rule: &str, check: &str, message: crate::trace::TraceMessage) -> Self {
        Finding {
            message_i18n: Some(Box::new(message.clone())),
            ..Finding::new(rule, check, message.english())
        }
    }

    pub fn new(rule: &str, check: &str, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.to_string(),
            check: check.to_string(),
            message: message.into(),
            field: None,
            message_i18n: None,
        }
    }

    /// The same finding, pointing at `field` of the document.
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}
