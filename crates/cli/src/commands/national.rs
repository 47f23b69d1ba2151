//! `ratebook national …`: the national scale engine (SPEC §3) from the command line.
//! Thin: parse, call the core, print.

use crate::output::Output;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use ratebook_core::builtin;
use ratebook_core::national::rate::{Case, EntityInput};
use ratebook_core::national::spec::{self, MappingSpec};
use ratebook_core::national::{impact, mapping, rate};
use ratebook_core::scale::GlobalRating;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// N-3: global credit quality → indicative national options.
    Map {
        /// A shipped spec id or a spec TOML file.
        #[arg(long)]
        spec: String,
        /// Global credit quality, e.g. BB+.
        #[arg(long)]
        global: String,
        /// Use the version of the spec's scale in force on this date (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
    },
    /// N-11: national rating → the global levels that list it.
    Reverse {
        #[arg(long)]
        spec: String,
        #[arg(long)]
        national: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// N-7: national long-term → national short-term.
    ShortTerm {
        #[arg(long)]
        spec: String,
        #[arg(long)]
        national: String,
        /// Alternative mapping: liquidity exceptional or a key strength.
        #[arg(long)]
        alternative: bool,
        #[arg(long)]
        date: Option<String>,
    },
    /// The full pipeline (N-1…N-12) on a JSON case (fixtures/cases/national/README.md).
    ///
    /// Or, with --spec and --entities instead of --case, re-rate a list of entities (a plain
    /// batch re-rate, the baseline of `impact`).
    Rate {
        #[arg(long, required_unless_present = "entities", conflicts_with_all = ["entities", "spec"])]
        case: Option<PathBuf>,
        /// Batch: JSON list of entities (the `entity` object of a case).
        #[arg(long, requires = "spec")]
        entities: Option<PathBuf>,
        /// Batch: shipped spec id or spec TOML file.
        #[arg(long, requires = "entities")]
        spec: Option<String>,
        /// Batch: the version of the spec's scale in force on this date.
        #[arg(long, requires = "entities")]
        date: Option<String>,
        /// Batch: keep each entity's full trace in the output.
        #[arg(long, requires = "entities")]
        trace: bool,
    },
    /// N-13: re-rate entities under a candidate spec and report what changes.
    Impact {
        #[arg(long)]
        spec_from: String,
        #[arg(long)]
        spec_to: String,
        /// JSON list of entities (the `entity` object of a case).
        #[arg(long)]
        entities: PathBuf,
    },
}

fn parse_date(field: &str, text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{field}: '{text}' is not a date; expected YYYY-MM-DD"))
}

/// The shipped specs plus, when `spec` is a readable file, that file's spec; returns the
/// list and the id to select.
fn specs_with(spec: &str) -> anyhow::Result<(Vec<MappingSpec>, String)> {
    let mut specs = builtin::national_specs();
    if specs.iter().any(|s| s.id == spec) {
        return Ok((specs, spec.to_string()));
    }
    let path = Path::new(spec);
    if !path.is_file() {
        bail!(
            "--spec: '{spec}' is neither a shipped spec id ({}) nor a readable file",
            specs
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("--spec: cannot read '{spec}'"))?;
    let loaded = MappingSpec::from_toml(&text).with_context(|| format!("--spec '{spec}'"))?;
    let validation = spec::validate(&loaded);
    if !validation.valid {
        let first = &validation.errors[0];
        bail!(
            "--spec '{spec}': the spec is invalid ({} error(s)); first: {} {}",
            validation.errors.len(),
            first.rule,
            first.message
        );
    }
    let id = loaded.id.clone();
    specs.retain(|s| s.id != id);
    specs.push(loaded);
    Ok((specs, id))
}

fn resolve(spec_arg: &str, date: Option<&str>) -> anyhow::Result<MappingSpec> {
    let (specs, id) = specs_with(spec_arg)?;
    let date = date.map(|d| parse_date("--date", d)).transpose()?;
    Ok(spec::select(&specs, &id, date)?.clone())
}

fn read_entities(path: &Path) -> anyhow::Result<Vec<EntityInput>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("--entities: cannot read '{}'", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("--entities '{}'", path.display()))
}

