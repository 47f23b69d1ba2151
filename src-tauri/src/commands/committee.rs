//! Commands of the committee section: a session prepared step by step and kept in the
//! workbook (`ratebook_workbench::committee_draft`) until it is closed or abandoned, the
//! rating history and the surveillance calendar (`ratebook_workbench::committee`). Each command deserialises its
//! arguments, calls one workbench function and maps the error; every committee rule is the
//! core's, reached through the workbench.

use crate::session::{self, Session};
use chrono::NaiveDate;
use ratebook_core::committee::agenda::Subject;
use ratebook_core::committee::history::RatingHistory;
use ratebook_core::committee::r#override::OverrideRequest;
use ratebook_core::committee::refusal::ruled;
use ratebook_core::committee::session::SessionKind;
use ratebook_core::committee::surveillance::DueList;
use ratebook_core::committee::vote::Vote;
use ratebook_store::error_report::ErrorReport;
use ratebook_workbench::committee;
use ratebook_workbench::committee_draft::{
    self as draft, DraftError, DraftSummary, DraftView, ItemInput, SetupInput,
};
use ratebook_workbench::WorkbenchError;
use tauri::State;

/// A refusal for the window: code `committee.refused`, the field it concerns, the rule id
/// as the value, the core's message.
fn report(e: DraftError) -> ErrorReport {
    match e {
        DraftError::Refused(problems) => {
            let (field, rule) = problems
                .first()
                .map_or(("session".to_string(), String::new()), |p| {
                    (p.field.clone(), p.rule.clone())
                });
            let all: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
            ErrorReport::new("committee.refused", all.join("; "))
                .with_field(&field, rule)
                .with_reason(draft::reasons(&problems))
        }
        DraftError::Workbench(w) => workbench_report(w),
    }
}

fn workbench_report(e: WorkbenchError) -> ErrorReport {
    match &e {
        WorkbenchError::Store(s) => s.into(),
        WorkbenchError::SessionExists { session } => {
            ErrorReport::new("committee.refused", e.to_string())
                .with_field("number", "C-2")
                .with_reason(draft::session_exists(session))
        }
        WorkbenchError::Committee(c) => ErrorReport::new("committee.refused", e.to_string())
            .with_field(&draft::field_of(&c.to_string()), c.rule())
            .with_reason(ruled(c.rule(), c.message())),
        _ => ErrorReport::new("committee.error", e.to_string()),
    }
}

/// The sessions being prepared (and those closed), most recent first.
#[tauri::command]
pub async fn committee_drafts(
    session: State<'_, Session>,
) -> Result<Vec<DraftSummary>, ErrorReport> {
    session.with(|wb| draft::list(wb.connection()).map_err(report))
}

/// One session being prepared, with the live quorum and the preview of its decisions.
#[tauri::command]
pub async fn committee_draft(
    session: State<'_, Session>,
    id: i64,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::view(wb.connection(), id).map_err(report))
}

/// Starts preparing a session.
#[tauri::command]
pub async fn committee_draft_create(
    session: State<'_, Session>,
    number: String,
    kind: SessionKind,
    date: NaiveDate,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::create(wb, &session::stamp(), &number, kind, date).map_err(report))
}

/// Changes the set-up and attendance.
#[tauri::command]
pub async fn committee_draft_setup(
    session: State<'_, Session>,
    id: i64,
    setup: SetupInput,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::set_setup(wb, &session::stamp(), id, &setup).map_err(report))
}

/// Adds an agenda item with the engine's indicative result.
#[tauri::command]
pub async fn committee_draft_add_item(
    session: State<'_, Session>,
    id: i64,
    item: ItemInput,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::add_item(wb, &session::stamp(), id, &item).map_err(report))
}

/// Takes an item off the agenda.
#[tauri::command]
pub async fn committee_draft_remove_item(
    session: State<'_, Session>,
    id: i64,
    item: String,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::remove_item(wb, &session::stamp(), id, &item).map_err(report))
}

/// Casts a sealed vote.
#[tauri::command]
pub async fn committee_draft_vote(
    session: State<'_, Session>,
    id: i64,
    item: String,
    vote: Vote,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::cast_vote(wb, &session::stamp(), id, &item, &vote).map_err(report))
}

/// Reveals an item's votes, once every present voting member has voted.
#[tauri::command]
pub async fn committee_draft_reveal(
    session: State<'_, Session>,
    id: i64,
    item: String,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::reveal(wb, &session::stamp(), id, &item).map_err(report))
}

/// Records (or clears) an item's override as typed.
#[tauri::command]
pub async fn committee_draft_override(
    session: State<'_, Session>,
    id: i64,
    item: String,
    request: Option<OverrideRequest>,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| {
        draft::set_override(wb, &session::stamp(), id, &item, request.as_ref()).map_err(report)
    })
}

/// Closes the session: records it through the committee run; returns the decided subjects.
/// With `undecided`, items the committee did not decide are recorded without a decision.
#[tauri::command]
pub async fn committee_draft_close(
    session: State<'_, Session>,
    id: i64,
    undecided: bool,
) -> Result<Vec<Subject>, ErrorReport> {
    let closing = if undecided {
        draft::Closing::WithUndecided
    } else {
        draft::Closing::AllDecided
    };
    session.with(|wb| {
        draft::close(wb, &session::stamp(), id, closing)
            .map(|r| {
                r.items
                    .into_iter()
                    .filter_map(|o| match o {
                        ratebook_core::committee::ItemOutcome::Decided { decision, .. } => {
                            Some(decision.subject)
                        }
                        _ => None,
                    })
                    .collect()
            })
            .map_err(report)
    })
}

/// Abandons a session being prepared, with the reason why; the draft is kept, frozen.
#[tauri::command]
pub async fn committee_draft_abandon(
    session: State<'_, Session>,
    id: i64,
    reason: String,
) -> Result<DraftView, ErrorReport> {
    session.with(|wb| draft::abandon(wb, &session::stamp(), id, &reason).map_err(report))
}

/// Every decision on an entity (and its classes or issues), in order.
#[tauri::command]
pub async fn committee_history(
    session: State<'_, Session>,
    entity: String,
) -> Result<RatingHistory, ErrorReport> {
    session.with(|wb| {
        committee::history(wb.connection(), entity.trim())
            .map(|h| RatingHistory {
                entity: h.entity,
                entries: h.entries,
            })
            .map_err(workbench_report)
    })
}

/// The surveillance calendar as of a date, overdue reviews flagged.
#[tauri::command]
pub async fn committee_due(
    session: State<'_, Session>,
    as_of: NaiveDate,
) -> Result<DueList, ErrorReport> {
    session.with(|wb| committee::due(wb.connection(), as_of).map_err(workbench_report))
}
