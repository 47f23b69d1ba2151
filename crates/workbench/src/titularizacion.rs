//! The analyst's titularización operations over a workbook (SPEC §4, §7), written once for
//! the CLI and the app: a deal read back with its factor checklists and live weighted score
//! (T-2, T-3), a factor score written through the audited store, the deal turned into the
//! engine's case ([`engine_case`]) and rated, and the Monte Carlo (T-10) run as ranges of
//! paths so that a window can show progress and cancel.
//!
//! What the workbook stores is the deal: classes, the schedule (projected collections and
//! each class's interest and principal per period), history series, mechanisms and factor
//! assessments. What the engine needs beyond that is the analysis itself — the committee
//! date, the stress scenarios, the Monte Carlo settings, the index formula variant, the
//! analyst's validity confirmations — and travels as an explicit [`Analisis`] value; nothing
//! is filled in silently. Documents, the seed §1.1 analyses and regulatory equilibrium
//! conditions are not in the workbook yet, so the engine flags them as missing (T-2, T-5,
//! T-13), which is what it should say to a committee.

use crate::catalogue::{self, Catalogue, Entry};
use crate::WorkbenchError;
use chrono::NaiveDate;
use ratebook_core::calendar;
use ratebook_core::titularizacion::activo::{analisis_requeridos, TipoActivo};
use ratebook_core::titularizacion::calificacion::{self, Calificacion, Ponderado};
use ratebook_core::titularizacion::caso::{Estres, ValidezInformacion};
use ratebook_core::titularizacion::clase::{Clase, Cuota};
use ratebook_core::titularizacion::factor::{
    subcriterios, FactorAssessment as CoreFactor, FactorId,
};
use ratebook_core::titularizacion::flujo::{Flujos, PeriodoFlujo};
use ratebook_core::titularizacion::indice::{
    BaseIndice, IndiceHistorico, ObsDesviacion, ObsSiniestralidad, VarianteDesviacion,
    VarianteSiniestralidad,
};
use ratebook_core::titularizacion::mecanismo::{
    MecanismoCobertura as CoreMecanismo, TipoMecanismo,
};
use ratebook_core::titularizacion::montecarlo::{
    self, Calibracion, ParametrosMonteCarlo, ResultadoClase, Tramo, LOSS_BUCKETS,
};
use ratebook_core::titularizacion::waterfall::{to_cents, Estructura, PrioridadPagos};
use ratebook_core::titularizacion::{Ponderacion, Titularizacion as EngineCase};
use ratebook_store::titularizacion::{
    self as store, FactorAssessment, MethodologyRef, TitularizacionCase,
};
use ratebook_store::titularizacion_analysis as store_analysis;
use ratebook_store::vocabulary::{
    AssetType, Factor, FlowLine, HistorySeries, IndexKind, MecanismoCobertura, MethodologyState,
};
use ratebook_store::{Stamp, Workbook};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A refusal of the analyst's input, tied to its rule: the window shows it next to the
/// field, in the person's language, and keeps what was typed.
fn refused(
    rule: &str,
    field: impl Into<String>,
    value: impl Into<String>,
    accepted: impl Into<String>,
) -> WorkbenchError {
    WorkbenchError::Rule {
        rule: rule.into(),
        field: field.into(),
        value: value.into(),
        accepted: accepted.into(),
    }
}

/// One sub-criterion of a factor's checklist (seed 003 §2.x), in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubcriterioView {
    pub id: String,
    pub es: String,
    pub en: String,
}

/// One of the nine factors with its weight, its checklist and the latest assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactorView {
    /// "2.1" … "2.9".
    pub id: String,
    pub title_es: String,
    pub title_en: String,
    /// "003 §2.4".
    pub section: String,
    /// Weight, percent (T-3 data).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub weight: Decimal,
    /// The seed's sub-criteria for this factor and asset type.
    pub subcriterios: Vec<SubcriterioView>,
    /// The most recent stored assessment, if any.
    pub assessment: Option<FactorAssessment>,
}