fn trace_text(trace: &ratebook_core::trace::Trace) -> String {
    let mut s = String::from("trace:\n");
    for (i, t) in trace.steps().iter().enumerate() {
        s.push_str(&format!(
            "  {:>2}. {:<5} {:<10} {} → {}  ({}; {})\n",
            i + 1,
            t.rule,
            t.subject,
            if t.before.is_empty() { "·" } else { &t.before },
            t.after,
            t.reason,
            t.section
        ));
    }
    s
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Command::Map { spec, global, date } => {
            let spec = resolve(&spec, date.as_deref())?;
            let g: GlobalRating = global.parse().context("--global")?;
            let m = mapping::forward(&spec, g)?;
            out.emit(&m, |m| {
                format!(
                    "{} v{}: global {} → {}\n",
                    m.spec,
                    m.spec_version,
                    m.global,
                    m.options.join(", ")
                )
            })
        }
        Command::Reverse {
            spec,
            national,
            date,
        } => {
            let spec = resolve(&spec, date.as_deref())?;
            let n = spec.affixes.parse(&national).context("--national")?;
            let r = mapping::reverse(&spec, n.grade);
            out.emit(&r, |r| {
                format!(
                    "{} v{}: national {} ← global {}{}\n",
                    r.spec,
                    r.spec_version,
                    r.national,
                    if r.global.is_empty() {
                        "(none)".to_string()
                    } else {
                        r.global.join(", ")
                    },
                    if r.ambiguous { "  (ambiguous)" } else { "" }
                )
            })
        }
        Command::ShortTerm {
            spec,
            national,
            alternative,
            date,
        } => {
            let spec = resolve(&spec, date.as_deref())?;
            let n = spec.affixes.parse(&national).context("--national")?;
            let m =
                mapping::short_term(&spec, &builtin::national_parameters(), n.grade, alternative);
            out.emit(&m, |m| {
                format!(
                    "{} → {} ({}{})\n",
                    m.national,
                    m.short_term,
                    if m.alternative { "alternative, " } else { "" },
                    m.table
                )
            })
        }
        Command::Rate {
            case: None,
            entities: Some(entities),
            spec: Some(spec),
            date,
            trace,
        } => {
            let spec = resolve(&spec, date.as_deref())?;
            let list = read_entities(&entities)?;
            let batch = rate::rate_batch(&spec, &builtin::national_parameters(), &list, trace);
            out.emit(&batch, |b| {
                let mut s = format!(
                    "{} v{} ({}): {} rated, {} not rated\n",
                    b.spec,
                    b.spec_version,
                    b.notching_version,
                    b.ratings.len(),
                    b.failures.len()
                );
                for r in &b.ratings {
                    s.push_str(&format!(
                        "{}: {} → {} (selected {}) short-term {}{}\n",
                        r.id,
                        r.global,
                        r.final_rating,
                        r.selected,
                        r.short_term,
                        if r.warnings.is_empty() {
                            String::new()
                        } else {
                            format!("  [{}]", r.warnings.join(", "))
                        }
                    ));
                }
                for f in &b.failures {
                    s.push_str(&format!("not rated: {}: {}\n", f.id, f.message));
                }
                s
            })
        }
        Command::Rate { case: None, .. } => {
            bail!("--case FILE, or --spec and --entities, is required")
        }
        Command::Rate {
            case: Some(case), ..
        } => {
            let text = std::fs::read_to_string(&case)
                .with_context(|| format!("--case: cannot read '{}'", case.display()))?;
            let c: Case = serde_json::from_str(&text)
                .with_context(|| format!("--case '{}'", case.display()))?;
            // A spec path in the case is relative to the case file.
            let spec_arg = match case.parent() {
                Some(dir) if !Path::new(&c.spec).is_absolute() && dir.join(&c.spec).is_file() => {
                    dir.join(&c.spec).display().to_string()
                }
                _ => c.spec.clone(),
            };
            let (specs, id) = specs_with(&spec_arg)?;
            let c = Case { spec: id, ..c };
            let r = rate::rate_case(&specs, &builtin::national_parameters(), &c)?;
            out.emit(&r, |r| {
                let mut s = format!(
                    "{} ({} v{}, {})\n{}: {} [options {}; selected {}] short-term {}\n",
                    if r.id.is_empty() { "case" } else { &r.id },
                    r.spec,
                    r.spec_version,
                    r.notching_version,
                    r.issuer.label,
                    r.issuer.final_rating,
                    r.issuer.options.join(", "),
                    r.issuer.selected,
                    r.issuer.short_term
                );
                for i in &r.issues {
                    s.push_str(&format!(
                        "issue {}: {} ({:+} from {})\n",
                        i.id, i.rating, i.notches, i.starting_point
                    ));
                }
                for w in &r.warnings {
                    s.push_str(&format!("warning {} {}\n", w.rule, w.message));
                }
                s.push_str(&trace_text(&r.trace));
                s
            })
        }
        Command::Impact {
            spec_from,
            spec_to,
            entities,
        } => {
            let from = resolve(&spec_from, None).context("--spec-from")?;
            let to = resolve(&spec_to, None).context("--spec-to")?;
            let list = read_entities(&entities)?;
            let report = impact::impact(&from, &to, &builtin::national_parameters(), &list);
            out.emit(&report, |r| {
                let mut s = format!(
                    "{} → {}: {} of {} ratings change ({:.2}%): {} up, {} down; {} not rated\n",
                    r.spec_from,
                    r.spec_to,
                    r.changed,
                    r.compared,
                    r.share_affected * 100.0,
                    r.upgrades,
                    r.downgrades,
                    r.failures.len()
                );
                for b in &r.notches {
                    s.push_str(&format!("  {:+} notch(es): {}\n", b.notches, b.count));
                }
                for c in r.changes.iter().take(50) {
                    s.push_str(&format!(
                        "  {}: {} → {} ({:+})\n",
                        c.id, c.from, c.to, c.notches
                    ));
                }
                if r.changes.len() > 50 {
                    s.push_str(&format!("  … {} more (use --json)\n", r.changes.len() - 50));
                }
                for f in &r.failures {
                    s.push_str(&format!(
                        "  not rated: {} under {}: {}\n",
                        f.id, f.spec, f.message
                    ));
                }
                s.push_str(&format!(
                    "compression: top share {:.1}% → {:.1}%{}\n",
                    r.compression_from.top_share * 100.0,
                    r.compression_to.top_share * 100.0,
                    if r.compression_to.crowded {
                        " (crowded at the top)"
                    } else {
                        ""
                    }
                ));
                s
            })
        }
    }
}
