//! Commands over the issuers of the open workbook: the list (keyset pages, filters, count)
//! and one issuer's stored inputs with its issues.

use crate::session::Session;
use ratebook_store::entities::{self, IssuerCase};
use ratebook_store::error_report::ErrorReport;
use ratebook_store::issuer_list::{self, IssuerFilters, IssuerListPage, IssuerQuery, ListCursor};
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
