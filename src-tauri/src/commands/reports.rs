//! Commands of the Reports screen: the documents the open workbook can
//! produce, generating one to a chosen file, who signs next, signing with a .p12 or a demo
//! member's key, verifying any PDF, and opening a file this app has just written. Each
//! command calls one `ratebook_workbench::signing` function; no signing logic lives here.

use crate::session::{self, Session};
use ratebook_report::layout::Lang;
use ratebook_store::error_report::ErrorReport;
use ratebook_workbench::report::Issuer;
use ratebook_workbench::signing::{
    self, DemoKeys, DocumentChoices, DocumentRequest, DocumentStatus, Generated, KeySource, Signed,
    Verification,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, State};

/// The files this app generated or signed during this run: the only ones `report_open`
/// hands to the system's viewer.
#[derive(Default)]
pub struct Written(Mutex<HashSet<PathBuf>>);

impl Written {
    fn add(&self, path: &Path) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_path_buf());
    }

    fn contains(&self, path: &Path) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(path)
    }
}

fn report(e: signing::SigningError) -> ErrorReport {
    e.to_report()
}

/// Where the demo CA and the demo members' keys are made (the app's data directory).
fn demo_dir(app: &AppHandle) -> Result<PathBuf, ErrorReport> {
    app.path()
        .app_data_dir()
        .map(|d| d.join("demo-keys"))
        .map_err(|e| ErrorReport::new("file.read", format!("no data directory: {e}")))
}

/// A path typed or chosen in the window, checked for emptiness.
fn path_arg(field: &str, path: &str) -> Result<PathBuf, ErrorReport> {
    if path.trim().is_empty() {
        return Err(ErrorReport {
            accepted: Some("the path of a PDF file".into()),
            ..ErrorReport::new("path.empty", "no file path was given").with_field(field, path)
        });
    }
    Ok(PathBuf::from(path.trim()))
}

fn lang_arg(lang: &str) -> Result<Lang, ErrorReport> {
    match lang {
        "es" => Ok(Lang::Es),
        "en" => Ok(Lang::En),
        other => Err(ErrorReport {
            accepted: Some("es, en".into()),
            ..ErrorReport::new(
                "store.invalid",
                format!("language {other:?} is not es or en"),
            )
            .with_field("lang", other)
        }),
    }
}

/// Every decision (and whether it can have a report) and every session of the workbook.
#[tauri::command]
pub async fn report_choices(session: State<'_, Session>) -> Result<DocumentChoices, ErrorReport> {
    session.with(|wb| signing::choices(wb.connection()).map_err(report))
}

/// Generates the report or acta to `path` (never over an existing file) and files it.
#[tauri::command]
pub async fn report_generate(
    session: State<'_, Session>,
    written: State<'_, Written>,
    request: DocumentRequest,
    lang: String,
    rater: String,
    city: String,
    path: String,
) -> Result<Generated, ErrorReport> {
    let out = path_arg("path", &path)?;
    let lang = lang_arg(&lang)?;
    let issuer = Issuer { rater, city };
    let generated = session.with(|wb| {
        signing::generate(
            wb,
            &session::stamp(),
            &request,
            lang,
            &issuer,
            &out,
            time::OffsetDateTime::now_utc(),
        )
        .map_err(report)
    })?;
    written.add(&out);
    Ok(generated)
}

/// The document's signature fields and who signs it next.
#[tauri::command]
pub async fn report_status(
    session: State<'_, Session>,
    path: String,
) -> Result<DocumentStatus, ErrorReport> {
    let file = path_arg("path", &path)?;
    let pdf = std::fs::read(&file).map_err(|e| {
        ErrorReport::new("file.read", format!("cannot read {}: {e}", file.display()))
            .with_path(&file)
    })?;
    session.with(|wb| signing::status(wb.connection(), &file, &pdf).map_err(report))
}

/// The demo passphrase and where demo keys are made.
#[tauri::command]
pub async fn report_demo_keys(app: AppHandle) -> Result<DemoKeys, ErrorReport> {
    Ok(signing::demo_keys(&demo_dir(&app)?))
}

/// Adds the next signature to the file at `path`, in place, as `member`.
#[tauri::command]
pub async fn report_sign(
    app: AppHandle,
    session: State<'_, Session>,
    written: State<'_, Written>,
    path: String,
    member: String,
    key: KeySource,
    passphrase: String,
) -> Result<Signed, ErrorReport> {
    let file = path_arg("path", &path)?;
    let demo = demo_dir(&app)?;
    let signed = session.with(|wb| {
        signing::sign_as(
            wb,
            &session::stamp(),
            &file,
            &member,
            &key,
            &passphrase,
            &demo,
            time::OffsetDateTime::now_utc(),
        )
        .map_err(report)
    })?;
    written.add(&file);
    Ok(signed)
}

/// Verifies every signature of the PDF at `path`, with trust in the demo CA when it exists.
#[tauri::command]
pub async fn report_verify(app: AppHandle, path: String) -> Result<Verification, ErrorReport> {
    let file = path_arg("path", &path)?;
    let anchors = signing::demo_anchors(&demo_dir(&app)?).map_err(report)?;
    signing::verify_file(&file, &anchors).map_err(report)
}

/// Opens a file this app generated or signed during this run with the system's viewer.
#[tauri::command]
pub async fn report_open(written: State<'_, Written>, path: String) -> Result<(), ErrorReport> {
    let file = path_arg("path", &path)?;
    if !written.contains(&file) {
        return Err(ErrorReport {
            accepted: Some("a report or acta generated or signed in this window".into()),
            ..ErrorReport::new(
                "reports.open-refused",
                format!(
                    "{} was not written by Ratebook in this session; only those files are opened",
                    file.display()
                ),
            )
            .with_path(&file)
        });
    }
    open::that_detached(&file).map_err(|e| {
        ErrorReport::new(
            "reports.open-failed",
            format!("no program could open {}: {e}", file.display()),
        )
        .with_path(&file)
    })
}
