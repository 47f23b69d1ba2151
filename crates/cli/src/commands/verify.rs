//! `ratebook verify`: checks every signature of a PDF.
//!
//! Prints `{"ok", "signatures": [{"field", "signer", "intact", "certification",
//! "covers_document", "modifications_allowed"}]}` (plus, when something is wrong,
//! `problems` in English and `findings`, the same as `{"code", "args", "detail"}`, see
//! `ratebook_report::finding`). Unlike `pdfsig`, the exit status says the verdict: 0 when
//! `ok`, 1 otherwise.

use crate::output::Output;
use anyhow::Context;
use ratebook_report::verify;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The signed PDF to check.
    #[arg(value_name = "PDF")]
    input: PathBuf,
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    let pdf = std::fs::read(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let report =
        verify::verify(&pdf).with_context(|| format!("cannot verify {}", args.input.display()))?;
    out.emit(&report, |r| {
        let mut text = String::new();
        for s in &r.signatures {
            let level = match s.certification {
                Some(p) => format!("certification P={p}"),
                None => "approval".into(),
            };
            text.push_str(&format!(
                "{}: {} — {}, {}, {}, {}\n",
                s.field,
                s.signer.as_deref().unwrap_or("(unknown signer)"),
                level,
                if s.intact { "intact" } else { "NOT INTACT" },
                if s.covers_document {
                    "covers the whole file"
                } else {
                    "later revisions follow"
                },
                if s.modifications_allowed {
                    "later changes permitted"
                } else {
                    "LATER CHANGES NOT PERMITTED"
                },
            ));
            for p in s.problems() {
                text.push_str(&format!("  problem: {p}\n"));
            }
        }
        if r.signatures.is_empty() {
            text.push_str("no signature found\n");
        }
        text.push_str(if r.ok { "OK\n" } else { "NOT OK\n" });
        text
    })?;
    if !report.ok {
        // The verdict is already printed (as JSON with --json); the exit status carries it.
        eprintln!("error: {} does not verify", args.input.display());
        std::process::exit(1);
    }
    Ok(())
}
