//! `ratebook workbook`: create, fill, import into, export from, back up and verify a
//! workbook (SPEC §1, C-5). The CLI reads the clock and names the actor; the store takes
//! both as values.

use crate::output::Output;
use anyhow::Context;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::import::{self, ImportError, Kind};
use ratebook_store::{audit, backup, export, Stamp, Workbook};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// What a file holds: rows in CSV or XLSX, or whole documents in JSON.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum KindArg {
    Issuers,
    Issues,
    Flows,
    History,
    /// Every methodology version (JSON).
    Methodologies,
    /// One titularización with classes, flows, history, mechanisms and factors (JSON).
    Titularizacion,
    /// One issuer with its sovereign and issues (JSON).
    IssuerCase,
}

impl KindArg {
    /// The spreadsheet kind, or `None` for the JSON documents.
    fn rows(self) -> Option<Kind> {
        match self {
            KindArg::Issuers => Some(Kind::Issuers),
            KindArg::Issues => Some(Kind::Issues),
            KindArg::Flows => Some(Kind::Flows),
            KindArg::History => Some(Kind::History),
            KindArg::Methodologies | KindArg::Titularizacion | KindArg::IssuerCase => None,
        }
    }
}

fn require_json(path: &Path) -> anyhow::Result<()> {
    let ok = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    anyhow::ensure!(
        ok,
        "'{}' must be a .json file for this kind; accepted: .json",
        path.display()
    );
    Ok(())
}

#[derive(clap::Args)]
struct WriteOptions {
    /// Who makes the change, recorded in the audit chain (default: $USER).
    #[arg(long)]
    actor: Option<String>,
    /// How long to wait for another process's write lock before "workbook is busy".
    #[arg(long, default_value_t = 5000)]
    busy_timeout_ms: u64,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Build the demo workbook (fictional data) from fixtures/.
    Demo {
        /// The new workbook file (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// The fixtures directory (default: the repository's fixtures/).
        #[arg(long)]
        fixtures: Option<PathBuf>,
        /// More directories of methodology documents, searched after
        /// <fixtures>/methodologies.
        #[arg(long = "methodologies")]
        methodologies: Vec<PathBuf>,
        #[command(flatten)]
        write: WriteOptions,
    },
    /// Create a new, empty workbook.
    New {
        /// The new workbook file (must not exist).
        file: PathBuf,
    },
    /// Import rows from a CSV or XLSX file (or a JSON document for methodologies and
    /// cases); every row is checked first and nothing is written if any row is bad.
    Import {
        file: PathBuf,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The CSV, XLSX or JSON file to read (format from its extension).
        #[arg(long)]
        from: PathBuf,
        #[command(flatten)]
        write: WriteOptions,
    },
    /// Export rows to a new CSV or XLSX file, in the columns import reads (or a JSON
    /// document for methodologies and cases).
    Export {
        file: PathBuf,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The file to write (must not exist; format from its extension).
        #[arg(long)]
        to: PathBuf,
        /// The titularización or issuer code, for `titularizacion` and `issuer-case`.
        #[arg(long)]
        code: Option<String>,
    },
    /// Copy the workbook with SQLite's online backup API.
    Backup {
        file: PathBuf,
        /// The copy (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Check the audit chain and that every row matches it (C-5); exit 1 on problems.
    Verify { file: PathBuf },
}

fn stamp(write: &WriteOptions) -> Stamp {
    let who = write
        .actor
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "ratebook-cli".to_string());
    Stamp::new(who, std::time::SystemTime::now().into())
}

fn open(path: &Path) -> anyhow::Result<Workbook> {
    Ok(Workbook::open(path)?)
}

