//! A titularización case as the analyst records it, and its validation.
//!
//! T-4 is a property of this type, not a rule applied to it: there is no field for the
//! solvency or the rating of the originator, the agente de manejo or anyone else, and every
//! struct denies unknown fields, so a case that tries to add one (`originator_rating`,
//! `fiduciary_solvency`, …) is refused when it is read, with a message citing T-4.
//! Participants appear by name only.
//!
//! Bad input is refused with [`CaseError::Invalid`], which names the field (a path such as
//! `classes[1].schedule`), the value and what is accepted.

use super::activo::{analisis_requeridos, TipoActivo};
use super::clase::Clase;
use super::equilibrio::CondicionEquilibrio;
use super::factor::{
    subcriterios, ChecklistEntry, DocumentRecord, DocumentoRequerido, EstadoDocumento,
    FactorAssessment, FactorId,
};
use super::flujo::{Escenario, Flujos, VariableClave};
use super::indice::IndiceHistorico;
use super::mecanismo::{self, MecanismoCobertura};
use super::montecarlo::ParametrosMonteCarlo;
use super::waterfall::{Estructura, PrioridadPagos};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt::Display;

/// The seed's validity tests of the information (T-6, seed 003 §1.2), as the analyst
/// recorded them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValidezInformacion {
    /// The information contains no false antecedents that could mislead.
    pub no_false_antecedents: bool,
    /// No significant change in the business or the assets that the statements cannot be
    /// made uniform to reflect.
    pub no_unreflected_significant_change: bool,
    #[serde(default)]
    pub notes: String,
}

/// Stress settings: the scenarios and the key variable of the equilibrium search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Estres {
    /// The key variable whose break-even stress is searched (T-13).
    pub equilibrium_variable: VariableClave,
    pub scenarios: Vec<Escenario>,
}

/// A titularización to rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Titularizacion {
    /// Legal name of the trust (with tramo).
    pub name: String,
    /// True for demo and fixture cases: they are not real deals.
    #[serde(default)]
    pub fictional: bool,
    /// Names only (T-4: no solvency of any participant is an input).
    pub originator: String,
    /// The agente de manejo (fiduciary), by name only.
    pub fiduciary: String,
    pub asset_type: TipoActivo,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub committee_date: NaiveDate,
    /// The last information incorporated into the analysis (T-6).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub information_cutoff: NaiveDate,
    pub information_validity: ValidezInformacion,
    pub factors: Vec<FactorAssessment>,
    #[serde(default)]
    pub documents: Vec<DocumentRecord>,
    /// Answers to the seed §1.1 list of the asset type (T-5), by item id ("1.3").
    #[serde(default)]
    pub asset_analyses: Vec<ChecklistEntry>,
    pub flows: Flujos,
    pub priority_of_payments: PrioridadPagos,
    pub classes: Vec<Clase>,
    #[serde(default)]
    pub mechanisms: Vec<MecanismoCobertura>,
    pub index: IndiceHistorico,
    pub stress: Estres,
    pub montecarlo: ParametrosMonteCarlo,
    /// Regulatory equilibrium point (T-13): release conditions with dates.
    #[serde(default)]
    pub equilibrium_conditions: Vec<CondicionEquilibrio>,
}

/// Why a case cannot be rated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("case could not be read: {0}")]
    Parse(String),
    #[error("invalid case: {field} = {value}: {expected}")]
    Invalid {
        field: String,
        value: String,
        expected: String,
    },
}

fn invalid(
    field: impl Into<String>,
    value: impl Display,
    expected: impl Into<String>,
) -> CaseError {
    CaseError::Invalid {
        field: field.into(),
        value: value.to_string(),
        expected: expected.into(),
    }
}

const T4_HINT: &str = " (T-4: no third party's solvency or rating — originator, agente de manejo or anyone else — is an input to a titularización rating; seed 003 §1.1, §2.6)";

/// Largest amount a case may state (USD 10¹⁵): far above any securitization, and small
/// enough that sums over periods and paths never overflow, in Decimal or in i64 cents.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

fn money(field: impl Into<String>, x: Decimal) -> Result<(), CaseError> {
    let field = field.into();
    if x.is_sign_negative() && !x.is_zero() {
        return Err(invalid(field, x, "amounts must be >= 0"));
    }
    if x > MAX_AMOUNT {
        return Err(invalid(field, x, "amounts up to USD 1,000,000,000,000,000"));
    }
    if x.normalize().scale() > 2 {
        return Err(invalid(
            field,
            x,
            "amounts are in USD to the cent (at most 2 decimals)",
        ));
    }
    Ok(())
}

