//! `ratebook`: the command-line shell over Ratebook's core, workbook and reports.
//!
//! Contract (stable): `--json` prints machine-readable JSON on stdout, otherwise text for
//! people. Exit 0 on success, 1 on invalid input or a refused rule (the message names the
//! field and the value), 2 on usage errors (clap's own).

mod commands;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ratebook",
    version,
    about = "Ratebook: credit rating workbench (headless)"
)]
struct Cli {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The global rating scale: notch index and short-term equivalents (SPEC §2, N-7).
    Scale(commands::scale::Args),
    /// Titularizaciones (SPEC §4, seed 003): rate a case, check freshness, simulate.
    Titularizacion(commands::titularizacion::Args),
    /// Mapping specs: validation (SPEC N-1, N-2).
    Spec(commands::spec::Args),
    /// The national scale engine (SPEC §3, seed 001).
    National(commands::national::Args),
    /// The workbook file: new, demo, import, export, backup, verify (SPEC §1, C-5).
    Workbook(commands::workbook::Args),
    /// Demo CA and member certificates for signing (SPEC R-4).
    Keys(commands::keys::Args),
    /// Sign a PDF: certify (DocMDP P=2) or approve into a pre-created field (SPEC R-3).
    Sign(commands::sign::Args),
    /// Verify every signature of a PDF (SPEC ).
    Verify(commands::verify::Args),
    /// The rating committee: run a session, rating history, reviews due (SPEC §5).
    Committee(commands::committee::Args),
    /// Methodology lifecycle: approve a draft version (C-7).
    Methodology(commands::methodology::Args),
    /// The committee report of one stored decision, as an unsigned PDF (SPEC R-1).
    Report(commands::report::ReportArgs),
    /// The acta (minutes) of one session, as an unsigned PDF (SPEC R-5).
    Acta(commands::report::ActaArgs),
    /// The demo: workbook, decisions, demo CA, signed report and acta (fictional data).
    Demo(commands::demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = output::Output { json: cli.json };
    let result = match cli.command {
        Command::Scale(args) => commands::scale::run(args, &out),
        Command::Titularizacion(args) => commands::titularizacion::run(args, &out),
        Command::Spec(args) => commands::spec::run(args, &out),
        Command::National(args) => commands::national::run(args, &out),
        Command::Workbook(args) => commands::workbook::run(args, &out),
        Command::Keys(args) => commands::keys::run(args, &out),
        Command::Sign(args) => commands::sign::run(args, &out),
        Command::Verify(args) => commands::verify::run(args, &out),
        Command::Committee(args) => commands::committee::run(args, &out),
        Command::Methodology(args) => commands::methodology::run(args, &out),
        Command::Report(args) => commands::report::run_report(args, &out),
        Command::Acta(args) => commands::report::run_acta(args, &out),
        Command::Demo(args) => commands::demo::run(args, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            out.error(&err);
            ExitCode::from(1)
        }
    }
}