/// One of the analyses seed 003 §1.1 requires for the asset type (T-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnalisisView {
    pub id: String,
    pub es: String,
    pub en: String,
}

/// A deal as the window shows it: the stored case, the factors with their checklists and
/// weights, the asset type's required analyses, and the weighted score the engine computes
/// from the latest scores (absent, with the reason, while a factor has no score).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Detalle {
    pub case: TitularizacionCase,
    pub factors: Vec<FactorView>,
    pub asset_analyses: Vec<AnalisisView>,
    /// The top factor score of the methodology in use.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub score_max: Decimal,
    pub scoring: Option<Ponderado>,
    /// Why there is no weighted score yet (a factor without a score).
    pub scoring_gap: Option<String>,
    /// The analysis recorded for committee agendas ([`record_analysis`]), if any; the screen
    /// starts its analysis form from it.
    pub analysis: Option<Analisis>,
}

/// The titularización weights in force: the approved version with the latest effective
/// date (C-7: only approved methodology versions rate).
pub fn weights(catalogue: &Catalogue) -> Result<&Entry<Ponderacion>, WorkbenchError> {
    catalogue
        .titularizacion
        .iter()
        .filter(|e| e.state == MethodologyState::Approved)
        .max_by(|a, b| {
            (a.effective_date, &a.version).cmp(&(b.effective_date, &b.version))
        })
        .ok_or_else(|| {
            refused(
                "C-7",
                "methodology",
                "",
                "an approved titularización weighting in the workbook (fixtures/methodologies/titularizacion/)",
            )
        })
}

fn latest_assessments(case: &TitularizacionCase) -> BTreeMap<Factor, &FactorAssessment> {
    let mut latest: BTreeMap<Factor, &FactorAssessment> = BTreeMap::new();
    for a in &case.factors {
        match latest.get(&a.factor) {
            Some(b) if b.assessed_on > a.assessed_on => {}
            _ => {
                latest.insert(a.factor, a);
            }
        }
    }
    latest
}

fn factor_id(f: Factor) -> FactorId {
    // Invariant: the store's factor vocabulary and the core's ids are both "2.1" … "2.9".
    FactorId::from_code(f.as_str()).expect("store factors are the seed's 2.1 … 2.9")
}

fn tipo_activo(a: AssetType) -> TipoActivo {
    match a {
        AssetType::CarteraCredito => TipoActivo::CarteraCredito,
        AssetType::BienesInmuebles => TipoActivo::BienesInmuebles,
        AssetType::ProyectosInmobiliarios => TipoActivo::ProyectosInmobiliarios,
        AssetType::FlujosFuturos => TipoActivo::FlujosFuturos,
    }
}

/// The weighted score of the latest scores (T-3), or why there is none.
fn scoring(
    case: &TitularizacionCase,
    m: &Ponderacion,
) -> Result<Result<Ponderado, String>, WorkbenchError> {
    let latest = latest_assessments(case);
    let missing: Vec<&str> = Factor::ALL
        .iter()
        .filter(|f| !latest.contains_key(f))
        .map(|f| f.as_str())
        .collect();
    if !missing.is_empty() {
        return Ok(Err(format!(
            "T-2 factor(s) {} have no score yet",
            missing.join(", ")
        )));
    }
    let scores: Vec<(FactorId, Decimal)> = latest
        .values()
        .map(|a| (factor_id(a.factor), a.score))
        .collect();
    match calificacion::ponderar(&scores, m) {
        Ok(p) => Ok(Ok(p)),
        // A stored score outside the methodology's scale (written under another version).
        Err(e) => Ok(Err(e.to_string())),
    }
}