fn fraction(field: impl Into<String>, x: Decimal) -> Result<(), CaseError> {
    if x < Decimal::ZERO || x > Decimal::ONE {
        return Err(invalid(field, x, "a fraction between 0 and 1"));
    }
    Ok(())
}

impl Titularizacion {
    /// Reads a case from JSON (strict: unknown fields are refused).
    pub fn from_json(text: &str) -> Result<Titularizacion, CaseError> {
        serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let lower = msg.to_lowercase();
            let third_party = lower.contains("unknown field")
                && [
                    "rating",
                    "solven",
                    "calificaci",
                    "credit",
                    "score_originator",
                ]
                .iter()
                .any(|w| lower.split("expected").next().unwrap_or("").contains(w));
            CaseError::Parse(if third_party {
                format!("{msg}{T4_HINT}")
            } else {
                msg
            })
        })
    }

    /// Checks every invariant the engine relies on, naming the first field that breaks one.
    /// `score_max` is the methodology's top factor score.
    pub fn validate(&self, score_max: Decimal) -> Result<(), CaseError> {
        if self.name.trim().is_empty() {
            return Err(invalid("name", "\"\"", "the trust's legal name"));
        }
        self.validate_factors(score_max)?;
        self.validate_documents()?;
        let accepted: Vec<&str> = analisis_requeridos(self.asset_type)
            .iter()
            .map(|a| a.id)
            .collect();
        let mut seen = BTreeSet::new();
        for (i, a) in self.asset_analyses.iter().enumerate() {
            if !accepted.contains(&a.item.as_str()) {
                return Err(invalid(
                    format!("asset_analyses[{i}].item"),
                    &a.item,
                    format!(
                        "for {} the seed 003 §1.1 analyses are {}",
                        self.asset_type,
                        accepted.join(", ")
                    ),
                ));
            }
            if !seen.insert(a.item.as_str()) {
                return Err(invalid(
                    format!("asset_analyses[{i}].item"),
                    &a.item,
                    "each analysis once",
                ));
            }
        }
        let n = self.validate_flows()?;
        self.validate_classes(n)?;
        let mut orders = BTreeSet::new();
        for (i, m) in self.mechanisms.iter().enumerate() {
            money(format!("mechanisms[{i}].amount"), m.amount)?;
            if m.order == 0 || !orders.insert(m.order) {
                return Err(invalid(
                    format!("mechanisms[{i}].order"),
                    m.order,
                    "a unique order of use, 1 first",
                ));
            }
        }
        self.validate_index()?;
        self.validate_stress(n)?;
        let mc = &self.montecarlo;
        if !(1..=10_000_000).contains(&mc.paths) {
            return Err(invalid(
                "montecarlo.paths",
                mc.paths,
                "1 to 10,000,000 paths",
            ));
        }
        if mc.persistence < Decimal::ZERO || mc.persistence >= Decimal::ONE {
            return Err(invalid(
                "montecarlo.persistence",
                mc.persistence,
                "0 <= persistence < 1",
            ));
        }
        for (i, c) in self.equilibrium_conditions.iter().enumerate() {
            if let Some(met) = c.met_on.filter(|d| *d > self.committee_date) {
                return Err(invalid(
                    format!("equilibrium_conditions[{i}].met_on"),
                    met,
                    format!(
                        "a date on or before the committee date {}",
                        self.committee_date
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate_factors(&self, score_max: Decimal) -> Result<(), CaseError> {
        for f in FactorId::ALL {
            let count = self.factors.iter().filter(|a| a.id == f).count();
            if count != 1 {
                return Err(invalid(
                    "factors",
                    format!("{count} assessments of factor {f}"),
                    "exactly one assessment of each factor 2.1 … 2.9",
                ));
            }
        }
        for (i, a) in self.factors.iter().enumerate() {
            if a.score < Decimal::ZERO || a.score > score_max {
                return Err(invalid(
                    format!("factors[{i}].score (factor {})", a.id),
                    a.score,
                    format!("a score from 0 to {score_max}"),
                ));
            }
            let items: Vec<&str> = subcriterios(a.id, self.asset_type)
                .iter()
                .map(|s| s.id)
                .collect();
            let mut seen = BTreeSet::new();
            for (j, e) in a.checklist.iter().enumerate() {
                if !items.contains(&e.item.as_str()) {
                    return Err(invalid(
                        format!("factors[{i}].checklist[{j}].item"),
                        &e.item,
                        format!(
                            "a sub-criterion of factor {} for {}: {}",
                            a.id,
                            self.asset_type,
                            items.join(", ")
                        ),
                    ));
                }
                if !seen.insert(e.item.as_str()) {
                    return Err(invalid(
                        format!("factors[{i}].checklist[{j}].item"),
                        &e.item,
                        "each item once",
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_documents(&self) -> Result<(), CaseError> {
        let mut seen = BTreeSet::new();
        for (i, d) in self.documents.iter().enumerate() {
            if !seen.insert(d.kind) {
                return Err(invalid(
                    format!("documents[{i}].kind"),
                    d.kind.as_str(),
                    "each document kind once",
                ));
            }
            if d.status == EstadoDocumento::NotApplicable && d.kind != DocumentoRequerido::Covenants
            {
                return Err(invalid(
                    format!("documents[{i}].status"),
                    "not_applicable",
                    format!("only covenants may be not applicable (seed 003 §1.1 \"si existen\"); {} is required", d.kind.as_str()),
                ));
            }
        }
        Ok(())
    }

    /// Returns the number of periods.
    fn validate_flows(&self) -> Result<usize, CaseError> {
        let p = &self.flows.periods;
        if p.is_empty() {
            return Err(invalid(
                "flows.periods",
                "[]",
                "at least one projected period",
            ));
        }
        for (i, x) in p.iter().enumerate() {
            if x.period as usize != i + 1 {
                return Err(invalid(
                    format!("flows.periods[{i}].period"),
                    x.period,
                    format!("periods consecutive from 1 in order (expected {})", i + 1),
                ));
            }
            if i > 0 && x.date <= p[i - 1].date {
                return Err(invalid(
                    format!("flows.periods[{i}].date"),
                    x.date,
                    format!(
                        "dates strictly after the previous period's {}",
                        p[i - 1].date
                    ),
                ));
            }
            money(format!("flows.periods[{i}].collections"), x.collections)?;
            money(format!("flows.periods[{i}].expenses"), x.expenses)?;
        }
        fraction("flows.recovery_rate", self.flows.recovery_rate)?;
        fraction("flows.interest_share", self.flows.interest_share)?;
        Ok(p.len())
    }

    fn validate_classes(&self, n: usize) -> Result<(), CaseError> {
        if self.classes.is_empty() {
            return Err(invalid("classes", "[]", "at least one class"));
        }
        let mut names = BTreeSet::new();
        let mut ranks = BTreeSet::new();
        for (i, c) in self.classes.iter().enumerate() {
            let f = |s: &str| format!("classes[{i}].{s}");
            if c.name.trim().is_empty() || !names.insert(c.name.as_str()) {
                return Err(invalid(
                    f("name"),
                    format!("\"{}\"", c.name),
                    "a unique, non-empty class name",
                ));
            }
            if c.seniority == 0 || !ranks.insert(c.seniority) {
                return Err(invalid(
                    f("seniority"),
                    c.seniority,
                    "a unique rank, 1 the most senior (pari-passu series are not supported: give each its own class)",
                ));
            }
            money(f("amount"), c.amount)?;
            if c.amount.is_zero() {
                return Err(invalid(f("amount"), c.amount, "a class amount > 0"));
            }
            if c.schedule.is_empty() {
                return Err(invalid(
                    format!("classes[{i}].schedule (class {})", c.name),
                    "[]",
                    "every class needs its payment schedule of interest and principal per period",
                ));
            }
            let mut last = 0;
            for (j, q) in c.schedule.iter().enumerate() {
                if q.period <= last || q.period as usize > n {
                    return Err(invalid(
                        format!("classes[{i}].schedule[{j}].period"),
                        q.period,
                        format!(
                            "periods in increasing order within 1 … {n} of the flow projection"
                        ),
                    ));
                }
                last = q.period;
                money(format!("classes[{i}].schedule[{j}].interest"), q.interest)?;
                money(format!("classes[{i}].schedule[{j}].principal"), q.principal)?;
            }
            let principal: Decimal = c.schedule.iter().map(|q| q.principal).sum();
            if principal != c.amount {
                return Err(invalid(
                    format!("classes[{i}].schedule (class {}) principal total", c.name),
                    principal,
                    format!(
                        "the schedule's principal must add up to the class amount {}",
                        c.amount
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate_index(&self) -> Result<(), CaseError> {
        let idx = &self.index;
        let wants_sin = self.asset_type.uses_siniestralidad();
        let is_sin = matches!(idx, IndiceHistorico::Siniestralidad { .. });
        if wants_sin != is_sin {
            return Err(invalid(
                "index.kind",
                idx.kind_name(),
                format!(
                    "a {} case uses the índice de {} (seed 003 §1.1)",
                    self.asset_type,
                    if wants_sin {
                        "siniestralidad"
                    } else {
                        "desviación"
                    }
                ),
            ));
        }
        let len = idx.series_len();
        if idx.window_periods() < 2 || idx.window_periods() > len {
            return Err(invalid(
                "index.window_periods",
                idx.window_periods(),
                format!("from 2 to the {len} observations of the series"),
            ));
        }
        let dates = idx.dates();
        for i in 1..dates.len() {
            if dates[i] <= dates[i - 1] {
                return Err(invalid(
                    format!("index.series[{i}].date"),
                    dates[i],
                    format!(
                        "dates strictly after the previous observation's {}",
                        dates[i - 1]
                    ),
                ));
            }
        }
        match idx {
            IndiceHistorico::Siniestralidad { series, .. } => {
                for (i, o) in series.iter().enumerate() {
                    money(format!("index.series[{i}].balance"), o.balance)?;
                    money(format!("index.series[{i}].past_due"), o.past_due)?;
                    if o.balance.is_zero() || o.past_due > o.balance {
                        return Err(invalid(
                            format!("index.series[{i}]"),
                            format!("balance {} past_due {}", o.balance, o.past_due),
                            "balance > 0 and past_due <= balance",
                        ));
                    }
                }
            }
            IndiceHistorico::Desviacion { series, .. } => {
                for (i, o) in series.iter().enumerate() {
                    money(format!("index.series[{i}].projected"), o.projected)?;
                    money(format!("index.series[{i}].actual"), o.actual)?;
                    if o.projected.is_zero() {
                        return Err(invalid(
                            format!("index.series[{i}].projected"),
                            o.projected,
                            "projected flows > 0",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn validate_stress(&self, n: usize) -> Result<(), CaseError> {
        let mut names = BTreeSet::new();
        for (i, s) in self.stress.scenarios.iter().enumerate() {
            if s.name.trim().is_empty() || !names.insert(s.name.as_str()) || s.name == "base" {
                return Err(invalid(
                    format!("stress.scenarios[{i}].name"),
                    format!("\"{}\"", s.name),
                    "a unique, non-empty name other than \"base\"",
                ));
            }
            for (var, x) in s.shocks.entries() {
                let field = format!("stress.scenarios[{i}].shocks.{var}");
                if var.is_fraction() {
                    fraction(field, x)?;
                } else if x < Decimal::ZERO || x > Decimal::from(n) {
                    return Err(invalid(field, x, format!("a delay from 0 to {n} periods")));
                }
            }
        }
        Ok(())
    }

    /// The classes sorted by seniority (most senior first).
    pub fn classes_by_seniority(&self) -> Vec<&Clase> {
        let mut v: Vec<&Clase> = self.classes.iter().collect();
        v.sort_by_key(|c| c.seniority);
        v
    }

    /// The waterfall structure in exact decimals (valid case only).
    pub fn estructura(&self) -> Estructura<Decimal> {
        let n = self.flows.periods.len();
        let dense = |pick: &dyn Fn(&super::clase::Cuota) -> Decimal, c: &Clase| {
            let mut v = vec![Decimal::ZERO; n];
            for q in &c.schedule {
                v[q.period as usize - 1] = pick(q);
            }
            v
        };
        let classes = self.classes_by_seniority();
        let drawable = mecanismo::drawable_in_order(&self.mechanisms);
        Estructura {
            expenses: self.flows.periods.iter().map(|p| p.expenses).collect(),
            interest: classes.iter().map(|c| dense(&|q| q.interest, c)).collect(),
            principal: classes.iter().map(|c| dense(&|q| q.principal, c)).collect(),
            pools: drawable.iter().map(|m| m.amount).collect(),
            replenish: drawable.iter().map(|m| m.kind.is_replenished()).collect(),
            priority: self.priority_of_payments,
        }
    }

    /// The capital issued.
    pub fn capital(&self) -> Decimal {
        self.classes.iter().map(|c| c.amount).sum()
    }
}
