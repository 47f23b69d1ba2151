//! Titularizaciones (SPEC §4): the deal, its classes, the cash-flow schedule (projected
//! collections and each class's interest and principal), history series for the loss or
//! deviation index, the coverage mechanisms and the nine factor assessments. Money and
//! scores are exact decimals. There is no column for any third party's solvency (T-4).

use crate::methodology;
use crate::vocabulary::{
    column, non_negative, opt_column, opt_text, text, AssetType, Factor, FlowLine, HistorySeries,
    IndexKind, MecanismoCobertura,
};
use crate::{StoreError, Writer};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Titularizacion {
    pub code: String,
    /// The trust's legal name (with tramo).
    pub name: String,
    pub asset_type: AssetType,
    /// The originator's name; its quality is assessed as factor 2.6 (organisational and
    /// operational only, never its solvency: T-4).
    pub originator: String,
    /// The agente de manejo's name (factor 2.7).
    pub fiduciary: String,
    pub currency: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    pub issued_on: Option<NaiveDate>,
    /// Information cut-off date (T-6).
    pub info_cutoff: Option<NaiveDate>,
    /// Siniestralidad for credit portfolios, desviación for other assets (T-8).
    pub index_kind: IndexKind,
    /// The formula variant used for the index, as the case records it (T-8).
    pub index_formula: String,
    /// The history window the index uses, in months.
    pub index_window_months: u32,
    pub fictional: bool,
}

/// A class (or series) of securities, by priority of payment (1 = most senior).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Class {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub titularizacion: String,
    pub name: String,
    pub priority: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    /// Annual rate, percent.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub rate: Decimal,
    pub term_days: u32,
    /// e.g. "trimestral", "al vencimiento".
    pub amortization: String,
}

/// One line of the schedule for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CashFlow {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub titularizacion: String,
    pub line: FlowLine,
    /// The class for interest and principal; none for projected inflows.
    pub class: Option<String>,
    pub period: u32,
    pub due_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
}

/// One observation of a history series, at a period's end date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryPoint {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub titularizacion: String,
    pub series: HistorySeries,
    pub period: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Decimal,
}

/// A coverage mechanism with its amount and order of use (T-9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mechanism {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub titularizacion: String,
    pub kind: MecanismoCobertura,
    pub description: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    pub order_of_use: u32,
}

/// One sub-criterion of a factor's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistItem {
    pub item: String,
    pub met: bool,
    #[serde(default)]
    pub note: String,
}

/// Which methodology version an assessment was made under. (The same shape as the
/// committee's `MethodologyRef`; named apart in TypeScript, where both are declared.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AssessmentMethodologyRef"))]
pub struct MethodologyRef {
    pub id: String,
    pub version: String,
}

/// The analyst's assessment of one factor (T-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactorAssessment {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub titularizacion: String,
    pub factor: Factor,
    pub assessed_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub score: Decimal,
    pub checklist: Vec<ChecklistItem>,
    pub evidence: String,
    /// The documents relied on.
    pub documents: Vec<String>,
    pub methodology: Option<MethodologyRef>,
}

/// A whole deal as one JSON document (import and export of cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TitularizacionCase {
    pub titularizacion: Titularizacion,
    pub classes: Vec<Class>,
    #[serde(default)]
    pub flows: Vec<CashFlow>,
    #[serde(default)]
    pub history: Vec<HistoryPoint>,
    #[serde(default)]
    pub mechanisms: Vec<Mechanism>,
    #[serde(default)]
    pub factors: Vec<FactorAssessment>,
}

fn nonempty(field: &str, v: &str) -> Result<(), StoreError> {
    if v.trim().is_empty() {
        return Err(StoreError::invalid(field, v, "a non-empty text"));
    }
    Ok(())
}

