//! `ratebook titularizacion`: rate a titularización case (SPEC §4, seed 003), check the
//! information freshness rule (T-6), or run only the Monte Carlo (T-10).
//!
//! Stable JSON contract of `rate`: `weighted_score`, `model_category`, `factors`,
//! `coverage`, `stress`, `breakeven_stress`, `classes`, `freshness`, `caps`,
//! `methodology_version`, `trace`. Ratios and probabilities are JSON numbers; the trace
//! and caps keep the core's shapes.

use crate::output::Output;
use anyhow::Context;
use chrono::NaiveDate;
use ratebook_core::titularizacion::calificacion::{self, Calificacion};
use ratebook_core::titularizacion::{montecarlo, Ponderacion, Titularizacion};
use ratebook_core::{builtin, freshness};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Rate a case (JSON) under the shipped methodology data or another version.
    Rate {
        /// The case file (JSON; see fixtures/cases/titularizacion/README.md).
        #[arg(long)]
        case: PathBuf,
        /// Methodology data (TOML) to use instead of the shipped default.
        #[arg(long)]
        methodology: Option<PathBuf>,
    },
    /// T-6: is an information cut-off fresh enough for a committee date?
    Freshness {
        /// Information cut-off date (YYYY-MM-DD).
        #[arg(long)]
        cutoff: NaiveDate,
        /// Committee date (YYYY-MM-DD).
        #[arg(long)]
        committee: NaiveDate,
        /// Calendar months the information may be old (seed 003 §1.2: two).
        #[arg(long, default_value_t = freshness::DEFAULT_MAX_AGE_MONTHS)]
        max_age_months: u32,
    },
    /// T-2, T-3: the weighted score and category of a deal stored in a workbook, from its
    /// latest factor scores under the approved weights (what the app shows live).
    Score {
        /// The workbook file.
        #[arg(long)]
        workbook: PathBuf,
        /// The titularización's code.
        #[arg(long)]
        code: String,
    },
    /// T-10 only: the Monte Carlo probability of timely payment of each class.
    Simulate {
        #[arg(long)]
        case: PathBuf,
        /// Number of paths (default: the case's).
        #[arg(long)]
        paths: Option<u32>,
        /// Seed (default: the case's).
        #[arg(long)]
        seed: Option<u64>,
    },
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Sub::Rate { case, methodology } => rate(&case, methodology.as_deref(), out),
        Sub::Freshness {
            cutoff,
            committee,
            max_age_months,
        } => {
            let f = freshness::check(cutoff, committee, max_age_months)?;
            let v = json!({ "ok": f.ok, "earliest_cutoff": f.earliest_cutoff });
            out.emit(&v, |_| {
                format!(
                    "information cut-off {}: {} (earliest accepted {} for a committee on {}, {} calendar months)\n",
                    f.cutoff,
                    if f.ok { "fresh" } else { "STALE" },
                    f.earliest_cutoff,
                    f.committee_date,
                    f.max_age_months
                )
            })
        }
        Sub::Simulate { case, paths, seed } => simulate(&case, paths, seed, out),
        Sub::Score { workbook, code } => score(&workbook, &code, out),
    }
}

fn score(workbook: &Path, code: &str, out: &Output) -> anyhow::Result<()> {
    let wb = ratebook_store::Workbook::open(workbook)?;
    let d = ratebook_workbench::titularizacion::detail(wb.connection(), code)?;
    let Some(p) = d.scoring else {
        anyhow::bail!(
            "titularizacion {code}: {}",
            d.scoring_gap.unwrap_or_default()
        );
    };
    let v = json!({
        "code": code,
        "weighted_score": p.weighted_score.normalize().to_string(),
        "model_category": p.model_category,
        "factors": p.factors.iter().map(|f| json!({
            "id": f.id,
            "score": f.score.normalize().to_string(),
            "weight": f.weight.normalize().to_string(),
            "contribution": f.contribution.normalize().to_string(),
        })).collect::<Vec<_>>(),
        "methodology_id": p.methodology_id,
        "methodology_version": p.methodology_version,
        "trace": serde_json::to_value(&p.trace)?,
    });
    out.emit(&v, |_| {
        format!(
            "{code}: weighted score {} -> {} ({} v{})\n",
            p.weighted_score.normalize(),
            p.model_category,
            p.methodology_id,
            p.methodology_version
        )
    })
}

