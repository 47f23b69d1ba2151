//! Commands over the issuers of the open workbook: the list (keyset pages, filters, count),
//! one issuer's stored inputs with its issues, its national rating as the engine computes
//! it (`ratebook_workbench::issuer`), the analyst's inputs and the peer comparison.

use crate::session::{self, Session};
use ratebook_core::committee::session_file::EngineInputs;
use ratebook_store::entities::{self, IssuerCase};
use ratebook_store::error_report::ErrorReport;
use ratebook_store::issuer_list::{self, IssuerFilters, IssuerListPage, IssuerQuery, ListCursor};
use ratebook_workbench::issuer::{self, IssuerDetail, PeerComparison, SaveError};
use ratebook_workbench::WorkbenchError;
use tauri::State;

/// The sectors and scales the list's filters offer.
#[tauri::command]
pub async fn issuer_filters(session: State<'_, Session>) -> Result<IssuerFilters, ErrorReport> {
    session.with(|wb| issuer_list::filter_choices(wb.connection()).map_err(|e| (&e).into()))
}

/// How many issuers the query selects.
#[tauri::command]
pub async fn issuer_count(
    session: State<'_, Session>,
    query: IssuerQuery,
) -> Result<u64, ErrorReport> {
    session.with(|wb| issuer_list::count(wb.connection(), &query).map_err(|e| (&e).into()))
}

/// One page of the list after `after`.
#[tauri::command]
pub async fn issuer_page(
    session: State<'_, Session>,
    query: IssuerQuery,
    after: Option<ListCursor>,
    limit: usize,
) -> Result<IssuerListPage, ErrorReport> {
    session.with(|wb| {
        issuer_list::page(wb.connection(), &query, after.as_ref(), limit).map_err(|e| (&e).into())
    })
}

/// One issuer with its sovereign and issues, as stored.
#[tauri::command]
pub async fn issuer_case(
    session: State<'_, Session>,
    code: String,
) -> Result<IssuerCase, ErrorReport> {
    session.with(|wb| entities::issuer_case(wb.connection(), &code).map_err(|e| (&e).into()))
}

/// A workbench error as the window's error value.
fn report(e: &WorkbenchError) -> ErrorReport {
    match e {
        WorkbenchError::Store(s) => s.into(),
        other => ErrorReport::new("workbench.other", other.to_string()),
    }
}

/// One issuer with the national rating the engine computes today from its rows and its
/// stored analyst inputs, with the trace.
#[tauri::command]
pub async fn issuer_detail(
    session: State<'_, Session>,
    code: String,
) -> Result<IssuerDetail, ErrorReport> {
    let today = session::stamp().at.date_naive();
    session.with(|wb| issuer::detail(wb.connection(), &code, today).map_err(|e| report(&e)))
}

/// Stores the analyst's inputs of an issuer once the engine accepts them and returns the
/// issuer recomputed; a refusal names its rule, field, value and accepted set.
#[tauri::command]
pub async fn issuer_save_inputs(
    session: State<'_, Session>,
    code: String,
    inputs: EngineInputs,
) -> Result<IssuerDetail, ErrorReport> {
    let stamp = session::stamp();
    let today = stamp.at.date_naive();
    session.with(|wb| {
        issuer::save_inputs(wb, &stamp, &code, &inputs, today).map_err(|e| match e {
            SaveError::Refused(r) => ErrorReport {
                code: format!("national.{}", r.code),
                field: r.field,
                value: r.value,
                accepted: r.accepted,
                rule: Some(r.rule),
                message: r.message,
                reason: Some(r.reason),
                ..ErrorReport::default()
            },
            SaveError::Workbench(w) => report(&w),
        })
    })
}

/// The issuers at the same global level on the same scale, each rated by the engine.
#[tauri::command]
pub async fn issuer_peers(
    session: State<'_, Session>,
    code: String,
) -> Result<PeerComparison, ErrorReport> {
    let today = session::stamp().at.date_naive();
    session.with(|wb| issuer::peers(wb.connection(), &code, today).map_err(|e| report(&e)))
}
