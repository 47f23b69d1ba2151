//! What the app holds between commands: the open workbook (behind a mutex in Tauri's managed
//! state) and the list of recently opened files kept in the app's config directory. Every
//! action is committed by the store as it happens, so there is no unsaved state to lose.

use ratebook_store::error_report::ErrorReport;
use ratebook_store::{Stamp, Workbook};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// How many recent files the start screen lists.
const RECENT_LIMIT: usize = 8;

/// The app's state, managed by Tauri.
#[derive(Default)]
pub struct Session {
    workbook: Mutex<Option<Workbook>>,
    /// Why the workbook named on the command line could not be opened, until one is.
    startup_error: Mutex<Option<ErrorReport>>,
}

impl Session {
    /// The open workbook, or the `workbook.none` error.
    pub fn lock(&self) -> Result<MutexGuard<'_, Option<Workbook>>, ErrorReport> {
        // A panic while holding the lock cannot leave a half-written workbook (the store
        // writes in transactions), so the inner value is still good to use.
        Ok(self.workbook.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Runs `f` on the open workbook.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Workbook) -> Result<T, ErrorReport>,
    ) -> Result<T, ErrorReport> {
        let mut guard = self.lock()?;
        match guard.as_mut() {
            Some(wb) => f(wb),
            None => Err(ErrorReport::new(
                "workbook.none",
                "no workbook is open; open or create one first",
            )),
        }
    }

    /// Makes `wb` the open workbook (the previous one is closed).
    pub fn replace(&self, wb: Workbook) -> Result<(), ErrorReport> {
        *self.lock()? = Some(wb);
        self.startup_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        Ok(())
    }

    pub fn set_startup_error(&self, e: ErrorReport) {
        *self.startup_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
    }

    pub fn startup_error(&self) -> Option<ErrorReport> {
        self.startup_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Who acts and when, for the audit chain: the OS user and the clock, read here in the shell.
pub fn stamp() -> Stamp {
    let who = std::env::var("USER")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "ratebook-app".to_string());
    Stamp::new(who, std::time::SystemTime::now().into())
}

/// The fixtures the demo is built from: `$RATEBOOK_FIXTURES`, else the repository's.
fn fixtures() -> PathBuf {
    std::env::var_os("RATEBOOK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures"))
}

/// Opens the demo workbook in `data_dir`, building it on first use (the store's demo with
/// session 177/2026 decided by the engine, `ratebook_workbench::demo`).
pub fn open_demo(data_dir: &Path) -> Result<Workbook, ErrorReport> {
    let path = data_dir.join("demo.ratebook");
    if !path.exists() {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            ErrorReport::new(
                "file.write",
                format!("could not create '{}': {e}", data_dir.display()),
            )
            .with_path(data_dir)
        })?;
        ratebook_workbench::demo::build(&path, &fixtures(), &stamp()).map_err(|e| match &e {
            ratebook_workbench::demo::DemoError::Build(b) => ErrorReport::from(b.as_ref()),
            _ => ErrorReport::new("demo.data", e.to_string()),
        })?;
    }
    Workbook::open(&path).map_err(|e| ErrorReport::from(&e))
}

/// The recent-files list in `config_dir`, most recent first. A missing or unreadable list
/// is an empty one: it is a convenience, never the only record of anything.
pub fn recent(config_dir: &Path) -> Vec<String> {
    std::fs::read_to_string(config_dir.join("recent.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
        .unwrap_or_default()
}

/// Puts `path` first in the recent-files list and saves it.
pub fn remember(config_dir: &Path, path: &Path) -> Result<Vec<String>, ErrorReport> {
    let path = path.display().to_string();
    let mut list = recent(config_dir);
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(RECENT_LIMIT);
    let file = config_dir.join("recent.json");
    let write = std::fs::create_dir_all(config_dir).and_then(|()| {
        let text = serde_json::to_string_pretty(&list).map_err(std::io::Error::other)?;
        std::fs::write(&file, text)
    });
    write.map_err(|e| {
        ErrorReport::new(
            "file.write",
            format!("could not write '{}': {e}", file.display()),
        )
        .with_path(&file)
    })?;
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_most_recent_first_without_repeats() {
        let dir = std::env::temp_dir().join(format!("ratebook-recent-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(recent(&dir).is_empty());
        remember(&dir, Path::new("/a.ratebook")).unwrap();
        remember(&dir, Path::new("/b.ratebook")).unwrap();
        let list = remember(&dir, Path::new("/a.ratebook")).unwrap();
        assert_eq!(list, ["/a.ratebook", "/b.ratebook"]);
        assert_eq!(recent(&dir), list);
        std::fs::write(dir.join("recent.json"), "not json").unwrap();
        assert!(recent(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