/// Adds a titularización or updates the one with the same code; returns its row id.
pub fn put(w: &mut Writer<'_>, t: &Titularizacion) -> Result<i64, StoreError> {
    nonempty("titularizacion code", &t.code)?;
    nonempty("titularizacion name", &t.name)?;
    if t.currency.len() != 3 || !t.currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(StoreError::invalid(
            "currency",
            &t.currency,
            "three upper-case letters (ISO 4217)",
        ));
    }
    nonempty("index_formula", &t.index_formula)?;
    if !(1..=240).contains(&t.index_window_months) {
        return Err(StoreError::invalid(
            "index_window_months",
            t.index_window_months.to_string(),
            "1 to 240 months",
        ));
    }
    let amount = non_negative("amount", t.amount)?;
    w.upsert(
        "titularizacion",
        &[("code", text(&t.code))],
        &[
            ("code", text(&t.code)),
            ("name", text(&t.name)),
            ("asset_type", text(t.asset_type)),
            ("originator", text(&t.originator)),
            ("fiduciary", text(&t.fiduciary)),
            ("currency", text(&t.currency)),
            ("amount", text(amount)),
            ("issued_on", opt_text(t.issued_on)),
            ("info_cutoff", opt_text(t.info_cutoff)),
            ("index_kind", text(t.index_kind)),
            ("index_formula", text(&t.index_formula)),
            ("index_window_months", Value::from(t.index_window_months)),
            ("fictional", Value::from(t.fictional)),
        ],
    )
}

pub fn titularizacion_id(conn: &Connection, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM titularizacion WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?)
}

fn require_deal(conn: &Connection, code: &str) -> Result<i64, StoreError> {
    titularizacion_id(conn, code)?.ok_or(StoreError::NotFound {
        what: "titularizacion",
        key: code.to_string(),
    })
}

pub fn class_id(conn: &Connection, deal: i64, name: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM titularizacion_class WHERE titularizacion_id = ?1 AND name = ?2",
        )?
        .query_row(params![deal, name], |r| r.get(0))
        .optional()?)
}

/// Adds a class or updates the one with the same name in the deal.
pub fn put_class(w: &mut Writer<'_>, c: &Class) -> Result<i64, StoreError> {
    let deal = require_deal(w.conn(), &c.titularizacion)?;
    nonempty("class name", &c.name)?;
    if c.priority == 0 || c.term_days == 0 {
        return Err(StoreError::invalid(
            format!("class {} priority/term_days", c.name),
            format!("{}/{}", c.priority, c.term_days),
            "priority 1 or more (1 = most senior) and a term of 1 day or more",
        ));
    }
    w.upsert(
        "titularizacion_class",
        &[
            ("titularizacion_id", Value::from(deal)),
            ("name", text(&c.name)),
        ],
        &[
            ("titularizacion_id", Value::from(deal)),
            ("name", text(&c.name)),
            ("priority", Value::from(c.priority)),
            ("amount", text(non_negative("class amount", c.amount)?)),
            ("rate", text(non_negative("class rate", c.rate)?)),
            ("term_days", Value::from(c.term_days)),
            ("amortization", text(&c.amortization)),
        ],
    )
}

/// Adds or replaces one schedule line for one period.
pub fn put_flow(w: &mut Writer<'_>, f: &CashFlow) -> Result<i64, StoreError> {
    let deal = require_deal(w.conn(), &f.titularizacion)?;
    let class = match (&f.line, &f.class) {
        (FlowLine::Inflow, None) => None,
        (FlowLine::Inflow, Some(c)) => {
            return Err(StoreError::invalid(
                "class",
                c,
                "no class on an inflow line (projected collections belong to the trust)",
            ))
        }
        (_, None) => {
            return Err(StoreError::invalid(
                "class",
                "",
                "the class whose interest or principal is due",
            ))
        }
        (_, Some(name)) => Some(class_id(w.conn(), deal, name)?.ok_or(StoreError::NotFound {
            what: "class",
            key: format!("{} {}", f.titularizacion, name),
        })?),
    };
    if f.period == 0 {
        return Err(StoreError::invalid("period", "0", "a period number from 1"));
    }
    w.upsert(
        "cash_flow",
        &[
            ("titularizacion_id", Value::from(deal)),
            ("line", text(f.line)),
            ("class_id", Value::from(class)),
            ("period", Value::from(f.period)),
        ],
        &[
            ("titularizacion_id", Value::from(deal)),
            ("line", text(f.line)),
            ("class_id", Value::from(class)),
            ("period", Value::from(f.period)),
            ("due_on", text(f.due_on)),
            ("amount", text(non_negative("amount", f.amount)?)),
        ],
    )
}

