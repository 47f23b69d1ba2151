//! The analyst's operations over a workbook (SPEC §7): what the CLI and the app both do,
//! written once. Each operation reads records from `ratebook-store`, turns them into the
//! inputs of `ratebook-core`, and returns the core's values; writes go back through the
//! store's audited transactions.
//!
//! Architecture invariant: no rating rule lives here (they are in the core) and no SQL
//! (it is in the store); this crate only composes them. It knows nothing of PDFs or of the
//! UI, so the CLI and the Tauri commands stay a few lines each.

pub mod candidate;
pub mod catalogue;
pub mod committee;
pub mod committee_draft;
pub mod demo;
pub mod issuer;
pub mod methodology;
pub mod report;
pub mod signing;
pub mod start;
pub mod titularizacion;

/// Why an operation over a workbook failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkbenchError {
    #[error(transparent)]
    Store(#[from] ratebook_store::StoreError),
    #[error("methodology document {kind} '{id}' version {version} stored in the workbook cannot be read: {message}")]
    Methodology {
        kind: String,
        id: String,
        version: String,
        message: String,
    },
    /// A committee rule refused the session as a whole (its message starts with the rule id).
    #[error(transparent)]
    Committee(Box<ratebook_core::committee::CommitteeError>),
    #[error("{}", ratebook_core::committee::refusal::ruled("C-2", committee_draft::session_exists(.session)).english())]
    SessionExists { session: String },
    #[error("C-2 the workbook holds no approved committee-rules methodology; file and approve one (fixtures/methodologies/committee/)")]
    NoCommitteeRules,
    #[error("decision {decision} stored in the workbook cannot be read back: {message}")]
    DecisionRecord { decision: i64, message: String },
    #[error("a result could not be written as JSON: {message}")]
    Json { message: String },
    #[error("C-7 {message}")]
    Approval { message: String },
    #[error("{field} '{value}' cannot be used; accepted: {accepted}")]
    Candidate {
        field: String,
        value: String,
        accepted: String,
    },
    /// A candidate methodology version with errors is not filed; every error is listed.
    #[error("{} the candidate has {} error(s) and was not filed: {}", .errors.first().map(|e| e.rule.as_str()).unwrap_or("C-7"), .errors.len(), .errors.iter().map(|e| format!("{} {}", e.rule, e.message)).collect::<Vec<_>>().join("; "))]
    CandidateRefused {
        errors: Vec<ratebook_core::national::Finding>,
    },
    #[error("item {item}: engine.case '{path}' is not a readable titularización case (accepted: a `ratebook titularizacion rate --case` JSON file): {message}")]
    EngineCase {
        item: String,
        path: String,
        message: String,
    },
    /// The analyst's input refused by a rule (the message starts with the rule id).
    #[error("{rule} {field} = \"{value}\": accepted {accepted}")]
    Rule {
        rule: String,
        field: String,
        value: String,
        accepted: String,
    },
    /// The stored deal and the analysis do not make a case the engine accepts.
    #[error("titularización {titularizacion}: the engine refuses the case built from the workbook: {message}")]
    EngineInput {
        titularizacion: String,
        message: String,
    },
    #[error("cannot make the report of decision {decision}: {message}")]
    ReportData { decision: i64, message: String },
    #[error("cannot lay out the document: {0}")]
    Layout(#[from] ratebook_report::layout::LayoutError),
}

impl From<ratebook_core::committee::CommitteeError> for WorkbenchError {
    fn from(e: ratebook_core::committee::CommitteeError) -> Self {
        WorkbenchError::Committee(Box::new(e))
    }
}

impl WorkbenchError {
    pub(crate) fn json(e: serde_json::Error) -> WorkbenchError {
        WorkbenchError::Json {
            message: e.to_string(),
        }
    }
}