fn load_case(path: &Path) -> anyhow::Result<Titularizacion> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read case file {}", path.display()))?;
    Titularizacion::from_json(&text).with_context(|| format!("case file {}", path.display()))
}

fn load_methodology(path: Option<&Path>) -> anyhow::Result<Ponderacion> {
    match path {
        None => Ok(builtin::titularizacion_ponderacion()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read methodology file {}", p.display()))?;
            Ponderacion::from_toml(&text)
                .with_context(|| format!("methodology file {}", p.display()))
        }
    }
}

/// The stable JSON shape of `rate`.
pub fn contract(c: &Calificacion) -> anyhow::Result<Value> {
    let num = |d: rust_decimal::Decimal| -> Value {
        serde_json::to_value(d.to_string().parse::<f64>().unwrap_or(f64::NAN))
            .unwrap_or(Value::Null)
    };
    Ok(json!({
        "weighted_score": num(c.weighted_score),
        "model_category": c.model_category,
        "factors": c.factors.iter().map(|f| json!({
            "id": f.id,
            "score": num(f.score),
            "weight": num(f.weight),
            "contribution": num(f.contribution),
        })).collect::<Vec<_>>(),
        "coverage": {
            "index": num(c.coverage.index),
            "multiple": c.coverage.multiple.map(num),
            "minimum": num(c.coverage.minimum),
            "meets_minimum": c.coverage.meets_minimum,
        },
        "stress": c.stress.iter().map(|s| json!({
            "scenario": s.scenario,
            "min_coverage": s.min_coverage.map(num),
            "all_paid": s.all_paid,
        })).collect::<Vec<_>>(),
        "breakeven_stress": calificacion::breakeven_stress(c).map(num),
        "classes": c.classes.iter().map(|k| json!({
            "name": k.name,
            "category": k.category,
            "p_timely": k.p_timely,
            "expected_loss": k.expected_loss,
        })).collect::<Vec<_>>(),
        "freshness": { "ok": c.freshness.ok, "earliest_cutoff": c.freshness.earliest_cutoff },
        "caps": serde_json::to_value(&c.caps)?,
        "methodology_version": c.methodology_version,
        "trace": serde_json::to_value(&c.trace)?,
    }))
}

fn rate(case: &Path, methodology: Option<&Path>, out: &Output) -> anyhow::Result<()> {
    let m = load_methodology(methodology)?;
    let t = load_case(case)?;
    let c = calificacion::rate(&t, &m).with_context(|| format!("case file {}", case.display()))?;
    let v = contract(&c)?;
    out.emit(&v, |_| human(&c))
}

