//! Commands of the Methodology section (C-7): the workbook's methodology versions, a
//! candidate version edited with the engine's live validation (N-2, T-3), filed as a
//! draft, its N-13 impact with progress, and its approval. Each command calls one
//! workbench function; the rules are in the core.

use crate::session::Session;
use ratebook_core::committee::lifecycle::MethodologyRef;
use ratebook_store::error_report::ErrorReport;
use ratebook_store::Stamp;
use ratebook_workbench::candidate::{
    self, CandidateCheck, Editable, Filed, SpecDraft, WeightsDraft,
};
use ratebook_workbench::methodology::{
    self, ApprovalReport, ImpactProgress, ImpactView, MethodologyListing,
};
use ratebook_workbench::WorkbenchError;
use tauri::ipc::Channel;
use tauri::State;

/// A workbench error as the window shows it: a stable code the catalogue translates, the
/// field (for a refused candidate, its first error's field), the value and what is accepted.
fn report(e: WorkbenchError) -> ErrorReport {
    let message = e.to_string();
    match e {
        WorkbenchError::Store(s) => (&s).into(),
        WorkbenchError::Candidate {
            field,
            value,
            accepted,
        } => ErrorReport {
            accepted: Some(accepted),
            ..ErrorReport::new("methodology.input", message).with_field(&field, value)
        },
        WorkbenchError::CandidateRefused { errors } => {
            let first = errors.first();
            ErrorReport {
                field: first.and_then(|f| f.field.clone()),
                value: first.map(|f| f.rule.clone()),
                ..ErrorReport::new("methodology.refused", message)
            }
        }
        WorkbenchError::Approval { .. } | WorkbenchError::Committee(_) => {
            ErrorReport::new("methodology.approval", message)
        }
        _ => ErrorReport::new("methodology.other", message),
    }
}

fn target(id: String, version: String) -> MethodologyRef {
    MethodologyRef { id, version }
}

/// Every methodology version of the open workbook.
#[tauri::command]
pub async fn methodology_list(
    session: State<'_, Session>,
) -> Result<Vec<MethodologyListing>, ErrorReport> {
    session.with(|wb| methodology::overview(wb.connection()).map_err(report))
}

/// A stored version opened as a candidate to edit.
#[tauri::command]
pub async fn methodology_open(
    session: State<'_, Session>,
    id: String,
    version: String,
) -> Result<Editable, ErrorReport> {
    session.with(|wb| candidate::open(wb.connection(), &id, &version).map_err(report))
}

/// N-1/N-2 over a candidate spec as typed.
#[tauri::command]
pub async fn methodology_check_spec(
    session: State<'_, Session>,
    draft: SpecDraft,
) -> Result<CandidateCheck, ErrorReport> {
    session.with(|wb| candidate::check_spec(wb.connection(), &draft).map_err(report))
}

/// The titularización weights' validation (T-3…) over a candidate as typed.
#[tauri::command]
pub async fn methodology_check_weights(
    session: State<'_, Session>,
    draft: WeightsDraft,
) -> Result<CandidateCheck, ErrorReport> {
    session.with(|wb| candidate::check_weights(wb.connection(), &draft).map_err(report))
}

/// Files a candidate spec as a draft version.
#[tauri::command]
pub async fn methodology_save_spec(
    session: State<'_, Session>,
    draft: SpecDraft,
) -> Result<Filed, ErrorReport> {
    let stamp = crate::session::stamp();
    session.with(|wb| candidate::save_spec(wb, &stamp, &draft).map_err(report))
}

/// Files candidate titularización weights as a draft version.
#[tauri::command]
pub async fn methodology_save_weights(
    session: State<'_, Session>,
    draft: WeightsDraft,
) -> Result<Filed, ErrorReport> {
    let stamp = crate::session::stamp();
    session.with(|wb| candidate::save_weights(wb, &stamp, &draft).map_err(report))
}

/// N-13 of a national spec version against the approved one in force on `on`. The inputs
/// are read under the workbook's lock; the re-rating runs on a blocking thread with the
/// workbook free, sending its progress on `on_progress`.
#[tauri::command]
pub async fn methodology_impact(
    session: State<'_, Session>,
    id: String,
    version: String,
    on: String,
    on_progress: Channel<ImpactProgress>,
) -> Result<ImpactView, ErrorReport> {
    let date = methodology::parse_date("on", &on).map_err(report)?;
    let job = session.with(|wb| {
        methodology::impact_job(wb.connection(), &target(id, version), date).map_err(report)
    })?;
    tauri::async_runtime::spawn_blocking(move || {
        job.view(|p| {
            // A window that has gone away no longer needs the progress; the result stands.
            let _ = on_progress.send(p);
        })
    })
    .await
    .map_err(|e| ErrorReport::new("methodology.other", format!("the impact run failed: {e}")))
}

/// C-7: approves a draft version on `on` in the name of `approver`, lists and observes the
/// ratings it changes.
#[tauri::command]
pub async fn methodology_approve(
    session: State<'_, Session>,
    id: String,
    version: String,
    on: String,
    approver: String,
) -> Result<ApprovalReport, ErrorReport> {
    let date = methodology::parse_date("on", &on).map_err(report)?;
    let who = methodology::approver(&approver).map_err(report)?;
    let stamp = Stamp::new(who, std::time::SystemTime::now().into());
    session.with(|wb| methodology::approve(wb, &stamp, &target(id, version), date).map_err(report))
}
