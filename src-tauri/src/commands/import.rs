//! Import of issuers or issues from a CSV or XLSX file into the open workbook: all rows or
//! none; a refusal carries every bad row.

use crate::session::{self, Session};
use ratebook_store::error_report::ErrorReport;
use ratebook_store::import::{self, ImportReport, Kind};
use std::path::Path;
use tauri::State;

/// Imports `path` as `kind` rows.
#[tauri::command]
pub async fn import_rows(
    session: State<'_, Session>,
    kind: Kind,
    path: String,
) -> Result<ImportReport, ErrorReport> {
    session.with(|wb| {
        import::import_file(wb, &session::stamp(), kind, Path::new(path.trim()))
            .map_err(|e| (&e).into())
    })
}
