//! Commands over the workbook file: new, open, the demo, the recent files. The file dialogs
//! run in the window (`tauri-plugin-dialog`) and hand these commands a path, so every
//! command can also be reached by typing a path.

use crate::session::{self, Session};
use ratebook_store::error_report::ErrorReport;
use ratebook_store::Workbook;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, State};

fn config_dir(app: &AppHandle) -> Result<PathBuf, ErrorReport> {
    app.path()
        .app_config_dir()
        .map_err(|e| ErrorReport::new("file.read", format!("no config directory: {e}")))
}

fn data_dir(app: &AppHandle) -> Result<PathBuf, ErrorReport> {
    app.path()
        .app_data_dir()
        .map_err(|e| ErrorReport::new("file.read", format!("no data directory: {e}")))
}

/// The window title for an open workbook: "Ratebook — demo.ratebook".
pub fn title(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    format!("Ratebook — {name}")
}

/// Makes `wb` the open workbook: remembers it, titles the window, returns its path.
pub fn adopt(app: &AppHandle, session: &Session, wb: Workbook) -> Result<String, ErrorReport> {
    let path = wb.path().to_path_buf();
    session.replace(wb)?;
    if let Some(window) = app.get_webview_window("main") {
        // A title that could not be set is cosmetic; the workbook is open either way.
        let _ = window.set_title(&title(&path));
    }
    session::remember(&config_dir(app)?, &path)?;
    Ok(path.display().to_string())
}

/// A path typed or chosen in the window, checked for emptiness.
fn path_arg(path: &str) -> Result<PathBuf, ErrorReport> {
    if path.trim().is_empty() {
        return Err(ErrorReport {
            accepted: Some("the path of a workbook file".into()),
            ..ErrorReport::new("path.empty", "no file path was given").with_field("path", path)
        });
    }
    Ok(PathBuf::from(path.trim()))
}

/// The open workbook's path (`null` when none), or why the one named on the command line
/// could not be opened.
#[tauri::command]
pub async fn workbook_current(session: State<'_, Session>) -> Result<Option<String>, ErrorReport> {
    if let Some(e) = session.startup_error() {
        return Err(e);
    }
    Ok(session
        .lock()?
        .as_ref()
        .map(|wb| wb.path().display().to_string()))
}

/// The recently opened workbooks, most recent first.
#[tauri::command]
pub async fn workbook_recent(app: AppHandle) -> Result<Vec<String>, ErrorReport> {
    Ok(session::recent(&config_dir(&app)?))
}

/// Creates a new, empty workbook at `path` (never over an existing file) and opens it.
#[tauri::command]
pub async fn workbook_new(
    app: AppHandle,
    session: State<'_, Session>,
    path: String,
) -> Result<String, ErrorReport> {
    let wb = Workbook::create(&path_arg(&path)?).map_err(|e| ErrorReport::from(&e))?;
    adopt(&app, &session, wb)
}

/// Opens the workbook at `path`.
#[tauri::command]
pub async fn workbook_open(
    app: AppHandle,
    session: State<'_, Session>,
    path: String,
) -> Result<String, ErrorReport> {
    let wb = Workbook::open(&path_arg(&path)?).map_err(|e| ErrorReport::from(&e))?;
    adopt(&app, &session, wb)
}

/// Opens the demo workbook (fictional data), building it in the app's data directory on
/// first use.
#[tauri::command]
pub async fn workbook_open_demo(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<String, ErrorReport> {
    let wb = session::open_demo(&data_dir(&app)?)?;
    adopt(&app, &session, wb)
}