/// Adds or replaces one observation of a history series.
pub fn put_history(w: &mut Writer<'_>, h: &HistoryPoint) -> Result<i64, StoreError> {
    let deal = require_deal(w.conn(), &h.titularizacion)?;
    w.upsert(
        "history_point",
        &[
            ("titularizacion_id", Value::from(deal)),
            ("series", text(h.series)),
            ("period", text(h.period)),
        ],
        &[
            ("titularizacion_id", Value::from(deal)),
            ("series", text(h.series)),
            ("period", text(h.period)),
            ("value", text(non_negative("value", h.value)?)),
        ],
    )
}

/// Adds or replaces the mechanism used at `order_of_use`.
pub fn put_mechanism(w: &mut Writer<'_>, m: &Mechanism) -> Result<i64, StoreError> {
    let deal = require_deal(w.conn(), &m.titularizacion)?;
    if m.order_of_use == 0 {
        return Err(StoreError::invalid("order_of_use", "0", "1 or more"));
    }
    w.upsert(
        "mechanism",
        &[
            ("titularizacion_id", Value::from(deal)),
            ("order_of_use", Value::from(m.order_of_use)),
        ],
        &[
            ("titularizacion_id", Value::from(deal)),
            ("kind", text(m.kind)),
            ("description", text(&m.description)),
            ("amount", text(non_negative("mechanism amount", m.amount)?)),
            ("order_of_use", Value::from(m.order_of_use)),
        ],
    )
}

/// Records a factor assessment (one per factor and date).
pub fn put_factor(w: &mut Writer<'_>, f: &FactorAssessment) -> Result<i64, StoreError> {
    let deal = require_deal(w.conn(), &f.titularizacion)?;
    let methodology = match &f.methodology {
        Some(m) => Some(methodology::version_id(w.conn(), &m.id, &m.version)?.ok_or(
            StoreError::NotFound {
                what: "methodology version",
                key: format!("{} {}", m.id, m.version),
            },
        )?),
        None => None,
    };
    let checklist = serde_json::to_string(&f.checklist)
        .map_err(|e| StoreError::invalid("checklist", e.to_string(), "a list of items"))?;
    let documents = serde_json::to_string(&f.documents)
        .map_err(|e| StoreError::invalid("documents", e.to_string(), "a list of names"))?;
    w.upsert(
        "factor_assessment",
        &[
            ("titularizacion_id", Value::from(deal)),
            ("factor", text(f.factor)),
            ("assessed_on", text(f.assessed_on)),
        ],
        &[
            ("titularizacion_id", Value::from(deal)),
            ("factor", text(f.factor)),
            ("assessed_on", text(f.assessed_on)),
            ("score", text(non_negative("score", f.score)?)),
            ("checklist", text(checklist)),
            ("evidence", text(&f.evidence)),
            ("documents", text(documents)),
            ("methodology_version_id", Value::from(methodology)),
        ],
    )
}

