//! The demo workbook, generated from `fixtures/`: methodology documents found in the
//! given directories (filed by their metadata and approved for the demo), and the
//! fictional entities, deals and committee records of `fixtures/demo/` (see its README).
//! Everything is written through the same audited API as any user action, so the demo
//! workbook verifies like any other.

use crate::analyst_input;
use crate::committee::{self, AgendaItem, Decision, Member, Session, Vote};
use crate::entities::{self, Sovereign};
use crate::import::{self, ImportError, Kind};
use crate::methodology::{self, Format};
use crate::titularizacion::{self, TitularizacionCase};
use crate::vocabulary::MethodologyState;
use crate::workbook::OpenError;
use crate::{Stamp, StoreError, Workbook};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the demo's data comes from.
#[derive(Debug, Clone)]
pub struct DemoSources {
    /// `fixtures/demo`.
    pub demo_dir: PathBuf,
    /// Directories searched (recursively) for methodology documents, e.g.
    /// `fixtures/methodologies`; earlier directories win on a repeated id and version.
    pub methodology_dirs: Vec<PathBuf>,
}

impl DemoSources {
    /// The demo in a `fixtures/` directory: `demo/` and `methodologies/`, then `extra`
    /// methodology directories. The CLI and the app both build the demo from here.
    pub fn from_fixtures(fixtures: &Path, extra: Vec<PathBuf>) -> DemoSources {
        let mut methodology_dirs = vec![fixtures.join("methodologies")];
        methodology_dirs.extend(extra);
        DemoSources {
            demo_dir: fixtures.join("demo"),
            methodology_dirs,
        }
    }
}

/// What the demo loader did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    /// `kind id version` of every methodology document filed.
    pub methodologies: Vec<String>,
    /// How many of them are national mapping specs.
    pub national_scales: usize,
    /// Files found but not filed, with the reason.
    pub skipped_files: Vec<String>,
    pub sovereigns: usize,
    pub issuers: usize,
    pub issues: usize,
    /// Issuers given stored analyst inputs (N-4…N-7).
    pub analyst_inputs: usize,
    pub titularizaciones: usize,
    pub sessions: usize,
    pub decisions: usize,
    /// Agenda items not loaded because their methodology was not found.
    pub skipped_items: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("could not read '{path}': {message}")]
    Read { path: PathBuf, message: String },
    #[error("'{path}' is not valid demo data: {message}")]
    Data { path: PathBuf, message: String },
    #[error("demo {what}: {source}")]
    Import {
        what: &'static str,
        source: ImportError,
    },
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One issuer's analyst inputs in `analyst_inputs.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalystInputFile {
    issuer: String,
    /// What the row illustrates (every row is fictional).
    #[allow(dead_code)]
    note: String,
    inputs: ratebook_core::committee::session_file::EngineInputs,
}

#[derive(Deserialize)]
struct CommitteeFile {
    members: Vec<Member>,
    sessions: Vec<SessionFile>,
}