fn human(c: &Calificacion) -> String {
    let mut s = format!(
        "{}\nmethodology {} v{} ({})\nweighted score {:.2} → model category {}; after deal caps {}\n",
        c.case_name,
        c.methodology_id,
        c.methodology_version,
        c.methodology_basis,
        c.weighted_score,
        c.model_category,
        c.deal_category
    );
    s.push_str(&format!(
        "information cut-off {}: {} (earliest accepted {})\n",
        c.freshness.cutoff,
        if c.freshness.ok {
            "fresh"
        } else {
            "STALE — the committee may not decide on it"
        },
        c.freshness.earliest_cutoff
    ));
    s.push_str("factors:\n");
    for f in &c.factors {
        s.push_str(&format!(
            "  {} {:<70} score {:>6} × {:>5} % = {:>7.3}\n",
            f.id,
            f.id.titles().0,
            f.score,
            f.weight,
            f.contribution
        ));
    }
    let cov = &c.coverage;
    s.push_str(&format!(
        "índice de {} ({}, {} obs.) {} → coverage multiple {} (minimum {}×: {})\n",
        cov.index_kind,
        cov.variant,
        cov.window_periods,
        cov.index,
        cov.multiple
            .map(|m| format!("{m}×"))
            .unwrap_or_else(|| "unbounded".into()),
        cov.minimum,
        if cov.meets_minimum { "met" } else { "NOT met" }
    ));
    s.push_str("stress scenarios:\n");
    for r in &c.stress {
        s.push_str(&format!(
            "  {:<40} min coverage {:>8}  {}\n",
            r.scenario,
            r.min_coverage
                .map(|x| x.to_string())
                .unwrap_or_else(|| "n/a".into()),
            if r.all_paid {
                "all paid on time"
            } else {
                "PAYMENT MISSED"
            }
        ));
    }
    s.push_str(&format!(
        "equilibrium ({}): {} ({:?}, precision {})\n",
        c.equilibrium.variable,
        c.equilibrium
            .breakeven
            .map(|b| b.to_string())
            .unwrap_or_else(|| "none".into()),
        c.equilibrium.status,
        c.equilibrium.precision
    ));
    s.push_str(&format!(
        "classes (Monte Carlo {} paths, seed {}):\n",
        c.montecarlo.paths, c.montecarlo.seed
    ));
    for k in &c.classes {
        s.push_str(&format!(
            "  {:<6} {:<5} p(timely) {:.4}  expected loss {:.6} (USD {}){}\n",
            k.name,
            k.category.to_string(),
            k.p_timely,
            k.expected_loss,
            k.expected_loss_usd,
            k.capped_by
                .as_ref()
                .map(|b| format!("  capped by class {b}"))
                .unwrap_or_default()
        ));
    }
    for cap in &c.caps {
        s.push_str(&format!(
            "cap {} ({}): {} {} → {}: {}\n",
            cap.rule, cap.section, cap.subject, cap.from, cap.to, cap.reason
        ));
    }
    for f in &c.flags {
        s.push_str(&format!(
            "{} {} ({}): {}: {}\n",
            if f.blocks_decision { "BLOCKS" } else { "flag" },
            f.rule,
            f.section,
            f.subject,
            f.message
        ));
    }
    s
}

fn simulate(
    case: &Path,
    paths: Option<u32>,
    seed: Option<u64>,
    out: &Output,
) -> anyhow::Result<()> {
    let m = builtin::titularizacion_ponderacion();
    let mut t = load_case(case)?;
    if let Some(p) = paths {
        t.montecarlo.paths = p;
    }
    if let Some(s) = seed {
        t.montecarlo.seed = s;
    }
    t.validate(m.score_max)
        .with_context(|| format!("case file {}", case.display()))?;
    let est = t.estructura();
    let (base, est_cents) = calificacion::en_centavos(&t, &est)?;
    let cal = calificacion::calibracion(&t);
    let n = u64::from(t.montecarlo.paths);
    let tallies = montecarlo::simular(&base, &est_cents, &cal, n, t.montecarlo.seed);
    let by = t.classes_by_seniority();
    let names: Vec<String> = by.iter().map(|c| c.name.clone()).collect();
    let sched: Vec<i64> = by
        .iter()
        .map(|c| {
            ratebook_core::titularizacion::waterfall::to_cents(c.scheduled_total())
                .unwrap_or(i64::MAX)
        })
        .collect();
    let res = montecarlo::resultados(&names, &sched, &tallies, n);
    let v = json!({
        "paths": n,
        "periods": base.len(),
        "seed": t.montecarlo.seed,
        "calibration": cal,
        "classes": res,
    });
    out.emit(&v, |_| {
        let mut s = format!(
            "{} paths × {} periods, seed {}\n",
            n,
            base.len(),
            t.montecarlo.seed
        );
        for r in &res {
            s.push_str(&format!(
                "  {:<6} p(timely) {:.4}  expected loss {:.6} (USD {})\n",
                r.name, r.p_timely, r.expected_loss, r.expected_loss_usd
            ));
        }
        s
    })
}
