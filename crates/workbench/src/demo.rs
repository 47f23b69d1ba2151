//! The demo workbook the app opens (`--demo`, the Workbook screen's demo button): the
//! store's fictional demo (`ratebook workbook demo`) with the shipped session 177/2026
//! (`fixtures/sessions/demo-177-2026-ordinaria.json`) decided by the engine and recorded
//! exactly as `ratebook committee run` records it. The store's demo loads its past
//! decisions as plain rows without an engine result, so without this session the window
//! would open on a workbook with no decision whose report could be generated.
//!
//! Everything in it is fictional and labelled so (fixtures/demo/README.md).

use crate::committee::{self, RunReport};
use crate::WorkbenchError;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_core::committee::ItemOutcome;
use ratebook_store::demo::{self as store_demo, DemoReport, DemoSources};
use ratebook_store::{Stamp, Workbook};
use std::path::{Path, PathBuf};

/// The session the app's demo records, relative to the fixtures directory.
pub const DEMO_SESSION: &str = "sessions/demo-177-2026-ordinaria.json";

/// Why the app's demo workbook could not be built. Nothing is left at the destination.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Build(Box<store_demo::DemoError>),
    #[error("demo session '{path}' cannot be read: {message}")]
    Session { path: PathBuf, message: String },
    #[error("demo session '{path}': {source}")]
    Run {
        path: PathBuf,
        source: Box<WorkbenchError>,
    },
    /// The shipped session decided fewer items than it lists: the fixtures and the engine
    /// disagree, which a demo must not hide.
    #[error("demo session '{path}': item(s) {items} were refused or left without a decision")]
    Refused { path: PathBuf, items: String },
    #[error("could not move the demo workbook to '{path}': {message}")]
    Move { path: PathBuf, message: String },
}

impl From<store_demo::DemoError> for DemoError {
    fn from(e: store_demo::DemoError) -> DemoError {
        DemoError::Build(Box::new(e))
    }
}

/// What the demo holds: the store's demo and the session the engine decided.
#[derive(Debug)]
pub struct DemoBuilt {
    pub workbook: DemoReport,
    pub session: RunReport,
}

/// Builds the app's demo workbook at `out` (which must not exist) from `fixtures` (the
/// repository's `fixtures/` or a copy of it). The workbook is built beside `out` and moved
/// there only once the session is recorded, so a failure leaves no half-built demo.
pub fn build(out: &Path, fixtures: &Path, stamp: &Stamp) -> Result<DemoBuilt, DemoError> {
    let building = out.with_extension("building");
    remove_workbook(&building);
    let result = build_at(&building, fixtures, stamp);
    match result {
        Ok(built) => {
            std::fs::rename(&building, out).map_err(|e| {
                remove_workbook(&building);
                DemoError::Move {
                    path: out.to_path_buf(),
                    message: e.to_string(),
                }
            })?;
            Ok(built)
        }
        Err(e) => {
            remove_workbook(&building);
            Err(e)
        }
    }
}

fn build_at(path: &Path, fixtures: &Path, stamp: &Stamp) -> Result<DemoBuilt, DemoError> {
    let workbook = store_demo::build(
        path,
        &DemoSources::from_fixtures(fixtures, Vec::new()),
        stamp,
    )
    .map_err(DemoError::from)?;
    let session_path = fixtures.join(DEMO_SESSION);
    let unreadable = |message: String| DemoError::Session {
        path: session_path.clone(),
        message,
    };
    let text = std::fs::read_to_string(&session_path).map_err(|e| unreadable(e.to_string()))?;
    let file: SessionFile = serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
    let run = |source: WorkbenchError| DemoError::Run {
        path: session_path.clone(),
        source: Box::new(source),
    };
    let base = session_path.parent().unwrap_or(fixtures);
    let cases = committee::load_engine_cases(&file, base).map_err(run)?;
    // Dropped before the move: the last connection's close checkpoints the WAL into the
    // file, so the moved file holds everything.
    let session = {
        let mut wb =
            Workbook::open(path).map_err(|e| DemoError::from(store_demo::DemoError::from(e)))?;
        committee::run(&mut wb, stamp, &file, &cases).map_err(run)?
    };
    let undecided: Vec<&str> = session
        .items
        .iter()
        .filter_map(|o| match o {
            ItemOutcome::Decided { .. } => None,
            ItemOutcome::Refused { item, .. } => Some(item.as_str()),
        })
        .collect();
    if !undecided.is_empty() {
        return Err(DemoError::Refused {
            path: session_path,
            items: undecided.join(", "),
        });
    }
    Ok(DemoBuilt { workbook, session })
}

/// Removes a workbook file and its SQLite side files, if any.
fn remove_workbook(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}
