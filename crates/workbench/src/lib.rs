//! The analyst's operations over a workbook (SPEC §7): what the CLI and the app both do,
//! written once. Each operation reads records from `ratebook-store`, turns them into the
//! inputs of `ratebook-core`, and returns the core's values; writes go back through the
//! store's audited transactions.
//!
//! Architecture invariant: no rating rule lives here (they are in the core) and no SQL
//! (it is in the store); this crate only composes them. It knows nothing of PDFs or of the
//! UI, so the CLI and the Tauri commands stay a few lines each.

pub mod catalogue;
pub mod report;

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
    #[error("cannot make the report of decision {decision}: {message}")]
    ReportData { decision: i64, message: String },
    #[error("cannot lay out the document: {0}")]
    Layout(#[from] ratebook_report::layout::LayoutError),
}