/// Writes a whole case (JSON import): the deal, then its classes, flows, history,
/// mechanisms and factors. Nested rows take the deal's code.
pub fn put_case(w: &mut Writer<'_>, case: &TitularizacionCase) -> Result<i64, StoreError> {
    let id = put(w, &case.titularizacion)?;
    let code = case.titularizacion.code.clone();
    let own = |found: &str, what: &str| -> Result<(), StoreError> {
        if found.is_empty() || found == code {
            Ok(())
        } else {
            Err(StoreError::invalid(
                format!("{what} titularizacion"),
                found,
                format!("empty or the case's own code '{code}'"),
            ))
        }
    };
    for c in &case.classes {
        own(&c.titularizacion, "class")?;
        put_class(
            w,
            &Class {
                titularizacion: code.clone(),
                ..c.clone()
            },
        )?;
    }
    for f in &case.flows {
        own(&f.titularizacion, "flow")?;
        put_flow(
            w,
            &CashFlow {
                titularizacion: code.clone(),
                ..f.clone()
            },
        )?;
    }
    for h in &case.history {
        own(&h.titularizacion, "history point")?;
        put_history(
            w,
            &HistoryPoint {
                titularizacion: code.clone(),
                ..h.clone()
            },
        )?;
    }
    for m in &case.mechanisms {
        own(&m.titularizacion, "mechanism")?;
        put_mechanism(
            w,
            &Mechanism {
                titularizacion: code.clone(),
                ..m.clone()
            },
        )?;
    }
    for f in &case.factors {
        own(&f.titularizacion, "factor")?;
        put_factor(
            w,
            &FactorAssessment {
                titularizacion: code.clone(),
                ..f.clone()
            },
        )?;
    }
    Ok(id)
}

const DEAL_SELECT: &str =
    "SELECT code, name, asset_type, originator, fiduciary, currency, amount, issued_on, \
     info_cutoff, index_kind, index_formula, index_window_months, fictional FROM titularizacion";

fn deal_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Titularizacion> {
    Ok(Titularizacion {
        code: r.get(0)?,
        name: r.get(1)?,
        asset_type: column(r, 2)?,
        originator: r.get(3)?,
        fiduciary: r.get(4)?,
        currency: r.get(5)?,
        amount: column(r, 6)?,
        issued_on: opt_column(r, 7)?,
        info_cutoff: opt_column(r, 8)?,
        index_kind: column(r, 9)?,
        index_formula: r.get(10)?,
        index_window_months: r.get(11)?,
        fictional: r.get(12)?,
    })
}

/// Every titularización, by code (imports, exports and re-scoring; the app's list reads
/// pages from `titularizacion_list`).
pub fn list(conn: &Connection) -> Result<Vec<Titularizacion>, StoreError> {
    let mut stmt = conn.prepare(&format!("{DEAL_SELECT} ORDER BY code"))?;
    let rows = stmt.query_map([], deal_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One titularización by code, read through its unique index.
pub fn get(conn: &Connection, code: &str) -> Result<Option<Titularizacion>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("{DEAL_SELECT} WHERE code = ?1"))?
        .query_row([code], deal_row)
        .optional()?)
}