/// One deal with its checklists and live weighted score.
pub fn detail(conn: &Connection, code: &str) -> Result<Detalle, WorkbenchError> {
    let cat = catalogue::load(conn)?;
    let m = &weights(&cat)?.value;
    let case = store::case(conn, code)?;
    let tipo = tipo_activo(case.titularizacion.asset_type);
    let latest = latest_assessments(&case);
    let factors = Factor::ALL
        .iter()
        .map(|f| {
            let id = factor_id(*f);
            let (es, en) = id.titles();
            FactorView {
                id: id.code().to_string(),
                title_es: es.to_string(),
                title_en: en.to_string(),
                section: id.section(),
                weight: m.weight(id),
                subcriterios: subcriterios(id, tipo)
                    .into_iter()
                    .map(|s| SubcriterioView {
                        id: s.id.to_string(),
                        es: s.es.to_string(),
                        en: s.en.to_string(),
                    })
                    .collect(),
                assessment: latest.get(f).map(|a| (*a).clone()),
            }
        })
        .collect();
    let asset_analyses = analisis_requeridos(tipo)
        .iter()
        .map(|a| AnalisisView {
            id: a.id.to_string(),
            es: a.es.to_string(),
            en: a.en.to_string(),
        })
        .collect();
    let (scoring, scoring_gap) = match scoring(&case, m)? {
        Ok(p) => (Some(p), None),
        Err(gap) => (None, Some(gap)),
    };
    let analysis = recorded_analysis(conn, code)?;
    Ok(Detalle {
        case,
        factors,
        asset_analyses,
        score_max: m.score_max,
        scoring,
        scoring_gap,
        analysis,
    })
}

/// Records a factor's score and evidence as of `assessed_on` (one audited transaction),
/// keeping the latest assessment's checklist and documents, under the weights in force;
/// returns the deal with its recomputed weighted score. A score outside the methodology's
/// scale, or text that is not a number, is refused (T-2) and nothing is written.
pub fn set_factor_score(
    wb: &mut Workbook,
    stamp: &Stamp,
    code: &str,
    factor: &str,
    score: &str,
    evidence: &str,
    assessed_on: NaiveDate,
) -> Result<Detalle, WorkbenchError> {
    let f: Factor = factor.parse().map_err(|_| {
        refused(
            "T-2",
            "factor",
            factor,
            format!("one of {}", Factor::accepted()),
        )
    })?;
    let id = factor_id(f);
    let cat = catalogue::load(wb.connection())?;
    let entry = weights(&cat)?;
    let m = &entry.value;
    let field = format!("factor {} score", id.code());
    let value: Decimal = score.trim().replace(',', ".").parse().map_err(|_| {
        refused(
            "T-2",
            &field,
            score,
            format!("a number from 0 to {}", m.score_max.normalize()),
        )
    })?;
    calificacion::check_score(id, value, m).map_err(|_| {
        refused(
            "T-2",
            &field,
            value.normalize().to_string(),
            format!(
                "a score from 0 to {} ({} v{})",
                m.score_max.normalize(),
                m.id,
                m.version
            ),
        )
    })?;
    if evidence.trim().is_empty() {
        return Err(refused(
            "T-2",
            format!("factor {} evidence", id.code()),
            "",
            "a note of the evidence the score rests on",
        ));
    }
    let case = store::case(wb.connection(), code)?;
    let previous = latest_assessments(&case).get(&f).map(|a| (*a).clone());
    let assessment = FactorAssessment {
        titularizacion: code.to_string(),
        factor: f,
        assessed_on,
        score: value.normalize(),
        checklist: previous
            .as_ref()
            .map(|p| p.checklist.clone())
            .unwrap_or_default(),
        evidence: evidence.trim().to_string(),
        documents: previous.map(|p| p.documents).unwrap_or_default(),
        methodology: Some(MethodologyRef {
            id: entry.id.clone(),
            version: entry.version.clone(),
        }),
    };
    wb.transact(stamp, |w| store::put_factor(w, &assessment).map(drop))?;
    detail(wb.connection(), code)
}

