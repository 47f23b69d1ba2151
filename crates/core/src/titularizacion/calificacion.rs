//! The indicative rating of a titularización (seed 003 §2.10): every rule of SPEC §4
//! applied in order to one case under one version of the methodology data, with a trace.
//!
//! Order: T-6 freshness and validity of the information → T-2/T-5 checklists and documents
//! (flags) → T-3 weighted score and model category → T-8/T-9 coverage multiple and its cap →
//! T-7 base and stress scenarios → T-13 equilibrium (analytical and regulatory) → T-10 Monte
//! Carlo → T-12 per-class categories capped by seniority → T-11 the committee's discretion.

use super::activo::{analisis_requeridos, TipoActivo};
use super::caso::{CaseError, Titularizacion};
use super::categoria::Categoria;
use super::equilibrio::{self, CondicionEquilibrio, EstadoCondicion, PuntoEquilibrio};
use super::factor::{documentos_requeridos, subcriterios, EstadoDocumento, EstadoItem, FactorId};
use super::flujo::{stressed_collections, Shocks};
use super::indice::{self, BaseIndice, Cobertura};
use super::mecanismo;
use super::montecarlo::{self, Calibracion};
use super::ponderacion::{CoverageCapRule, Ponderacion};
use super::waterfall::{coverage, to_cents, Estado, Estructura};
use crate::freshness::{self, Freshness};
use crate::trace::{msg, Subject, Trace, TraceMessage};
use rust_decimal::prelude::*;
use serde::Serialize;

/// A factor's part in the weighted score (T-3).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactorResult {
    pub id: FactorId,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub score: Decimal,
    /// Percent.
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub weight: Decimal,
    /// score × weight / 100.
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub contribution: Decimal,
}

/// How one class fared in a deterministic scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClassScenario {
    pub name: String,
    pub timely: bool,
    /// 1-based period of the first missed payment.
    pub first_missed_period: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub unpaid: Decimal,
}

/// A deterministic scenario's result (T-7).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResultadoEscenario {
    pub scenario: String,
    pub shocks: Shocks,
    /// Lowest period coverage (collections / amounts due); `None` if nothing is ever due.
    #[serde(with = "rust_decimal::serde::float_option")]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub min_coverage: Option<Decimal>,
    /// Every class paid in full and on time.
    pub all_paid: bool,
    /// Coverage of each period (as text, 4 decimals; empty when nothing is due).
    pub coverage_by_period: Vec<String>,
    pub classes: Vec<ClassScenario>,
}

/// The rating of one class (T-10, T-12).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClassRating {
    pub name: String,
    pub seniority: u32,
    pub category: Categoria,
    pub p_timely: f64,
    pub expected_loss: f64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub expected_loss_usd: Decimal,
    /// The senior class whose category capped this one (T-12), if any.
    pub capped_by: Option<String>,
}

/// A limit applied to a category, with its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cap {
    pub rule: String,
    pub section: String,
    pub subject: String,
    pub from: Categoria,
    pub to: Categoria,
    /// Why, in English (rendered from `reason_i18n`).
    pub reason: String,
    /// The reason as a trace catalogue message, for the window's language (SPEC §7).
    pub reason_i18n: TraceMessage,
    /// The subject as a trace catalogue message.
    pub subject_i18n: TraceMessage,
}

/// Something the committee must see before deciding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flag {
    pub rule: String,
    pub section: String,
    pub subject: String,
    /// What the committee must see, in English (rendered from `message_i18n`).
    pub message: String,
    /// The message as a trace catalogue message, for the window's language (SPEC §7).
    pub message_i18n: TraceMessage,
    /// The subject as a trace catalogue message when it is a phrase rather than a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub subject_i18n: Option<TraceMessage>,
    /// True when the decision may not be taken until it is resolved (T-6).
    pub blocks_decision: bool,
}

/// A recorded regulatory condition with its status (T-13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CondicionEvaluada {
    pub condition: CondicionEquilibrio,
    pub status: EstadoCondicion,
}

