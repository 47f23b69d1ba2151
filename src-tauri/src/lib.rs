//! The Ratebook desktop app: a thin adapter from Tauri commands to the core and the store.
//!
//! Architecture invariant: no rating logic lives here. Each command parses its
//! arguments, calls `ratebook-core` (or the store and the report crates) and maps the
//! error; `commands/` mirrors the core's and the store's modules.

// Commands fail with `ErrorReport`, the serialisable value the window shows; it is built
// once per failed command and crosses IPC as is, so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

mod commands;
mod session;

use ratebook_store::error_report::ErrorReport;
use ratebook_store::Workbook;
use ratebook_workbench::start::StartState;
use session::Session;
use std::path::{Path, PathBuf};
use tauri::Manager;

/// Which workbook to open at start, from the command line.
#[derive(Debug, PartialEq, Eq)]
enum Startup {
    /// No workbook: the start screen.
    None,
    /// `--demo`: the demo workbook (built on first use).
    Demo,
    /// `--workbook PATH`.
    Workbook(PathBuf),
}

/// Reads `--demo` or `--workbook PATH`; other arguments (the WebDriver's) are left alone.
fn startup(args: impl IntoIterator<Item = String>) -> Startup {
    let mut args = args.into_iter();
    let mut choice = Startup::None;
    while let Some(a) = args.next() {
        if a == "--demo" {
            choice = Startup::Demo;
        } else if a == "--workbook" {
            if let Some(p) = args.next() {
                choice = Startup::Workbook(PathBuf::from(p));
            }
        } else if let Some(p) = a.strip_prefix("--workbook=") {
            choice = Startup::Workbook(PathBuf::from(p));
        }
    }
    choice
}

/// Opens the workbook the command line names; returns its path (`None` without one).
fn open_at_start(app: &tauri::AppHandle, choice: Startup) -> Result<Option<String>, ErrorReport> {
    let wb = match choice {
        Startup::None => return Ok(None),
        Startup::Demo => {
            let dir = app
                .path()
                .app_data_dir()
                .map_err(|e| ErrorReport::new("file.read", format!("no data directory: {e}")))?;
            session::open_demo(&dir)?
        }
        Startup::Workbook(path) => Workbook::open(&path).map_err(|e| ErrorReport::from(&e))?,
    };
    commands::workbook::adopt(app, &app.state::<Session>(), wb).map(Some)
}

/// Starts the app; returns a failing exit code if the window cannot be created.
pub fn run() -> std::process::ExitCode {
    let choice = startup(std::env::args().skip(1));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Session::default())
        .manage(commands::titularizacion::MonteCarloRuns::default())
        .manage(commands::reports::Written::default())
        .setup(move |app| {
            let handle = app.handle().clone();
            let start = match open_at_start(&handle, choice) {
                Ok(workbook) => StartState {
                    workbook,
                    error: None,
                },
                Err(e) => {
                    eprintln!("Ratebook: {}", e.message);
                    handle.state::<Session>().set_startup_error(e.clone());
                    StartState {
                        workbook: None,
                        error: Some(e),
                    }
                }
            };
            // The window (`create: false` in tauri.conf.json) is built once the workbook is
            // open, so that its page is told which one before its first script runs.
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .ok_or("tauri.conf.json declares no window labelled 'main'")?
                .clone();
            let mut window = tauri::WebviewWindowBuilder::from_config(app, &config)?
                .initialization_script(start.script());
            if let Some(path) = &start.workbook {
                // `adopt` titles a window that exists; this one is about to.
                window = window.title(commands::workbook::title(Path::new(path)));
            }
            window.build()?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::scale::global_scale,
            commands::workbook::workbook_current,
            commands::workbook::workbook_recent,
            commands::workbook::workbook_new,
            commands::workbook::workbook_open,
            commands::workbook::workbook_open_demo,
            commands::issuers::issuer_filters,
            commands::issuers::issuer_count,
            commands::issuers::issuer_page,
            commands::issuers::issuer_case,
            commands::issuers::issuer_detail,
            commands::issuers::issuer_save_inputs,
            commands::issuers::issuer_peers,
            commands::import::import_rows,
            commands::titularizacion::titularizacion_count,
            commands::titularizacion::titularizacion_page,
            commands::titularizacion::titularizacion_detail,
            commands::titularizacion::titularizacion_set_factor,
            commands::titularizacion::titularizacion_record_analysis,
            commands::titularizacion::titularizacion_analyze,
            commands::titularizacion::titularizacion_montecarlo,
            commands::titularizacion::titularizacion_montecarlo_cancel,
            commands::methodology::methodology_list,
            commands::methodology::methodology_open,
            commands::methodology::methodology_check_spec,
            commands::methodology::methodology_check_weights,
            commands::methodology::methodology_save_spec,
            commands::methodology::methodology_save_weights,
            commands::methodology::methodology_impact,
            commands::methodology::methodology_approve,
            commands::committee::committee_drafts,
            commands::committee::committee_draft,
            commands::committee::committee_draft_create,
            commands::committee::committee_draft_setup,
            commands::committee::committee_draft_add_item,
            commands::committee::committee_draft_remove_item,
            commands::committee::committee_draft_vote,
            commands::committee::committee_draft_reveal,
            commands::committee::committee_draft_override,
            commands::committee::committee_draft_close,
            commands::committee::committee_draft_abandon,
            commands::committee::committee_history,
            commands::committee::committee_due,
            commands::reports::report_choices,
            commands::reports::report_generate,
            commands::reports::report_status,
            commands::reports::report_demo_keys,
            commands::reports::report_sign,
            commands::reports::report_verify,
            commands::reports::report_open,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Ratebook could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_command_line_names_the_workbook_to_open() {
        assert_eq!(startup(args(&[])), Startup::None);
        assert_eq!(startup(args(&["--demo"])), Startup::Demo);
        assert_eq!(
            startup(args(&["--workbook", "/x/a.ratebook"])),
            Startup::Workbook("/x/a.ratebook".into())
        );
        assert_eq!(
            startup(args(&["--workbook=/x/b.ratebook"])),
            Startup::Workbook("/x/b.ratebook".into())
        );
    }
}