/// The analysis the engine needs beyond the stored deal (SPEC §4): chosen by the analyst
/// for this run, never stored defaults presented as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Analisis {
    /// The committee date the information's freshness is judged against (T-6).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub committee_date: NaiveDate,
    pub information_validity: ValidezInformacion,
    /// Formula variant of the índice (T-8): `weighted_average`/`simple_average` for
    /// siniestralidad, `mean_negative_deviation`/`coefficient_of_variation` for desviación.
    pub index_variant: String,
    pub index_base: BaseIndice,
    pub priority_of_payments: PrioridadPagos,
    /// Share of defaulted collections recovered (0…1) and the lag in periods (T-7).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub recovery_rate: Decimal,
    pub recovery_lag: u32,
    /// Share of a collection that is interest (0…1), for the prepayment stress.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub interest_share: Decimal,
    pub stress: Estres,
    pub montecarlo: ParametrosMonteCarlo,
}

/// Records `a` as the analysis the deal is rated with on a committee agenda, once the engine
/// accepts the case it makes from the stored deal (T-5 … T-13; nothing is written when it
/// refuses); returns the deal as the screen shows it. The committee judges the information's
/// freshness on the session's date, not on `a.committee_date` (T-6).
pub fn record_analysis(
    wb: &mut Workbook,
    stamp: &Stamp,
    code: &str,
    a: &Analisis,
) -> Result<Detalle, WorkbenchError> {
    engine_case(wb.connection(), code, a)?;
    let body = serde_json::to_value(a).map_err(WorkbenchError::json)?;
    wb.transact(stamp, |w| store_analysis::put(w, code, &body).map(drop))?;
    detail(wb.connection(), code)
}

/// The analysis recorded for the deal ([`record_analysis`]), or `None`.
pub fn recorded_analysis(
    conn: &Connection,
    code: &str,
) -> Result<Option<Analisis>, WorkbenchError> {
    store_analysis::get(conn, code)?
        .map(|body| {
            serde_json::from_value(body).map_err(|e| WorkbenchError::EngineInput {
                titularizacion: code.to_string(),
                message: format!("the analysis recorded in the workbook cannot be read: {e}"),
            })
        })
        .transpose()
}

/// The engine's case for the deal under its recorded analysis, judged on `on` (a committee
/// session's date, T-6); `None` when no analysis is recorded.
pub fn recorded_case(
    conn: &Connection,
    code: &str,
    on: NaiveDate,
) -> Result<Option<EngineCase>, WorkbenchError> {
    let Some(mut a) = recorded_analysis(conn, code)? else {
        return Ok(None);
    };
    a.committee_date = on;
    engine_case(conn, code, &a).map(Some)
}

fn case_error(code: &str, e: impl std::fmt::Display) -> WorkbenchError {
    WorkbenchError::EngineInput {
        titularizacion: code.to_string(),
        message: e.to_string(),
    }
}

fn mechanism_kind(k: MecanismoCobertura) -> TipoMecanismo {
    match k {
        MecanismoCobertura::Subordination => TipoMecanismo::Subordinacion,
        MecanismoCobertura::Overcollateralisation => TipoMecanismo::Sobrecolateralizacion,
        MecanismoCobertura::ExcessSpread => TipoMecanismo::ExcesoFlujo,
        MecanismoCobertura::AssetSubstitution => TipoMecanismo::SustitucionActivos,
        MecanismoCobertura::CreditLine => TipoMecanismo::AperturaCredito,
        MecanismoCobertura::Guarantee => TipoMecanismo::GarantiasAvales,
        MecanismoCobertura::BankGuaranteeInsurance => TipoMecanismo::GarantiaBancariaPoliza,
        MecanismoCobertura::PledgeMortgage => TipoMecanismo::GarantiaPrendariaHipotecaria,
        MecanismoCobertura::GuaranteeTrust => TipoMecanismo::FideicomisoGarantia,
        MecanismoCobertura::ReserveFund => TipoMecanismo::FondoReserva,
        MecanismoCobertura::Other => TipoMecanismo::Otros,
    }
}

