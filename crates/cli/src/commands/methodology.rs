//! `ratebook methodology approve`: approve a draft methodology version in a workbook (C-7),
//! listing the ratings it would change and putting them under observation.

use crate::commands::committee::{stamp, today};
use crate::output::Output;
use anyhow::Context;
use chrono::NaiveDate;
use ratebook_store::Workbook;
use ratebook_workbench::{committee, methodology};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Approve a draft version: retire its predecessor, list the ratings it would change
    /// (national N-13 impact, titularización re-score) and put them under observation.
    Approve {
        #[arg(long)]
        workbook: PathBuf,
        /// ID@VERSION, or an id with exactly one draft version.
        #[arg(long)]
        version: String,
        /// The approval date, YYYY-MM-DD (default: today).
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Who approves, in the audit chain (default: $USER).
        #[arg(long)]
        actor: Option<String>,
    },
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Command::Approve {
            workbook,
            version,
            on,
            actor,
        } => {
            let mut wb = Workbook::open(&workbook)
                .with_context(|| format!("opening workbook '{}'", workbook.display()))?;
            let ctx = committee::context(wb.connection())?;
            let target = methodology::resolve(&ctx.methodologies, &version)?;
            let on = on.unwrap_or_else(today);
            let report = methodology::approve(&mut wb, &stamp(actor), &target, on)?;
            out.emit(&report, |r| {
                let a = &r.approval;
                let mut t = format!(
                    "C-7 approved {} {} on {}\n",
                    a.approved.id,
                    a.approved.version,
                    a.approved
                        .approved_on
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                );
                for old in &a.retired {
                    t.push_str(&format!("C-7 retired {} {}\n", old.id, old.version));
                }
                if let Some(c) = &r.compared_with {
                    t.push_str(&format!("compared with {c}\n"));
                }
                if let Some(i) = &r.impact {
                    t.push_str(&format!(
                        "N-13 {} entities compared, {} changed ({} up, {} down)\n",
                        i.compared, i.changed, i.upgrades, i.downgrades
                    ));
                }
                for s in &r.rescores {
                    t.push_str(&format!(
                        "T-3 {}: {} {} -> {} {}\n",
                        s.titularizacion,
                        s.score_before,
                        s.category_before,
                        s.score_after,
                        s.category_after
                    ));
                }
                t.push_str(&format!(
                    "{} rating(s) under observation:\n",
                    a.observations.len()
                ));
                for o in &a.observations {
                    t.push_str(&format!(
                        "  {} {} -> {} under observation, review by {}\n",
                        o.subject.id, o.current, o.candidate, o.review_by
                    ));
                }
                t
            })
        }
    }
}