#[derive(Deserialize)]
struct SessionFile {
    session: Session,
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
struct ItemFile {
    item: AgendaItem,
    votes: Vec<Vote>,
    /// The first is version 1; each later one is a new version of the one before (C-4).
    decisions: Vec<Decision>,
}

fn read_text(path: &Path) -> Result<String, DemoError> {
    std::fs::read_to_string(path).map_err(|e| DemoError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, DemoError> {
    serde_json::from_str(&read_text(path)?).map_err(|e| DemoError::Data {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Files under `dir` (recursively) with one of the extensions, in path order.
fn files_under(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, DemoError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| DemoError::Read {
            path: d.clone(),
            message: e.to_string(),
        })?;
        for entry in entries {
            let path = entry
                .map_err(|e| DemoError::Read {
                    path: d.clone(),
                    message: e.to_string(),
                })?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Builds the demo workbook at `out` (which must not exist). On failure the partly
/// written file is removed: the demo is made whole or not at all.
pub fn build(out: &Path, sources: &DemoSources, stamp: &Stamp) -> Result<DemoReport, DemoError> {
    let mut wb = Workbook::create(out)?;
    match fill(&mut wb, sources, stamp) {
        Ok(report) => Ok(report),
        Err(e) => {
            drop(wb);
            for suffix in ["", "-wal", "-shm"] {
                let mut p = out.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            Err(e)
        }
    }
}

fn fill(wb: &mut Workbook, sources: &DemoSources, stamp: &Stamp) -> Result<DemoReport, DemoError> {
    let mut report = DemoReport::default();
    load_methodologies(wb, sources, stamp, &mut report)?;

    let demo = &sources.demo_dir;
    let sovereigns: Vec<Sovereign> = read_json(&demo.join("sovereigns.json"))?;
    wb.transact(stamp, |w| {
        sovereigns
            .iter()
            .try_for_each(|s| entities::put_sovereign(w, s).map(drop))
    })?;
    report.sovereigns = sovereigns.len();
    for (kind, file, what) in [
        (Kind::Issuers, "issuers.csv", "issuers"),
        (Kind::Issues, "issues.csv", "issues"),
    ] {
        let done = import::import_file(wb, stamp, kind, &demo.join(file))
            .map_err(|source| DemoError::Import { what, source })?;
        match kind {
            Kind::Issuers => report.issuers = done.rows,
            _ => report.issues = done.rows,
        }
    }
    let analyst: Vec<AnalystInputFile> = read_json(&demo.join("analyst_inputs.json"))?;
    wb.transact(stamp, |w| {
        analyst
            .iter()
            .try_for_each(|a| analyst_input::put(w, &a.issuer, &a.inputs).map(drop))
    })?;
    report.analyst_inputs = analyst.len();
    for path in files_under(&demo.join("titularizaciones"), &["json"])? {
        let case: TitularizacionCase = read_json(&path)?;
        wb.transact(stamp, |w| titularizacion::put_case(w, &case).map(drop))?;
        report.titularizaciones += 1;
    }

    let committee_path = demo.join("committee.json");
    let file: CommitteeFile = read_json(&committee_path)?;
    wb.transact_durable(stamp, |w| {
        for m in &file.members {
            committee::put_member(w, m)?;
        }
        for s in &file.sessions {
            committee::open_session(w, &s.session)?;
            report.sessions += 1;
            for item in &s.items {
                let m = &item.item.methodology;
                if methodology::version_id(w.conn(), &m.id, &m.version)?.is_none() {
                    report.skipped_items.push(format!(
                        "session {} item {}: methodology {} {} is not loaded",
                        s.session.label(),
                        item.item.position,
                        m.id,
                        m.version
                    ));
                    continue;
                }
                let id = committee::add_agenda_item(w, &s.session.label(), &item.item)?;
                for v in &item.votes {
                    committee::cast_vote(w, id, v)?;
                }
                let mut previous = None;
                for d in &item.decisions {
                    previous = Some(committee::record_decision(w, id, d, previous)?);
                    report.decisions += 1;
                }
            }
        }
        Ok(())
    })?;
    Ok(report)
}

fn load_methodologies(
    wb: &mut Workbook,
    sources: &DemoSources,
    stamp: &Stamp,
    report: &mut DemoReport,
) -> Result<(), DemoError> {
    let mut loaded: HashMap<(String, String), (PathBuf, String)> = HashMap::new();
    let mut docs = Vec::new();
    for dir in &sources.methodology_dirs {
        for path in files_under(dir, &["toml", "json"])? {
            let format = if path.extension().is_some_and(|e| e == "json") {
                Format::Json
            } else {
                Format::Toml
            };
            let doc = match methodology::file_document(&read_text(&path)?, format) {
                Ok(doc) => doc,
                Err(e) => {
                    report
                        .skipped_files
                        .push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            let key = (doc.id.clone(), doc.version.clone());
            if let Some((first, hash)) = loaded.get(&key) {
                let why = if *hash == doc.body_sha256 {
                    "same document"
                } else {
                    "a different body under the same id and version"
                };
                report.skipped_files.push(format!(
                    "{}: {} {} already filed from {} ({why})",
                    path.display(),
                    doc.id,
                    doc.version,
                    first.display()
                ));
                continue;
            }
            loaded.insert(key, (path.clone(), doc.body_sha256.clone()));
            docs.push(doc);
        }
    }
    wb.transact(stamp, |w| {
        for doc in &docs {
            methodology::put(w, doc)?;
            methodology::set_state(w, &doc.id, &doc.version, MethodologyState::Approved)?;
        }
        Ok(())
    })?;
    report.national_scales = docs.iter().filter(|d| d.kind == "national-spec").count();
    report.methodologies = docs
        .iter()
        .map(|d| format!("{} {} {}", d.kind, d.id, d.version))
        .collect();
    Ok(())
}