/// Pairs two stored history series by date (both must have the date).
fn paired(
    case: &TitularizacionCase,
    a: HistorySeries,
    b: HistorySeries,
) -> Vec<(NaiveDate, Decimal, Decimal)> {
    let second: BTreeMap<NaiveDate, Decimal> = case
        .history
        .iter()
        .filter(|h| h.series == b)
        .map(|h| (h.period, h.value))
        .collect();
    case.history
        .iter()
        .filter(|h| h.series == a)
        .filter_map(|h| second.get(&h.period).map(|v| (h.period, h.value, *v)))
        .collect()
}

/// The índice's history from the stored series (T-8): portfolio balance and overdue
/// balance for siniestralidad, projected and collected flows (or sales, for a project) for
/// desviación; the window is
/// the deal's `index_window_months` back from the last observation.
fn index(case: &TitularizacionCase, a: &Analisis) -> Result<IndiceHistorico, WorkbenchError> {
    let t = &case.titularizacion;
    let window = |dates: &[NaiveDate]| -> usize {
        let Some(last) = dates.iter().max() else {
            return 0;
        };
        let months = i32::try_from(t.index_window_months).unwrap_or(i32::MAX);
        match calendar::add_months(*last, -months) {
            Some(from) => dates.iter().filter(|d| **d > from).count(),
            None => dates.len(),
        }
    };
    let bad_variant = |accepted: &str| {
        refused(
            "T-8",
            "index_variant",
            &a.index_variant,
            format!("for an índice de {} one of {accepted}", t.index_kind),
        )
    };
    Ok(match t.index_kind {
        IndexKind::Siniestralidad => {
            let variant = match a.index_variant.as_str() {
                "weighted_average" => VarianteSiniestralidad::WeightedAverage,
                "simple_average" => VarianteSiniestralidad::SimpleAverage,
                _ => return Err(bad_variant("weighted_average, simple_average")),
            };
            let rows = paired(case, HistorySeries::Portfolio, HistorySeries::Overdue);
            let dates: Vec<NaiveDate> = rows.iter().map(|r| r.0).collect();
            IndiceHistorico::Siniestralidad {
                variant,
                window_periods: window(&dates),
                base: a.index_base,
                series: rows
                    .into_iter()
                    .map(|(date, balance, past_due)| ObsSiniestralidad {
                        date,
                        balance,
                        past_due,
                    })
                    .collect(),
            }
        }
        IndexKind::Desviacion => {
            let variant = match a.index_variant.as_str() {
                "mean_negative_deviation" => VarianteDesviacion::MeanNegativeDeviation,
                "coefficient_of_variation" => VarianteDesviacion::CoefficientOfVariation,
                _ => {
                    return Err(bad_variant(
                        "mean_negative_deviation, coefficient_of_variation",
                    ))
                }
            };
            // Actual flows are the collections; a real-estate project records its sales.
            let actual = if case
                .history
                .iter()
                .any(|h| h.series == HistorySeries::Collected)
            {
                HistorySeries::Collected
            } else {
                HistorySeries::Sales
            };
            let rows = paired(case, HistorySeries::Projected, actual);
            let dates: Vec<NaiveDate> = rows.iter().map(|r| r.0).collect();
            IndiceHistorico::Desviacion {
                variant,
                window_periods: window(&dates),
                base: a.index_base,
                series: rows
                    .into_iter()
                    .map(|(date, projected, actual)| ObsDesviacion {
                        date,
                        projected,
                        actual,
                    })
                    .collect(),
            }
        }
    })
}