/// The Monte Carlo settings and calibration used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonteCarloUsado {
    pub paths: u32,
    pub seed: u64,
    pub calibration: Calibracion,
}

/// The indicative rating of a titularización with everything it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Calificacion {
    pub case_name: String,
    pub asset_type: TipoActivo,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub weighted_score: Decimal,
    /// The category of the weighted score (T-3).
    pub model_category: Categoria,
    /// After the deal-level caps (T-8).
    pub deal_category: Categoria,
    pub factors: Vec<FactorResult>,
    pub coverage: Cobertura,
    pub stress: Vec<ResultadoEscenario>,
    pub equilibrium: PuntoEquilibrio,
    pub regulatory_equilibrium: Vec<CondicionEvaluada>,
    pub classes: Vec<ClassRating>,
    pub montecarlo: MonteCarloUsado,
    pub freshness: Freshness,
    pub caps: Vec<Cap>,
    pub flags: Vec<Flag>,
    pub methodology_id: String,
    pub methodology_version: String,
    pub methodology_basis: String,
    pub trace: Trace,
}

struct Ctx {
    trace: Trace,
    flags: Vec<Flag>,
}

impl Ctx {
    fn flag(
        &mut self,
        rule: &str,
        section: &str,
        subject: impl Into<Subject>,
        message: TraceMessage,
        blocks: bool,
    ) {
        let subject = subject.into();
        self.trace.step(
            rule,
            section,
            subject.clone(),
            "",
            msg!("value.flagged"),
            message.clone(),
        );
        let (subject, subject_i18n) = match subject {
            Subject::Name(s) => (s, None),
            Subject::Phrase(m) => (m.english(), Some(m)),
        };
        self.flags.push(Flag {
            rule: rule.into(),
            section: section.into(),
            subject,
            message: message.english(),
            message_i18n: message,
            subject_i18n,
            blocks_decision: blocks,
        });
    }
}

fn dec_text(x: Decimal) -> String {
    x.normalize().to_string()
}

/// The weighted score alone (T-2, T-3): each factor's score, weight and contribution, the
/// weighted score and the category its band gives, with their trace. It is the part of
/// [`rate`] that depends only on the factor scores, so a window can recompute it as the
/// analyst edits one score, without a full case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ponderado {
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub weighted_score: Decimal,
    pub model_category: Categoria,
    pub factors: Vec<FactorResult>,
    pub methodology_id: String,
    pub methodology_version: String,
    pub methodology_basis: String,
    pub trace: Trace,
}

/// Checks one factor score against the methodology's scale (T-2: a score from 0 to
/// `score_max`, the T-3 data's top score).
pub fn check_score(factor: FactorId, score: Decimal, m: &Ponderacion) -> Result<(), CaseError> {
    if score < Decimal::ZERO || score > m.score_max {
        return Err(CaseError::Invalid {
            field: format!("factor {factor} score"),
            value: score.normalize().to_string(),
            expected: format!(
                "T-2 a score from 0 to {} ({} v{})",
                m.score_max.normalize(),
                m.id,
                m.version
            ),
        });
    }
    Ok(())
}

/// Weighs the nine factor scores under `m` (T-3): exactly one score per factor 2.1 … 2.9,
/// each within the methodology's scale.
pub fn ponderar(scores: &[(FactorId, Decimal)], m: &Ponderacion) -> Result<Ponderado, CaseError> {
    for f in FactorId::ALL {
        let count = scores.iter().filter(|(id, _)| *id == f).count();
        if count != 1 {
            return Err(CaseError::Invalid {
                field: "factors".into(),
                value: format!("{count} scores of factor {f}"),
                expected: "T-2 exactly one score of each factor 2.1 … 2.9".into(),
            });
        }
    }
    for (f, score) in scores {
        check_score(*f, *score, m)?;
    }
    let mut trace = Trace::new();
    trace.step(
        "T-3",
        "003 §2.10",
        msg!("subject.methodology"),
        "",
        format!("{} v{} ({})", m.id, m.version, m.basis),
        msg!("titularizacion.methodology_weighted_score"),
    );
    let assessments: Vec<super::factor::FactorAssessment> = scores
        .iter()
        .map(|(id, score)| super::factor::FactorAssessment {
            id: *id,
            score: *score,
            checklist: Vec::new(),
            evidence: Vec::new(),
            documents_relied_on: Vec::new(),
        })
        .collect();
    let (factors, weighted_score, model_category) = weigh(&assessments, m, &mut trace);
    Ok(Ponderado {
        weighted_score,
        model_category,
        factors,
        methodology_id: m.id.clone(),
        methodology_version: m.version.clone(),
        methodology_basis: m.basis.clone(),
        trace,
    })
}

