//! `ratebook report` and `ratebook acta`: the committee report of one stored decision
//! and the acta of one session, as unsigned PDFs filed in the workbook with
//! their SHA-256. Sign them with `ratebook sign`.

use crate::output::Output;
use anyhow::Context;
use ratebook_report::layout::Lang;
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::report::{self, Issuer};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Who issues the documents, printed on every page.
#[derive(clap::Args)]
pub struct IssuerArgs {
    /// The rating agency's name.
    #[arg(long, default_value = "Calificadora de Riesgo")]
    rater: String,
    /// The city printed with the date.
    #[arg(long, default_value = "Quito – Ecuador")]
    city: String,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    #[arg(long)]
    workbook: PathBuf,
    /// The decision's id (see `ratebook workbook` listings).
    #[arg(long)]
    decision: i64,
    #[arg(long, value_parser = ["es", "en"])]
    lang: String,
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    issuer: IssuerArgs,
}

#[derive(clap::Args)]
pub struct ActaArgs {
    #[arg(long)]
    workbook: PathBuf,
    /// The session's label, `number/year` (e.g. 176/2026).
    #[arg(long)]
    session: String,
    #[arg(long, value_parser = ["es", "en"])]
    lang: String,
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    issuer: IssuerArgs,
}

/// What was written.
#[derive(Serialize)]
pub struct Written {
    pub file: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub report_file_id: i64,
    pub chain_head: String,
    /// Signature fields pre-created for later signers when certifying.
    pub fields: Vec<String>,
}

pub fn lang(s: &str) -> Lang {
    if s == "en" {
        Lang::En
    } else {
        Lang::Es
    }
}

pub fn stamp() -> Stamp {
    Stamp::new("ratebook-cli", std::time::SystemTime::now().into())
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Generates, writes and files the committee report of `decision`.
pub fn write_report(
    wb: &mut Workbook,
    decision: i64,
    lang: Lang,
    issuer: &Issuer,
    out: &Path,
) -> anyhow::Result<Written> {
    let values = report::committee_report(wb.connection(), decision, lang, issuer)?;
    let pdf = ratebook_report::committee_report::render_report(&values, lang, now())?;
    std::fs::write(out, &pdf).with_context(|| format!("cannot write {}", out.display()))?;
    let id = report::file_report(wb, &stamp(), decision, lang, &file_name(out), &pdf)?;
    Ok(Written {
        file: out.display().to_string(),
        sha256: report::sha256_hex(&pdf),
        size_bytes: pdf.len() as u64,
        report_file_id: id,
        chain_head: values.chain_head.clone(),
        fields: values.approver_fields(),
    })
}

/// Generates, writes and files the acta of `session`.
pub fn write_acta(
    wb: &mut Workbook,
    session: &str,
    lang: Lang,
    issuer: &Issuer,
    out: &Path,
) -> anyhow::Result<Written> {
    let values = report::acta(wb.connection(), session, lang, issuer)?;
    let pdf = ratebook_report::acta::render_acta(&values, lang, now())?;
    std::fs::write(out, &pdf).with_context(|| format!("cannot write {}", out.display()))?;
    let id = report::file_acta(wb, &stamp(), session, lang, &file_name(out), &pdf)?;
    Ok(Written {
        file: out.display().to_string(),
        sha256: report::sha256_hex(&pdf),
        size_bytes: pdf.len() as u64,
        report_file_id: id,
        chain_head: values.chain_head.clone(),
        fields: values.fields(),
    })
}

fn text(w: &Written) -> String {
    format!(
        "wrote {} ({} bytes, sha256 {})\nchain head {}\nsignature fields: {}\n",
        w.file,
        w.size_bytes,
        w.sha256,
        w.chain_head,
        w.fields.join(", ")
    )
}

pub fn run_report(args: ReportArgs, out: &Output) -> anyhow::Result<()> {
    let mut wb = Workbook::open(&args.workbook)
        .with_context(|| format!("cannot open workbook {}", args.workbook.display()))?;
    let issuer = Issuer {
        rater: args.issuer.rater,
        city: args.issuer.city,
    };
    let w = write_report(&mut wb, args.decision, lang(&args.lang), &issuer, &args.out)?;
    out.emit(&w, text)
}

pub fn run_acta(args: ActaArgs, out: &Output) -> anyhow::Result<()> {
    let mut wb = Workbook::open(&args.workbook)
        .with_context(|| format!("cannot open workbook {}", args.workbook.display()))?;
    let issuer = Issuer {
        rater: args.issuer.rater,
        city: args.issuer.city,
    };
    let w = write_acta(&mut wb, &args.session, lang(&args.lang), &issuer, &args.out)?;
    out.emit(&w, text)
}