/// The engine's case for a stored deal under the analysis `a`: the deal's rows turned into
/// the core's types (latest factor scores with their evidence and documents, the schedule
/// per class, the inflows per period, mechanisms in their order of use, the índice's
/// history), validated by the core. Stored checklists are free text, not the seed's
/// sub-criterion ids, so they stay in the workbook and the engine flags unassessed
/// sub-criteria (T-2).
pub fn engine_case(
    conn: &Connection,
    code: &str,
    a: &Analisis,
) -> Result<EngineCase, WorkbenchError> {
    let case = store::case(conn, code)?;
    let t = &case.titularizacion;
    let Some(information_cutoff) = t.info_cutoff else {
        return Err(refused(
            "T-6",
            "info_cutoff",
            "",
            "the information cut-off date recorded on the titularización",
        ));
    };
    let latest = latest_assessments(&case);
    let mut factors = Vec::new();
    for f in Factor::ALL {
        let Some(s) = latest.get(f) else {
            return Err(refused(
                "T-2",
                format!("factor {f} score"),
                "",
                "a score for each factor 2.1 … 2.9",
            ));
        };
        factors.push(CoreFactor {
            id: factor_id(*f),
            score: s.score,
            checklist: Vec::new(),
            evidence: if s.evidence.trim().is_empty() {
                Vec::new()
            } else {
                vec![s.evidence.clone()]
            },
            documents_relied_on: s.documents.clone(),
        });
    }
    let periods: Vec<PeriodoFlujo> = case
        .flows
        .iter()
        .filter(|f| f.line == FlowLine::Inflow)
        .map(|f| PeriodoFlujo {
            period: f.period,
            date: f.due_on,
            collections: f.amount,
            expenses: Decimal::ZERO,
        })
        .collect();
    let classes = case
        .classes
        .iter()
        .map(|c| {
            let mut by_period: BTreeMap<u32, Cuota> = BTreeMap::new();
            for f in case
                .flows
                .iter()
                .filter(|f| f.class.as_deref() == Some(&c.name))
            {
                let q = by_period.entry(f.period).or_insert(Cuota {
                    period: f.period,
                    interest: Decimal::ZERO,
                    principal: Decimal::ZERO,
                });
                match f.line {
                    FlowLine::Interest => q.interest += f.amount,
                    FlowLine::Principal => q.principal += f.amount,
                    FlowLine::Inflow => {}
                }
            }
            Clase {
                name: c.name.clone(),
                seniority: c.priority,
                amount: c.amount,
                annual_rate: Some(c.rate),
                schedule: by_period.into_values().collect(),
            }
        })
        .collect();
    let engine = EngineCase {
        name: t.name.clone(),
        fictional: t.fictional,
        originator: t.originator.clone(),
        fiduciary: t.fiduciary.clone(),
        asset_type: tipo_activo(t.asset_type),
        committee_date: a.committee_date,
        information_cutoff,
        information_validity: a.information_validity.clone(),
        factors,
        documents: Vec::new(),
        asset_analyses: Vec::new(),
        flows: Flujos {
            periods,
            recovery_rate: a.recovery_rate,
            recovery_lag: a.recovery_lag,
            interest_share: a.interest_share,
        },
        priority_of_payments: a.priority_of_payments,
        classes,
        mechanisms: case
            .mechanisms
            .iter()
            .map(|m| CoreMecanismo {
                kind: mechanism_kind(m.kind),
                amount: m.amount,
                order: m.order_of_use,
                description: m.description.clone(),
            })
            .collect(),
        index: index(&case, a)?,
        stress: a.stress.clone(),
        montecarlo: a.montecarlo.clone(),
        equilibrium_conditions: Vec::new(),
    };
    let cat = catalogue::load(conn)?;
    engine
        .validate(weights(&cat)?.value.score_max)
        .map_err(|e| case_error(code, e))?;
    Ok(engine)
}

/// Rates a stored deal under the analysis `a` and the weights in force: coverage per
/// period and per scenario, the equilibrium point, the coverage multiple, the Monte Carlo
/// of `a.montecarlo` and the per-class categories, with the trace.
pub fn rate(conn: &Connection, code: &str, a: &Analisis) -> Result<Calificacion, WorkbenchError> {
    let engine = engine_case(conn, code, a)?;
    let cat = catalogue::load(conn)?;
    calificacion::rate(&engine, &weights(&cat)?.value).map_err(|e| case_error(code, e))
}

