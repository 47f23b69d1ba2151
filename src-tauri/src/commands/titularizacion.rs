//! Commands over the titularizaciones of the open workbook (SPEC §4, §7): the list (keyset
//! pages and their count, `ratebook_store::titularizacion_list`), one deal with its live
//! weighted score, a factor score edit, the engine's analysis (and recording it for
//! committee agendas), and the Monte Carlo with progress and cancel. Each calls one store or
//! `ratebook_workbench::titularizacion` function; the Monte Carlo runs off the UI thread in
//! ranges of paths, reports progress on a channel and stops between ranges when cancelled.

use crate::session::{self, Session};
use ratebook_store::error_report::ErrorReport;
use ratebook_store::keyset::ListCursor;
use ratebook_store::titularizacion_list::{self, TitularizacionListPage, TitularizacionQuery};
use ratebook_workbench::titularizacion::{
    self as tit, Analisis, Detalle, Progreso, ResultadoMonteCarlo, Simulacion,
};
use ratebook_workbench::WorkbenchError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::Channel;
use tauri::State;

/// Paths per range of a Monte Carlo run: about 200 progress updates a run, and never fewer
/// than this many paths a range, so that both cores stay busy between updates.
const MIN_PATHS_PER_STEP: u64 = 2_000;

/// The cancel flags of the Monte Carlo runs in progress, by the window's run id.
#[derive(Default)]
pub struct MonteCarloRuns(Mutex<HashMap<u32, Arc<AtomicBool>>>);

/// A workbench error as the window shows it; a rule's refusal carries its id (`T-2`) in
/// `rule`, so the window can say it next to the field in the person's language.
fn report(e: WorkbenchError) -> ErrorReport {
    let message = e.to_string();
    match e {
        WorkbenchError::Store(s) => (&s).into(),
        WorkbenchError::Rule {
            rule,
            field,
            value,
            accepted,
        } => ErrorReport {
            accepted: Some(accepted),
            ..ErrorReport::new("titularizacion.rule", message)
                .with_field(&field, value)
                .with_rule(&rule)
        },
        WorkbenchError::EngineInput { titularizacion, .. } => {
            ErrorReport::new("titularizacion.engine-input", message)
                .with_field("titularizacion", titularizacion)
        }
        _ => ErrorReport::new("workbench.other", message),
    }
}

/// How many titularizaciones the query selects.
#[tauri::command]
pub async fn titularizacion_count(
    session: State<'_, Session>,
    query: TitularizacionQuery,
) -> Result<u64, ErrorReport> {
    session.with(|wb| titularizacion_list::count(wb.connection(), &query).map_err(|e| (&e).into()))
}

/// One page of the list after `after`.
#[tauri::command]
pub async fn titularizacion_page(
    session: State<'_, Session>,
    query: TitularizacionQuery,
    after: Option<ListCursor>,
    limit: usize,
) -> Result<TitularizacionListPage, ErrorReport> {
    session.with(|wb| {
        titularizacion_list::page(wb.connection(), &query, after.as_ref(), limit)
            .map_err(|e| (&e).into())
    })
}

/// One deal with its factors, checklists and weighted score.
#[tauri::command]
pub async fn titularizacion_detail(
    session: State<'_, Session>,
    code: String,
) -> Result<Detalle, ErrorReport> {
    session.with(|wb| tit::detail(wb.connection(), &code).map_err(report))
}

/// Records a factor score with its evidence, dated today; returns the re-scored deal.
#[tauri::command]
pub async fn titularizacion_set_factor(
    session: State<'_, Session>,
    code: String,
    factor: String,
    score: String,
    evidence: String,
) -> Result<Detalle, ErrorReport> {
    let stamp = session::stamp();
    let today = stamp.at.date_naive();
    session.with(|wb| {
        tit::set_factor_score(wb, &stamp, &code, &factor, &score, &evidence, today).map_err(report)
    })
}

/// The engine's rating of the deal under the analyst's analysis.
#[tauri::command]
pub async fn titularizacion_analyze(
    session: State<'_, Session>,
    code: String,
    analisis: Analisis,
) -> Result<ratebook_core::titularizacion::Calificacion, ErrorReport> {
    session.with(|wb| tit::rate(wb.connection(), &code, &analisis).map_err(report))
}

/// Records the analysis the deal is rated with on a committee agenda; returns the deal.
#[tauri::command]
pub async fn titularizacion_record_analysis(
    session: State<'_, Session>,
    code: String,
    analisis: Analisis,
) -> Result<Detalle, ErrorReport> {
    let stamp = session::stamp();
    session.with(|wb| tit::record_analysis(wb, &stamp, &code, &analisis).map_err(report))
}

/// Runs the Monte Carlo of the deal off the UI thread, sending progress on `progress`;
/// `titularizacion_montecarlo_cancel` with the same `run` stops it between ranges.
#[tauri::command]
pub async fn titularizacion_montecarlo(
    session: State<'_, Session>,
    runs: State<'_, MonteCarloRuns>,
    code: String,
    analisis: Analisis,
    run: u32,
    progress: Channel<Progreso>,
) -> Result<ResultadoMonteCarlo, ErrorReport> {
    let sim = session
        .with(|wb| Simulacion::prepare(wb.connection(), &code, &analisis).map_err(report))?;
    let cancel = Arc::new(AtomicBool::new(false));
    runs.0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(run, cancel.clone());
    let result = tauri::async_runtime::spawn_blocking(move || {
        let step = (sim.paths / 200).max(MIN_PATHS_PER_STEP);
        sim.run(step, |done, total| {
            // A closed window drops the channel; the run then simply goes on to its end.
            let _ = progress.send(Progreso { done, total });
            !cancel.load(Ordering::Relaxed)
        })
    })
    .await;
    runs.0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&run);
    result.map_err(|e| ErrorReport::new("workbench.other", format!("the Monte Carlo stopped: {e}")))
}

/// Asks the Monte Carlo run `run` to stop after its current range.
#[tauri::command]
pub async fn titularizacion_montecarlo_cancel(
    runs: State<'_, MonteCarloRuns>,
    run: u32,
) -> Result<bool, ErrorReport> {
    let runs = runs.0.lock().unwrap_or_else(|p| p.into_inner());
    Ok(match runs.get(&run) {
        Some(flag) => {
            flag.store(true, Ordering::Relaxed);
            true
        }
        None => false,
    })
}