/// T-3: contributions, weighted score and its band's category, traced. `factors` holds one
/// assessment per factor (checked by the callers).
fn weigh(
    assessments: &[super::factor::FactorAssessment],
    m: &Ponderacion,
    trace: &mut Trace,
) -> (Vec<FactorResult>, Decimal, Categoria) {
    let mut factors = Vec::new();
    let mut weighted = Decimal::ZERO;
    for f in FactorId::ALL {
        // Invariant: both callers checked there is exactly one assessment per factor.
        let a = assessments
            .iter()
            .find(|a| a.id == f)
            .expect("checked: one assessment per factor");
        let weight = m.weight(f);
        let contribution = a.score * weight / Decimal::ONE_HUNDRED;
        weighted += contribution;
        trace.step(
            "T-2",
            &f.section(),
            msg!("subject.factor", code = f.code(), title = f.titles().0),
            dec_text(a.score),
            dec_text(contribution),
            msg!(
                "titularizacion.factor_contribution",
                score = dec_text(a.score),
                weight = dec_text(weight),
                contribution = dec_text(contribution),
            ),
        );
        factors.push(FactorResult {
            id: f,
            score: a.score,
            weight,
            contribution,
        });
    }
    let model_category = m.category_for_score(weighted);
    trace.step(
        "T-3",
        "003 §2.10",
        msg!("subject.weighted_score"),
        dec_text(weighted),
        model_category.to_string(),
        msg!(
            "titularizacion.weighted_band",
            score = dec_text(weighted),
            category = model_category.as_str(),
            methodology = m.id.as_str(),
            version = m.version.as_str(),
        ),
    );
    (factors, weighted, model_category)
}

/// Runs one deterministic scenario through the waterfall.
pub fn run_scenario(
    case: &Titularizacion,
    estructura: &Estructura<Decimal>,
    name: &str,
    shocks: &Shocks,
) -> ResultadoEscenario {
    let coll = stressed_collections(&case.flows, shocks);
    let mut st = Estado::new(estructura);
    estructura.run(&coll, &mut st, None);
    let cov: Vec<Option<Decimal>> = (0..coll.len())
        .map(|t| coverage(coll[t], estructura.due_in(t)))
        .collect();
    let names: Vec<&str> = case
        .classes_by_seniority()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    ResultadoEscenario {
        scenario: name.to_string(),
        shocks: shocks.clone(),
        min_coverage: cov.iter().flatten().min().copied(),
        all_paid: st.outcomes.iter().all(|o| o.timely),
        coverage_by_period: cov
            .iter()
            .map(|c| c.map(dec_text).unwrap_or_default())
            .collect(),
        classes: names
            .iter()
            .zip(&st.outcomes)
            .map(|(n, o)| ClassScenario {
                name: n.to_string(),
                timely: o.timely,
                first_missed_period: o.first_missed.map(|t| t as u32 + 1),
                unpaid: o.unpaid,
            })
            .collect(),
    }
}

/// The analytical equilibrium point of the case (T-13).
pub fn punto_equilibrio(
    case: &Titularizacion,
    estructura: &Estructura<Decimal>,
    m: &Ponderacion,
) -> PuntoEquilibrio {
    let var = case.stress.equilibrium_variable;
    let (upper, precision) = if var.is_fraction() {
        (Decimal::ONE, m.equilibrium.fraction_precision)
    } else {
        (
            Decimal::from(case.flows.periods.len()),
            m.equilibrium.delay_precision,
        )
    };
    let mut st = Estado::new(estructura);
    equilibrio::buscar(var, upper, precision, |s| {
        let coll = stressed_collections(&case.flows, &Shocks::single(var, s));
        estructura.run(&coll, &mut st, None);
        st.outcomes.iter().all(|o| o.timely)
    })
}

