//! `ratebook committee`: run a whole session from a file against a workbook, show an
//! entity's rating history and the surveillance calendar (SPEC §5, C-1 … C-8). The rules are
//! the core's, the records the store's, the composition the workbench's; this module reads
//! files and the clock and prints.

use crate::output::Output;
use anyhow::Context;
use chrono::NaiveDate;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_core::committee::ItemOutcome;
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::committee;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Run a whole session from a session file (ratebook-session/1) and record it in the
    /// workbook; prints each decision or refusal, rule id first; exit 1 if any item is
    /// refused.
    Run {
        #[arg(long)]
        workbook: PathBuf,
        #[arg(long)]
        session: PathBuf,
        /// Who records the session, in the audit chain (default: $USER).
        #[arg(long)]
        actor: Option<String>,
    },
    /// Every decision on an entity (and its classes or issues) in order, with its action.
    History {
        #[arg(long)]
        workbook: PathBuf,
        #[arg(long)]
        entity: String,
    },
    /// Next review per outstanding rating (C-8) and the overdue list, as of a date.
    Due {
        #[arg(long)]
        workbook: PathBuf,
        /// YYYY-MM-DD (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
}

/// The stamp of a write: who and now (the CLI reads the clock; the store takes a value).
pub fn stamp(actor: Option<String>) -> Stamp {
    let who = actor
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "ratebook-cli".to_string());
    Stamp::new(who, std::time::SystemTime::now().into())
}

/// Today's date, for defaults.
pub fn today() -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

fn open(path: &Path) -> anyhow::Result<Workbook> {
    Workbook::open(path).with_context(|| format!("opening workbook '{}'", path.display()))
}

fn outcome_text(o: &ItemOutcome) -> String {
    match o {
        ItemOutcome::Decided { item, decision } => {
            let d = decision;
            let mut line = format!(
                "item {item}: {} decided {} ({}) — indicative {}, {} vote(s)",
                d.subject,
                d.rating,
                d.record.action.as_str(),
                d.indicative.rating,
                d.votes.len()
            );
            if let Some(o) = &d.override_record {
                line.push_str(&format!(
                    "; override {} ({:+} notch(es), {:?})",
                    o.reason_code, o.notches, o.approval
                ));
            }
            for dissent in &d.dissents {
                line.push_str(&format!("; dissent {} {}", dissent.member, dissent.rating));
            }
            line
        }
        ItemOutcome::Refused {
            item,
            subject,
            refusal,
            ..
        } => format!(
            "{} [item {item}, {subject}, {}]",
            refusal.message,
            if refusal.no_decision {
                "no decision"
            } else {
                "refused"
            }
        ),
    }
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Command::Run {
            workbook,
            session,
            actor,
        } => {
            let text = std::fs::read_to_string(&session)
                .with_context(|| format!("reading session file '{}'", session.display()))?;
            let file: SessionFile = serde_json::from_str(&text).with_context(|| {
                format!(
                    "session file '{}' is not a ratebook-session/1 document",
                    session.display()
                )
            })?;
            let cases =
                committee::load_engine_cases(&file, session.parent().unwrap_or(Path::new(".")))?;
            let mut wb = open(&workbook)?;
            let report = committee::run(&mut wb, &stamp(actor), &file, &cases)?;
            out.emit(&report, |r| {
                let mut t = format!(
                    "Session {} ({}), {} — rules {}\n",
                    r.session.number,
                    match r.session.kind {
                        ratebook_core::committee::session::SessionKind::Ordinaria => "ordinaria",
                        ratebook_core::committee::session::SessionKind::Extraordinaria =>
                            "extraordinaria",
                    },
                    r.session.date,
                    r.rules
                );
                if let Some(q) = &r.quorum {
                    t.push_str(&format!(
                        "C-2 quorum {}: {} voting member(s) present of {} required\n",
                        if q.met { "met" } else { "NOT met" },
                        q.voting_present.len(),
                        q.required
                    ));
                }
                for o in &r.items {
                    t.push_str(&outcome_text(o));
                    t.push('\n');
                }
                t.push_str(&format!(
                    "{} decided, {} refused; recorded in {}\n",
                    r.decided,
                    r.refused,
                    workbook.display()
                ));
                t
            })?;
            if report.refused > 0 {
                std::io::stdout().flush().ok();
                eprintln!(
                    "error: {} of {} item(s) refused or without decision (see the rule ids above); the session and its decisions were recorded",
                    report.refused,
                    report.items.len()
                );
                std::process::exit(1);
            }
            Ok(())
        }
        Command::History { workbook, entity } => {
            let wb = open(&workbook)?;
            let h = committee::history(wb.connection(), &entity)?;
            anyhow::ensure!(
                !h.entries.is_empty(),
                "--entity '{entity}' has no decision in workbook '{}'; accepted: an issuer, issue or titularización code with decisions",
                workbook.display()
            );
            out.emit(&h, |h| {
                let mut t = format!("Rating history of {}\n", h.entity);
                for e in &h.entries {
                    t.push_str(&format!(
                        "{} {} item {} v{}: {} {} {} ({}){}{}{}\n",
                        e.date,
                        e.key.session,
                        e.key.item,
                        e.version,
                        e.subject.id,
                        e.rating,
                        e.action.as_str(),
                        e.scale_id,
                        if e.overridden { " override" } else { "" },
                        if e.signed { " signed" } else { "" },
                        e.superseded_by
                            .map(|v| format!(" superseded by v{v}"))
                            .unwrap_or_default()
                    ));
                }
                t
            })
        }
        Command::Due { workbook, as_of } => {
            let wb = open(&workbook)?;
            let as_of = as_of.unwrap_or_else(today);
            let list = committee::due(wb.connection(), as_of)?;
            out.emit(&list, |l| {
                let mut t = format!("Reviews as of {} (rules {})\n", l.as_of, l.rules);
                for r in &l.reviews {
                    let why = match &r.reason {
                        ratebook_core::committee::surveillance::DueReason::Periodic { months } => {
                            format!("C-8 periodic, {months} month(s)")
                        }
                        ratebook_core::committee::surveillance::DueReason::Observation {
                            methodology,
                        } => format!("C-7 under observation after {methodology}"),
                    };
                    t.push_str(&format!(
                        "{} {} {} — last {} on {} — due {}{}\n",
                        if r.overdue { "OVERDUE" } else { "due    " },
                        r.subject.id,
                        r.rating,
                        r.last_decision,
                        r.decided_on,
                        r.due,
                        if r.overdue {
                            format!(" ({} day(s) overdue; {why})", r.days_overdue)
                        } else {
                            format!(" ({why})")
                        }
                    ));
                }
                t.push_str(&format!("{} overdue\n", l.overdue().count()));
                t
            })
        }
    }
}