/// A Monte Carlo run (T-10) prepared from a stored deal, to be run as consecutive ranges of
/// paths ([`Simulacion::tramo`]) so that a caller can report progress and stop between
/// ranges; the sum of the ranges is exactly the one-shot run for the same seed.
pub struct Simulacion {
    base_cents: Vec<i64>,
    estructura: Estructura<i64>,
    calibration: Calibracion,
    names: Vec<String>,
    scheduled_cents: Vec<i64>,
    pub paths: u64,
    pub seed: u64,
}

/// How far a Monte Carlo run has gone, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progreso {
    pub done: u64,
    pub total: u64,
}

/// The result of a (possibly cancelled) Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResultadoMonteCarlo {
    /// Paths asked for and paths run (fewer when cancelled).
    pub paths: u64,
    pub paths_run: u64,
    pub seed: u64,
    pub cancelled: bool,
    pub calibration: Calibracion,
    /// Per class, over the paths run.
    pub classes: Vec<ResultadoClase>,
    /// Paths per loss bucket: 0 no loss, `i` a loss share in ((i−1)×5 %, i×5 %].
    pub loss_histogram: Vec<u64>,
}

impl Simulacion {
    /// Prepares the Monte Carlo of the stored deal under the analysis `a`.
    pub fn prepare(
        conn: &Connection,
        code: &str,
        a: &Analisis,
    ) -> Result<Simulacion, WorkbenchError> {
        let engine = engine_case(conn, code, a)?;
        let est = engine.estructura();
        let (base_cents, estructura) =
            calificacion::en_centavos(&engine, &est).map_err(|e| case_error(code, e))?;
        let by = engine.classes_by_seniority();
        Ok(Simulacion {
            base_cents,
            estructura,
            calibration: calificacion::calibracion(&engine),
            names: by.iter().map(|c| c.name.clone()).collect(),
            scheduled_cents: by
                .iter()
                .map(|c| to_cents(c.scheduled_total()).unwrap_or(i64::MAX))
                .collect(),
            paths: u64::from(engine.montecarlo.paths),
            seed: engine.montecarlo.seed,
        })
    }

    /// The empty tally to add ranges into.
    pub fn empty(&self) -> Tramo {
        Tramo::empty(self.estructura.n_classes())
    }

    /// Runs the paths `range` (within `0..paths`).
    pub fn tramo(&self, range: std::ops::Range<u64>) -> Tramo {
        let end = range.end.min(self.paths);
        montecarlo::simular_tramo(
            &self.base_cents,
            &self.estructura,
            &self.calibration,
            range.start.min(end)..end,
            self.seed,
        )
    }

    /// The per-class results of the first `paths_run` paths, summed in `tally`.
    pub fn result(&self, tally: &Tramo, paths_run: u64) -> ResultadoMonteCarlo {
        ResultadoMonteCarlo {
            paths: self.paths,
            paths_run,
            seed: self.seed,
            cancelled: paths_run < self.paths,
            calibration: self.calibration,
            classes: montecarlo::resultados(
                &self.names,
                &self.scheduled_cents,
                &tally.tallies,
                paths_run,
            ),
            loss_histogram: tally.loss_histogram.to_vec(),
        }
    }

    /// Runs every path in ranges of `step`, calling `progress(done, total)` after each and
    /// stopping early when it returns false (the caller's cancel).
    pub fn run(
        &self,
        step: u64,
        mut progress: impl FnMut(u64, u64) -> bool,
    ) -> ResultadoMonteCarlo {
        let mut tally = self.empty();
        let mut done = 0;
        while done < self.paths {
            let end = (done + step.max(1)).min(self.paths);
            tally.add(&self.tramo(done..end));
            done = end;
            if !progress(done, self.paths) {
                break;
            }
        }
        debug_assert_eq!(tally.loss_histogram.len(), LOSS_BUCKETS);
        self.result(&tally, done)
    }
}