fn default_fixtures() -> PathBuf {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    if built.is_dir() {
        built
    } else {
        PathBuf::from("fixtures")
    }
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Command::Demo {
            out: file,
            fixtures,
            methodologies,
            write,
        } => {
            let fixtures = fixtures.unwrap_or_else(default_fixtures);
            let sources = DemoSources::from_fixtures(&fixtures, methodologies);
            let report = demo::build(&file, &sources, &stamp(&write))
                .with_context(|| format!("building the demo workbook '{}'", file.display()))?;
            out.emit(&report, |r| {
                let mut text = format!(
                    "Demo workbook {} (fictional data): {} methodology documents ({} national scales), {} sovereigns, {} issuers, {} issues, {} titularizaciones, {} sessions, {} decisions\n",
                    file.display(),
                    r.methodologies.len(),
                    r.national_scales,
                    r.sovereigns,
                    r.issuers,
                    r.issues,
                    r.titularizaciones,
                    r.sessions,
                    r.decisions
                );
                for s in r.skipped_files.iter().chain(&r.skipped_items) {
                    text.push_str(&format!("  skipped: {s}\n"));
                }
                text
            })
        }
        Command::New { file } => {
            Workbook::create(&file)?;
            out.emit(&serde_json::json!({ "created": file }), |_| {
                format!("Created workbook {}\n", file.display())
            })
        }
        Command::Import {
            file,
            kind,
            from,
            write,
        } => {
            let mut wb = open(&file)?;
            wb.set_busy_timeout(Duration::from_millis(write.busy_timeout_ms))?;
            let Some(rows_kind) = kind.rows() else {
                require_json(&from)?;
                let text = std::fs::read_to_string(&from)
                    .with_context(|| format!("reading {}", from.display()))?;
                let stamp = stamp(&write);
                let imported = match kind {
                    KindArg::Methodologies => import::methodologies_json(&mut wb, &stamp, &text)?,
                    KindArg::Titularizacion => {
                        import::titularizacion_json(&mut wb, &stamp, &text).map(|_| 1)?
                    }
                    _ => import::issuer_json(&mut wb, &stamp, &text).map(|_| 1)?,
                };
                return out.emit(&serde_json::json!({ "documents": imported }), |_| {
                    format!("Imported {imported} document(s) from {}\n", from.display())
                });
            };
            match import::import_file(&mut wb, &stamp(&write), rows_kind, &from) {
                Ok(report) => out.emit(&report, |r| {
                    format!(
                        "Imported {} {} rows from {} ({} audit events)\n",
                        r.rows,
                        r.kind.as_str(),
                        from.display(),
                        r.events
                    )
                }),
                Err(ImportError::BadRows(problems)) if out.json => {
                    // Structured problems for scripts; exit 1 like any refused input.
                    let message = ImportError::BadRows(problems.clone()).to_string();
                    println!(
                        "{}",
                        serde_json::json!({ "error": message, "problems": problems })
                    );
                    eprintln!("error: {message}");
                    std::process::exit(1);
                }
                Err(e) => Err(e).with_context(|| {
                    format!("importing {} into '{}'", from.display(), file.display())
                }),
            }
        }
        Command::Export {
            file,
            kind,
            to,
            code,
        } => {
            let wb = open(&file)?;
            let Some(rows_kind) = kind.rows() else {
                require_json(&to)?;
                anyhow::ensure!(
                    !to.exists(),
                    "'{}' already exists; export never writes over a file",
                    to.display()
                );
                let need_code = || {
                    code.clone()
                        .ok_or_else(|| anyhow::anyhow!("--code is required for this kind; accepted: a titularización or issuer code"))
                };
                let text = match kind {
                    KindArg::Methodologies => export::methodologies_json(&wb)?,
                    KindArg::Titularizacion => export::titularizacion_json(&wb, &need_code()?)?,
                    _ => export::issuer_json(&wb, &need_code()?)?,
                };
                std::fs::write(&to, format!("{text}\n"))
                    .with_context(|| format!("writing {}", to.display()))?;
                return out.emit(&serde_json::json!({ "written": to }), |_| {
                    format!("Exported to {}\n", to.display())
                });
            };
            let report = export::export_file(&wb, rows_kind, &to)?;
            out.emit(&report, |r| {
                format!(
                    "Exported {} {} rows to {}\n",
                    r.rows,
                    r.kind.as_str(),
                    to.display()
                )
            })
        }
        Command::Backup { file, to } => {
            let wb = open(&file)?;
            backup::to_file(&wb, &to)?;
            out.emit(&serde_json::json!({ "backup": to }), |_| {
                format!("Backed up {} to {}\n", file.display(), to.display())
            })
        }
        Command::Verify { file } => {
            let wb = open(&file)?;
            let v = audit::verify(wb.connection())?;
            out.emit(&v, |v| {
                let mut text = if v.ok {
                    format!("ok: {} events, chain head {}\n", v.events, v.head)
                } else {
                    format!(
                        "NOT OK: {} problem(s) in {} events\n",
                        v.problems.len(),
                        v.events
                    )
                };
                for p in &v.problems {
                    text.push_str(&format!(
                        "  event {} table {} row {}: {}\n",
                        p.event.map(|e| e.to_string()).unwrap_or("-".into()),
                        p.table.as_deref().unwrap_or("-"),
                        p.row.map(|r| r.to_string()).unwrap_or("-".into()),
                        p.what
                    ));
                }
                text
            })?;
            if !v.ok {
                // The report is the output; exit 1 without a second error document.
                std::process::exit(1);
            }
            Ok(())
        }
    }
}
