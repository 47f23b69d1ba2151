//! The Ratebook desktop app: a thin adapter from Tauri commands to the core.
//!
//! Architecture invariant: no rating logic lives here. Each command parses its
//! arguments, calls `ratebook-core` (or the store and the report crates) and maps the
//! error; `commands/` mirrors the core's modules.

mod commands;

/// Starts the app; returns a failing exit code if the window cannot be created.
pub fn run() -> std::process::ExitCode {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::scale::global_scale])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Ratebook could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