/// Every class of every deal (or of one), by deal and priority.
pub fn classes(conn: &Connection, deal: Option<&str>) -> Result<Vec<Class>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT t.code, c.name, c.priority, c.amount, c.rate, c.term_days, c.amortization \
         FROM titularizacion_class c JOIN titularizacion t ON t.id = c.titularizacion_id \
         WHERE ?1 IS NULL OR t.code = ?1 ORDER BY t.code, c.priority, c.name",
    )?;
    let rows = stmt.query_map([deal], |r| {
        Ok(Class {
            titularizacion: r.get(0)?,
            name: r.get(1)?,
            priority: r.get(2)?,
            amount: column(r, 3)?,
            rate: column(r, 4)?,
            term_days: r.get(5)?,
            amortization: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every schedule line (of one deal or all), by deal, period, line and class.
pub fn flows(conn: &Connection, deal: Option<&str>) -> Result<Vec<CashFlow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT t.code, f.line, c.name, f.period, f.due_on, f.amount \
         FROM cash_flow f JOIN titularizacion t ON t.id = f.titularizacion_id \
         LEFT JOIN titularizacion_class c ON c.id = f.class_id \
         WHERE ?1 IS NULL OR t.code = ?1 \
         ORDER BY t.code, f.period, CASE f.line WHEN 'inflow' THEN 0 WHEN 'interest' THEN 1 ELSE 2 END, c.priority, c.name",
    )?;
    let rows = stmt.query_map([deal], |r| {
        Ok(CashFlow {
            titularizacion: r.get(0)?,
            line: column(r, 1)?,
            class: r.get(2)?,
            period: r.get(3)?,
            due_on: column(r, 4)?,
            amount: column(r, 5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every history observation (of one deal or all), by deal, series and period.
pub fn history(conn: &Connection, deal: Option<&str>) -> Result<Vec<HistoryPoint>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT t.code, h.series, h.period, h.value FROM history_point h \
         JOIN titularizacion t ON t.id = h.titularizacion_id \
         WHERE ?1 IS NULL OR t.code = ?1 ORDER BY t.code, h.series, h.period",
    )?;
    let rows = stmt.query_map([deal], |r| {
        Ok(HistoryPoint {
            titularizacion: r.get(0)?,
            series: column(r, 1)?,
            period: column(r, 2)?,
            value: column(r, 3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn mechanisms(conn: &Connection, deal: &str) -> Result<Vec<Mechanism>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT t.code, m.kind, m.description, m.amount, m.order_of_use FROM mechanism m \
         JOIN titularizacion t ON t.id = m.titularizacion_id WHERE t.code = ?1 ORDER BY m.order_of_use",
    )?;
    let rows = stmt.query_map([deal], |r| {
        Ok(Mechanism {
            titularizacion: r.get(0)?,
            kind: column(r, 1)?,
            description: r.get(2)?,
            amount: column(r, 3)?,
            order_of_use: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn factors(conn: &Connection, deal: &str) -> Result<Vec<FactorAssessment>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT t.code, f.factor, f.assessed_on, f.score, f.checklist, f.evidence, f.documents, \
         m.methodology, m.version FROM factor_assessment f \
         JOIN titularizacion t ON t.id = f.titularizacion_id \
         LEFT JOIN methodology_version m ON m.id = f.methodology_version_id \
         WHERE t.code = ?1 ORDER BY f.assessed_on, f.factor",
    )?;
    let rows = stmt.query_map([deal], |r| {
        let checklist: String = r.get(4)?;
        let documents: String = r.get(6)?;
        let json_err = |i: usize, e: serde_json::Error| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        };
        let id: Option<String> = r.get(7)?;
        let version: Option<String> = r.get(8)?;
        Ok(FactorAssessment {
            titularizacion: r.get(0)?,
            factor: column(r, 1)?,
            assessed_on: column(r, 2)?,
            score: column(r, 3)?,
            checklist: serde_json::from_str(&checklist).map_err(|e| json_err(4, e))?,
            evidence: r.get(5)?,
            documents: serde_json::from_str(&documents).map_err(|e| json_err(6, e))?,
            methodology: id
                .zip(version)
                .map(|(id, version)| MethodologyRef { id, version }),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A whole deal as a case document (JSON export).
pub fn case(conn: &Connection, code: &str) -> Result<TitularizacionCase, StoreError> {
    let titularizacion = get(conn, code)?.ok_or(StoreError::NotFound {
        what: "titularizacion",
        key: code.to_string(),
    })?;
    let strip = |s: &mut String| s.clear();
    let mut case = TitularizacionCase {
        titularizacion,
        classes: classes(conn, Some(code))?,
        flows: flows(conn, Some(code))?,
        history: history(conn, Some(code))?,
        mechanisms: mechanisms(conn, code)?,
        factors: factors(conn, code)?,
    };
    case.classes
        .iter_mut()
        .for_each(|c| strip(&mut c.titularizacion));
    case.flows
        .iter_mut()
        .for_each(|c| strip(&mut c.titularizacion));
    case.history
        .iter_mut()
        .for_each(|c| strip(&mut c.titularizacion));
    case.mechanisms
        .iter_mut()
        .for_each(|c| strip(&mut c.titularizacion));
    case.factors
        .iter_mut()
        .for_each(|c| strip(&mut c.titularizacion));
    Ok(case)
}
