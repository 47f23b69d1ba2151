//! `ratebook spec validate FILE`: N-2 validation of a mapping spec file.
//!
//! Prints `{"valid", "errors": [{"rule","message",...}], "warnings": [...]}` and exits 1
//! when the spec has errors, so scripts can gate on it.

use crate::output::Output;
use anyhow::Context;
use ratebook_core::national::spec;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Validate a national mapping spec (TOML) against N-1 and N-2.
    Validate {
        /// The spec file.
        file: PathBuf,
    },
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Command::Validate { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("FILE: cannot read '{}'", file.display()))?;
            let report = spec::validate_toml(&text);
            out.emit(&report, |r| {
                let mut s = format!(
                    "{}: {}\n",
                    file.display(),
                    if r.valid { "valid" } else { "INVALID" }
                );
                for e in &r.errors {
                    s.push_str(&format!("error   {} [{}] {}\n", e.rule, e.check, e.message));
                }
                for w in &r.warnings {
                    s.push_str(&format!("warning {} [{}] {}\n", w.rule, w.check, w.message));
                }
                s
            })?;
            if !report.valid {
                // The report above is the answer; exit 1 without a second message.
                std::io::stdout().flush()?;
                std::process::exit(1);
            }
            Ok(())
        }
    }
}