/// The Monte Carlo calibration from the case's history (T-10).
pub fn calibracion(case: &Titularizacion) -> Calibracion {
    let devs = case.index.deviations();
    Calibracion {
        mean: indice::mean(&devs).to_f64().unwrap_or(0.0),
        sd: indice::sample_sd(&devs).to_f64().unwrap_or(0.0),
        persistence: case.montecarlo.persistence.to_f64().unwrap_or(0.0),
        floor: if case.asset_type.uses_siniestralidad() {
            0.0
        } else {
            -1.0
        },
    }
}

/// The structure and base collections in i64 cents for the Monte Carlo. Valid cases only
/// (validation guarantees amounts in cents that fit).
pub fn en_centavos(
    case: &Titularizacion,
    estructura: &Estructura<Decimal>,
) -> Result<(Vec<i64>, Estructura<i64>), CaseError> {
    let overflow = |x: Decimal| CaseError::Invalid {
        field: "amounts".into(),
        value: x.to_string(),
        expected: "amounts below 92 quadrillion USD".into(),
    };
    let mut bad = None;
    let e = estructura.map_money(|x| {
        to_cents(x).unwrap_or_else(|| {
            bad = Some(x);
            0
        })
    });
    if let Some(x) = bad {
        return Err(overflow(x));
    }
    let base = case
        .flows
        .periods
        .iter()
        .map(|p| to_cents(p.collections).ok_or_else(|| overflow(p.collections)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((base, e))
}

/// Rates `case` under methodology data `m` (seed 003 §2.10).
pub fn rate(case: &Titularizacion, m: &Ponderacion) -> Result<Calificacion, CaseError> {
    case.validate(m.score_max)?;
    let mut cx = Ctx {
        trace: Trace::new(),
        flags: Vec::new(),
    };
    cx.trace.step(
        "T-3",
        "003 §2.10",
        msg!("subject.methodology"),
        "",
        format!("{} v{} ({})", m.id, m.version, m.basis),
        msg!("titularizacion.methodology_rating"),
    );
    if case.fictional {
        cx.trace.step(
            "T-1",
            "003 §1.3",
            msg!("subject.case"),
            "",
            msg!("value.fictional"),
            msg!("titularizacion.fictional"),
        );
    }

    // T-6 information freshness and validity.
    let fresh = freshness::check(
        case.information_cutoff,
        case.committee_date,
        m.freshness_max_age_months,
    )
    .map_err(|e| CaseError::Invalid {
        field: "information_cutoff".into(),
        value: case.information_cutoff.to_string(),
        expected: e.to_string(),
    })?;
    cx.trace.step(
        "T-6",
        "003 §1.2",
        "information_cutoff",
        case.information_cutoff.to_string(),
        if fresh.ok {
            msg!("value.fresh")
        } else {
            msg!("value.stale")
        },
        msg!(
            "titularizacion.freshness",
            earliest = fresh.earliest_cutoff,
            committee = case.committee_date,
            months = fresh.max_age_months,
        ),
    );
    if !fresh.ok {
        cx.flag(
            "T-6",
            "003 §1.2",
            "information_cutoff",
            msg!(
                "titularizacion.stale",
                cutoff = case.information_cutoff,
                earliest = fresh.earliest_cutoff,
            ),
            true,
        );
    }
    if !case.information_validity.no_false_antecedents {
        cx.flag(
            "T-6",
            "003 §1.2",
            "information_validity.no_false_antecedents",
            msg!("titularizacion.false_antecedents"),
            true,
        );
    }
    if !case.information_validity.no_unreflected_significant_change {
        cx.flag(
            "T-6",
            "003 §1.2",
            "information_validity.no_unreflected_significant_change",
            msg!("titularizacion.significant_change"),
            true,
        );
    }

    cx.trace.step(
        "T-4",
        "003 §1.1, §2.6",
        msg!(
            "subject.parties",
            originator = case.originator.as_str(),
            fiduciary = case.fiduciary.as_str(),
        ),
        "",
        msg!("value.not_an_input"),
        msg!("titularizacion.no_solvency"),
    );
    cx.trace.step(
        "T-5",
        "003 §1.1",
        msg!("subject.asset_type"),
        "",
        case.asset_type.to_string(),
        msg!(
            "titularizacion.analyses_required",
            required = analisis_requeridos(case.asset_type).len(),
            recorded = case.asset_analyses.len(),
        ),
    );

    // T-2 checklists and documents, T-5 asset analyses.
    for a in &case.factors {
        for s in subcriterios(a.id, case.asset_type) {
            let entry = a.checklist.iter().find(|e| e.item == s.id);
            if entry.is_none_or(|e| e.status == EstadoItem::Pending) {
                cx.flag(
                    "T-2",
                    &a.id.section(),
                    msg!("subject.checklist", item = s.id),
                    msg!("titularizacion.subcriterion_pending", item = s.es),
                    false,
                );
            }
        }
        if a.evidence.is_empty() {
            cx.flag(
                "T-2",
                &a.id.section(),
                msg!("subject.factor_code", code = a.id.code()),
                msg!("titularizacion.no_evidence"),
                false,
            );
        }
    }
    for kind in documentos_requeridos(case.asset_type) {
        let rec = case.documents.iter().find(|d| d.kind == kind);
        match rec.map(|d| d.status) {
            Some(EstadoDocumento::Received) | Some(EstadoDocumento::NotApplicable) => {}
            _ => cx.flag(
                "T-2",
                kind.seed_section(),
                msg!("subject.document", document = kind.as_str()),
                msg!("titularizacion.document_missing", document = kind.as_str()),
                false,
            ),
        }
    }
    for a in analisis_requeridos(case.asset_type) {
        let entry = case.asset_analyses.iter().find(|e| e.item == a.id);
        if entry.is_none_or(|e| e.status == EstadoItem::Pending) {
            cx.flag(
                "T-5",
                &format!("003 §1.1 list {}", &a.id[..1]),
                msg!("subject.analysis", item = a.id),
                msg!("titularizacion.analysis_pending", item = a.es),
                false,
            );
        }
    }

    // T-3 weighted score.
    let (factors, weighted, model_category) = weigh(&case.factors, m, &mut cx.trace);

    // T-8 / T-9 coverage of the mechanisms against the index.
    let base_amount = match case.index.base() {
        BaseIndice::Capital => case.capital(),
        BaseIndice::ProjectedFlows => case.flows.periods.iter().map(|p| p.collections).sum(),
    };
    for mech in {
        let mut v: Vec<_> = case.mechanisms.iter().collect();
        v.sort_by_key(|x| x.order);
        v
    } {
        cx.trace.step(
            "T-9",
            "003 §2.5",
            msg!(
                "subject.mechanism",
                order = mech.order,
                kind = mech.kind.names().0,
            ),
            "",
            format!("USD {}", mech.amount),
            if mech.kind.is_structural() {
                msg!("titularizacion.mechanism_structural")
            } else {
                msg!("titularizacion.mechanism_drawable", order = mech.order)
            },
        );
    }
    let cob = indice::cobertura(
        &case.index,
        base_amount,
        mecanismo::total(&case.mechanisms),
        m.coverage.minimum_multiple,
    );
    cx.trace.step(
        "T-8",
        "003 §2.5, §1.1",
        msg!("subject.index", kind = cob.index_kind.as_str()),
        "",
        dec_text(cob.index),
        msg!(
            "titularizacion.index_window",
            variant = vec![TraceMessage::new(&format!(
                "titularizacion.variant.{}",
                cob.variant
            ))],
            periods = cob.window_periods,
            from = cob.window_from.map(|d| d.to_string()).unwrap_or_default(),
            to = cob.window_to.map(|d| d.to_string()).unwrap_or_default(),
            base = vec![TraceMessage::new(match cob.base {
                BaseIndice::Capital => "titularizacion.base.capital",
                BaseIndice::ProjectedFlows => "titularizacion.base.projected_flows",
            })],
            amount = cob.base_amount.to_string(),
        ),
    );
    cx.trace.step(
        "T-8",
        "003 §2.5",
        msg!("subject.coverage_multiple"),
        "",
        match cob.multiple {
            Some(x) => dec_text(x).into(),
            None => Subject::Phrase(msg!("value.unbounded")),
        },
        TraceMessage::new(if cob.meets_minimum {
            "titularizacion.coverage_met"
        } else {
            "titularizacion.coverage_not_met"
        })
        .arg("mechanisms", cob.mechanisms_total.to_string())
        .arg("index", dec_text(cob.index))
        .arg("base", cob.base_amount.to_string())
        .arg("minimum", dec_text(cob.minimum)),
    );
    let mut caps = Vec::new();
    let mut deal_category = model_category;
    if !cob.meets_minimum {
        let capped = match m.coverage.cap_when_below {
            CoverageCapRule::CapAt { category } => deal_category.weaker(category),
            CoverageCapRule::NotchesDown { notches } => deal_category.lowered(notches),
        };
        let why = msg!(
            "titularizacion.coverage_below",
            multiple = cob.multiple.map(dec_text).unwrap_or_default(),
            minimum = dec_text(cob.minimum),
            rule = vec![match m.coverage.cap_when_below {
                CoverageCapRule::CapAt { category } => {
                    msg!("titularizacion.cap_at", category = category.as_str())
                }
                CoverageCapRule::NotchesDown { notches } => {
                    msg!("titularizacion.notches_down", notches = notches.to_string())
                }
            }],
        );
        let reason = why.clone();
        cx.flag(
            "T-8",
            "003 §2.5",
            msg!("subject.coverage_multiple"),
            why.clone(),
            false,
        );
        cx.trace.step(
            "T-8",
            "003 §2.5",
            msg!("subject.deal_category"),
            deal_category.to_string(),
            capped.to_string(),
            why,
        );
        caps.push(Cap {
            rule: "T-8".into(),
            section: "003 §2.5".into(),
            subject: msg!("subject.deal").english(),
            from: deal_category,
            to: capped,
            reason: reason.english(),
            reason_i18n: reason,
            subject_i18n: msg!("subject.deal"),
        });
        deal_category = capped;
    }

    // T-7 scenarios.
    let estructura = case.estructura();
    let mut stress = vec![run_scenario(case, &estructura, "base", &Shocks::default())];
    for s in &case.stress.scenarios {
        stress.push(run_scenario(case, &estructura, &s.name, &s.shocks));
    }
    for r in &stress {
        cx.trace.step(
            "T-7",
            "003 §2.4",
            msg!("subject.scenario", name = r.scenario.as_str()),
            if r.shocks.entries().is_empty() {
                Subject::Phrase(msg!("value.no_shock"))
            } else {
                r.shocks.describe().into()
            },
            if r.all_paid {
                msg!("value.all_paid")
            } else {
                msg!("value.payment_missed")
            },
            msg!(
                "titularizacion.scenario",
                coverage = vec![match r.min_coverage {
                    Some(c) => msg!("titularizacion.min_coverage", coverage = dec_text(c)),
                    None => msg!("titularizacion.min_coverage_none"),
                }],
                classes = r
                    .classes
                    .iter()
                    .map(|c| match c.first_missed_period {
                        None => msg!("titularizacion.class_paid", class = c.name.as_str()),
                        Some(p) => msg!(
                            "titularizacion.class_missed",
                            class = c.name.as_str(),
                            period = p.to_string(),
                            unpaid = c.unpaid.to_string(),
                        ),
                    })
                    .collect::<Vec<_>>(),
            ),
        );
    }
    if !stress[0].all_paid {
        cx.flag(
            "T-7",
            "003 §2.4",
            msg!("subject.base_scenario"),
            msg!("titularizacion.base_misses"),
            false,
        );
    }

    // T-13 equilibrium point, both meanings.
    let equilibrium = punto_equilibrio(case, &estructura, m);
    cx.trace.step(
        "T-13",
        "003 §2.4",
        msg!(
            "subject.equilibrium",
            variable = vec![TraceMessage::new(&format!(
                "titularizacion.variable.{}",
                equilibrium.variable.as_str()
            ))],
        ),
        "",
        match equilibrium.breakeven {
            Some(x) => dec_text(x).into(),
            None => Subject::Phrase(msg!("value.none")),
        },
        msg!(
            "titularizacion.equilibrium",
            status = vec![TraceMessage::new(match equilibrium.status {
                equilibrio::EstadoEquilibrio::Found => "titularizacion.equilibrium_status.found",
                equilibrio::EstadoEquilibrio::BaseFails => {
                    "titularizacion.equilibrium_status.base_fails"
                }
                equilibrio::EstadoEquilibrio::NeverBreaks => {
                    "titularizacion.equilibrium_status.never_breaks"
                }
            })],
            precision = dec_text(equilibrium.precision),
            upper = dec_text(equilibrium.upper_bound),
            runs = equilibrium.evaluations.to_string(),
        ),
    );
    let regulatory: Vec<CondicionEvaluada> = case
        .equilibrium_conditions
        .iter()
        .map(|c| CondicionEvaluada {
            condition: c.clone(),
            status: c.status(case.committee_date),
        })
        .collect();
    for r in &regulatory {
        let c = &r.condition;
        cx.trace.step(
            "T-13",
            "003 §1.1 list 4.4",
            msg!(
                "subject.condition",
                kind = format!("{:?}", c.kind),
                description = c.description.as_str(),
            ),
            msg!("value.deadline", date = c.deadline),
            TraceMessage::new(match r.status {
                EstadoCondicion::Met => "value.condition.met",
                EstadoCondicion::Pending => "value.condition.pending",
                EstadoCondicion::MetLate => "value.condition.met_late",
                EstadoCondicion::Failed => "value.condition.failed",
            }),
            match c.met_on {
                Some(d) => msg!("titularizacion.condition_met", date = d),
                None => msg!(
                    "titularizacion.condition_not_met",
                    committee = case.committee_date,
                ),
            },
        );
        match r.status {
            EstadoCondicion::Failed => cx.flag(
                "T-13",
                "003 §1.1 list 4.4",
                c.description.clone(),
                msg!("titularizacion.condition_failed", deadline = c.deadline),
                false,
            ),
            EstadoCondicion::MetLate => cx.flag(
                "T-13",
                "003 §1.1 list 4.4",
                c.description.clone(),
                msg!("titularizacion.condition_met_late", deadline = c.deadline),
                false,
            ),
            _ => {}
        }
    }
    if case.asset_type == TipoActivo::ProyectosInmobiliarios && regulatory.is_empty() {
        cx.flag(
            "T-13",
            "003 §1.1 list 4.4",
            "equilibrium_conditions",
            msg!("titularizacion.no_release_conditions"),
            false,
        );
    }

    // T-10 Monte Carlo.
    let cal = calibracion(case);
    let (base_cents, est_cents) = en_centavos(case, &estructura)?;
    let paths = u64::from(case.montecarlo.paths);
    let tallies = montecarlo::simular(&base_cents, &est_cents, &cal, paths, case.montecarlo.seed);
    let by_seniority = case.classes_by_seniority();
    let names: Vec<String> = by_seniority.iter().map(|c| c.name.clone()).collect();
    let sched: Vec<i64> = by_seniority
        .iter()
        .map(|c| to_cents(c.scheduled_total()).unwrap_or(i64::MAX))
        .collect();
    let mc = montecarlo::resultados(&names, &sched, &tallies, paths);
    cx.trace.step(
        "T-10",
        "003 §2",
        msg!("subject.montecarlo"),
        "",
        msg!("value.paths", paths = paths, seed = case.montecarlo.seed,),
        msg!(
            "titularizacion.montecarlo",
            mean = format!("{:.6}", cal.mean),
            sd = format!("{:.6}", cal.sd),
            persistence = cal.persistence.to_string(),
            floor = cal.floor.to_string(),
        ),
    );

    // Per-class categories (T-10 limit, then T-12 seniority cap).
    let mut proposed = Vec::new();
    for (r, tally) in mc.iter().zip(&tallies) {
        // Exact share of paths, so a band boundary such as 0.999 is not missed by rounding.
        let p = Decimal::from(tally.timely) / Decimal::from(paths.max(1));
        let limit = m.category_for_p_timely(p);
        let cat = deal_category.weaker(limit);
        cx.trace.step(
            "T-10",
            "003 §2",
            msg!("subject.class", class = r.name.as_str()),
            deal_category.to_string(),
            cat.to_string(),
            msg!(
                "titularizacion.class_probability",
                p = format!("{:.4}", r.p_timely),
                limit = limit.as_str(),
                loss = format!("{:.6}", r.expected_loss),
                usd = r.expected_loss_usd.to_string(),
            ),
        );
        if cat != deal_category {
            let reason = msg!(
                "titularizacion.cap_probability",
                p = format!("{:.4}", r.p_timely),
                limit = limit.as_str(),
            );
            caps.push(Cap {
                rule: "T-10".into(),
                section: "003 §2".into(),
                subject: msg!("subject.class", class = r.name.as_str()).english(),
                from: deal_category,
                to: cat,
                reason: reason.english(),
                reason_i18n: reason,
                subject_i18n: msg!("subject.class", class = r.name.as_str()),
            });
        }
        proposed.push(cat);
    }
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let capped = super::clase::cap_by_seniority(&name_refs, &proposed, &mut cx.trace);
    let mut classes = Vec::new();
    for (i, r) in mc.iter().enumerate() {
        let (cat, by) = capped[i].clone();
        if let Some(senior) = &by {
            let reason = msg!("titularizacion.cap_seniority", senior = senior.as_str());
            caps.push(Cap {
                rule: "T-12".into(),
                section: "003 §1.1 (clases y series)".into(),
                subject: msg!("subject.class", class = r.name.as_str()).english(),
                from: proposed[i],
                to: cat,
                reason: reason.english(),
                reason_i18n: reason,
                subject_i18n: msg!("subject.class", class = r.name.as_str()),
            });
        }
        cx.trace.step(
            "T-12",
            "003 §1.1 (clases y series)",
            msg!(
                "subject.class_seniority",
                class = r.name.as_str(),
                seniority = by_seniority[i].seniority.to_string(),
            ),
            proposed[i].to_string(),
            cat.to_string(),
            match &by {
                Some(senior) => msg!("titularizacion.class_capped", senior = senior.as_str()),
                None => msg!("titularizacion.class_own"),
            },
        );
        classes.push(ClassRating {
            name: r.name.clone(),
            seniority: by_seniority[i].seniority,
            category: cat,
            p_timely: r.p_timely,
            expected_loss: r.expected_loss,
            expected_loss_usd: r.expected_loss_usd,
            capped_by: by,
        });
    }
    cx.trace.step(
        "T-11",
        "003 §2.10",
        msg!("subject.committee"),
        "",
        msg!("value.indicative"),
        msg!("titularizacion.committee_may_differ"),
    );

    Ok(Calificacion {
        case_name: case.name.clone(),
        asset_type: case.asset_type,
        weighted_score: weighted,
        model_category,
        deal_category,
        factors,
        coverage: cob,
        stress,
        equilibrium,
        regulatory_equilibrium: regulatory,
        classes,
        montecarlo: MonteCarloUsado {
            paths: case.montecarlo.paths,
            seed: case.montecarlo.seed,
            calibration: cal,
        },
        freshness: fresh,
        caps,
        flags: cx.flags,
        methodology_id: m.id.clone(),
        methodology_version: m.version.clone(),
        methodology_basis: m.basis.clone(),
        trace: cx.trace,
    })
}

/// The equilibrium variable's breakeven as used by the CLI (T-13).
pub fn breakeven_stress(c: &Calificacion) -> Option<Decimal> {
    c.equilibrium.breakeven
}
