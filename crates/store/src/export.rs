//! Export of issuers, issues, cash-flow schedules and history series to CSV or XLSX, in
//! exactly the columns import reads (a file exported can be imported back unchanged), and
//! of whole methodologies and cases as JSON.

use crate::import::Kind;
use crate::methodology::{self, MethodologyDocument};
use crate::tabular::{self, TabularError};
use crate::{entities, titularizacion, StoreError, Workbook};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    File(#[from] TabularError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    pub kind: Kind,
    pub rows: usize,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// The rows of `kind` as text cells in [`Kind::columns`] order.
pub fn rows(wb: &Workbook, kind: Kind) -> Result<Vec<Vec<String>>, StoreError> {
    let conn = wb.connection();
    Ok(match kind {
        Kind::Issuers => entities::issuers(conn)?
            .into_iter()
            .map(|i| {
                vec![
                    i.code,
                    i.name,
                    i.sector.to_string(),
                    i.country,
                    opt(&i.sovereign),
                    opt(&i.national_scale),
                    opt(&i.global_lc),
                    opt(&i.global_fc),
                    opt(&i.peer_position),
                    i.fictional.to_string(),
                ]
            })
            .collect(),
        Kind::Issues => entities::issues(conn)?
            .into_iter()
            .map(|i| {
                vec![
                    i.code,
                    i.issuer,
                    i.name,
                    i.seniority.to_string(),
                    i.currency,
                    i.foreign_currency.to_string(),
                    opt(&i.recovery_rating),
                    opt(&i.amount),
                    opt(&i.maturity),
                ]
            })
            .collect(),
        Kind::Flows => titularizacion::flows(conn, None)?
            .into_iter()
            .map(|f| {
                vec![
                    f.titularizacion,
                    f.line.to_string(),
                    opt(&f.class),
                    f.period.to_string(),
                    f.due_on.to_string(),
                    f.amount.to_string(),
                ]
            })
            .collect(),
        Kind::History => titularizacion::history(conn, None)?
            .into_iter()
            .map(|h| {
                vec![
                    h.titularizacion,
                    h.series.to_string(),
                    h.period.to_string(),
                    h.value.to_string(),
                ]
            })
            .collect(),
    })
}

/// Writes the rows of `kind` to a new CSV or XLSX file (by extension).
pub fn export_file(wb: &Workbook, kind: Kind, path: &Path) -> Result<ExportReport, ExportError> {
    let rows = rows(wb, kind)?;
    tabular::write(path, kind.columns(), &rows)?;
    Ok(ExportReport {
        kind,
        rows: rows.len(),
    })
}

/// Every methodology version of the workbook as one JSON array of documents.
pub fn methodologies_json(wb: &Workbook) -> Result<String, StoreError> {
    let docs: Vec<MethodologyDocument> = methodology::list(wb.connection())?;
    serde_json::to_string_pretty(&docs)
        .map_err(|e| StoreError::invalid("methodologies", e.to_string(), "serialisable documents"))
}

/// One titularización as a case document.
pub fn titularizacion_json(wb: &Workbook, code: &str) -> Result<String, StoreError> {
    let case = titularizacion::case(wb.connection(), code)?;
    serde_json::to_string_pretty(&case)
        .map_err(|e| StoreError::invalid("case", e.to_string(), "a serialisable case"))
}

/// One issuer with its sovereign and issues as a case document.
pub fn issuer_json(wb: &Workbook, code: &str) -> Result<String, StoreError> {
    let case = entities::issuer_case(wb.connection(), code)?;
    serde_json::to_string_pretty(&case)
        .map_err(|e| StoreError::invalid("case", e.to_string(), "a serialisable case"))
}
