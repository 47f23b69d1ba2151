//! Candidate methodology versions (SPEC C-7): a new version of a stored national mapping
//! spec (N-1) or of the titularización weights and bands (T-3), edited field by field,
//! checked by the engine's own validation as it is typed (N-2 for specs, the weights'
//! validation for T-3…), and filed in the workbook as a draft.
//!
//! A draft holds what the person typed, as text, so nothing typed is lost when it is
//! wrong: every field is read with the core's parsers, every problem is a finding that
//! names its rule and the field it is about, and the document is rebuilt from the version
//! it started from (`base`) with the edited keys replaced, so keys the editor does not show
//! (agency, countries, the short-term table…) travel unchanged. A candidate with errors is
//! never filed: the catalogue must be able to read every stored version.

use crate::WorkbenchError;
use chrono::NaiveDate;
use ratebook_core::national::spec;
use ratebook_core::national::Finding;
use ratebook_core::scale::{GlobalRating, UnknownSymbol};
use ratebook_core::titularizacion::categoria::Categoria;
use ratebook_core::titularizacion::ponderacion::Ponderacion;
use ratebook_core::trace::TraceMessage;
use ratebook_store::methodology::{self, file_document, Format, MethodologyDocument};
use ratebook_store::vocabulary::MethodologyState;
use ratebook_store::{Stamp, Workbook};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// One row of a national spec as edited: the global level and its national options as
/// typed (`xxAA, xxAA-`), best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowDraft {
    pub global: String,
    pub national: String,
    pub basis: String,
    pub complete: bool,
    /// The row's note in the source (empty when none), carried to the new version.
    pub note: String,
}

/// A national mapping spec as the editor holds it (N-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpecDraft {
    /// The methodology id; a candidate is a new version of the same methodology.
    pub id: String,
    pub version: String,
    pub effective_date: String,
    pub source: String,
    pub basis: String,
    pub prefix: String,
    pub suffix: String,
    pub anchor: String,
    pub rows: Vec<RowDraft>,
    /// The TOML body of the version the draft started from.
    pub base: String,
}

/// One factor weight as edited (percent, keyed by the seed's number `2.1`…`2.9`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeightDraft {
    pub factor: String,
    pub weight: String,
}

/// One score band as edited: a weighted score at or above `min_score` maps to `category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BandDraft {
    pub min_score: String,
    pub category: String,
}

/// Titularización weights and bands as the editor holds them (T-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeightsDraft {
    pub id: String,
    pub version: String,
    pub effective_date: String,
    pub source: String,
    pub basis: String,
    pub weights: Vec<WeightDraft>,
    pub bands: Vec<BandDraft>,
    /// The TOML body of the version the draft started from.
    pub base: String,
}

/// What the engine says of a candidate: every error and warning with its rule and field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CandidateCheck {
    /// No errors: the candidate can be filed.
    pub valid: bool,
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// Titularización: the sum of the weights that could be read, in percent (T-3 wants
    /// exactly 100); absent for specs or when a weight is not a number.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub weights_sum: Option<Decimal>,
}

impl CandidateCheck {
    fn from_findings(errors: Vec<Finding>, warnings: Vec<Finding>) -> CandidateCheck {
        CandidateCheck {
            valid: errors.is_empty(),
            errors,
            warnings,
            weights_sum: None,
        }
    }
}

/// A stored methodology version opened in the editor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Editable {
    #[serde(rename = "national-spec")]
    Spec(SpecDraft),
    #[serde(rename = "titularizacion-weights")]
    Weights(WeightsDraft),
}

fn text_key(table: &toml::Table, key: &str) -> String {
    match table.get(key) {
        Some(toml::Value::String(s)) => s.clone(),
        Some(toml::Value::Datetime(d)) => d.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn parse_table(doc: &MethodologyDocument) -> Result<toml::Table, WorkbenchError> {
    toml::from_str(&doc.body).map_err(|e| WorkbenchError::Methodology {
        kind: doc.kind.clone(),
        id: doc.id.clone(),
        version: doc.version.clone(),
        message: e.to_string(),
    })
}

/// The stored version `id`@`version` as an editable draft (national specs and
/// titularización weights; other kinds are listed but not edited here).
pub fn open(conn: &Connection, id: &str, version: &str) -> Result<Editable, WorkbenchError> {
    let row = methodology::version_id(conn, id, version)?.ok_or_else(|| {
        ratebook_store::StoreError::NotFound {
            what: "methodology version",
            key: format!("{id} {version}"),
        }
    })?;
    let doc = methodology::get(conn, row)?;
    let table = parse_table(&doc)?;
    let common = |k: &str| text_key(&table, k);
    match doc.kind.as_str() {
        spec::KIND => {
            let rows = table
                .get("rows")
                .and_then(|r| r.as_array())
                .map(|rows| {
                    rows.iter()
                        .filter_map(|r| r.as_table())
                        .map(|r| RowDraft {
                            global: text_key(r, "global"),
                            national: r
                                .get("national")
                                .and_then(|n| n.as_array())
                                .map(|n| {
                                    n.iter()
                                        .filter_map(|s| s.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                })
                                .unwrap_or_default(),
                            basis: text_key(r, "basis"),
                            complete: r.get("complete").and_then(|c| c.as_bool()).unwrap_or(true),
                            note: text_key(r, "note"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(Editable::Spec(SpecDraft {
                id: doc.id.clone(),
                version: doc.version.clone(),
                effective_date: doc.effective_date.to_string(),
                source: common("source"),
                basis: common("basis"),
                prefix: common("prefix"),
                suffix: common("suffix"),
                anchor: common("anchor"),
                rows,
                base: doc.body.clone(),
            }))
        }
        "titularizacion-weights" => {
            let weights = table
                .get("weights")
                .and_then(|w| w.as_table())
                .map(|w| {
                    w.iter()
                        .map(|(factor, v)| WeightDraft {
                            factor: factor.clone(),
                            weight: match v {
                                toml::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            },
                        })
                        .collect()
                })
                .unwrap_or_default();
            let bands = table
                .get("bands")
                .and_then(|b| b.as_array())
                .map(|b| {
                    b.iter()
                        .filter_map(|x| x.as_table())
                        .map(|x| BandDraft {
                            min_score: text_key(x, "min_score"),
                            category: text_key(x, "category"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(Editable::Weights(WeightsDraft {
                id: doc.id.clone(),
                version: doc.version.clone(),
                effective_date: doc.effective_date.to_string(),
                source: common("source"),
                basis: common("basis"),
                weights,
                bands,
                base: doc.body.clone(),
            }))
        }
        other => Err(WorkbenchError::Candidate {
            field: "kind".into(),
            value: other.to_string(),
            accepted: "national-spec or titularizacion-weights".into(),
        }),
    }
}

/// `field: <the symbol's refusal>`, as the engine words it.
fn field_problem(field: &str, e: &UnknownSymbol) -> TraceMessage {
    TraceMessage::new("national.error.field")
        .arg("field", field)
        .arg("problem", e.message())
}

/// The metadata checks every candidate shares (N-1 / the filing convention): a version
/// and a date that can be read.
fn check_metadata(rule: &str, version: &str, effective_date: &str, errors: &mut Vec<Finding>) {
    if version.trim().is_empty() {
        errors.push(
            Finding::worded(
                rule,
                "version",
                TraceMessage::new("refusal.workbench.candidate.version"),
            )
            .at("version"),
        );
    }
    if NaiveDate::parse_from_str(effective_date.trim(), "%Y-%m-%d").is_err() {
        errors.push(
            Finding::worded(
                rule,
                "effective-date",
                TraceMessage::new("refusal.workbench.candidate.effective_date")
                    .arg("value", effective_date),
            )
            .at("effective_date"),
        );
    }
}

/// C-7: a candidate is a new version; an approved or retired version never changes.
fn check_frozen(
    conn: &Connection,
    id: &str,
    version: &str,
    errors: &mut Vec<Finding>,
) -> Result<(), WorkbenchError> {
    if let Some(row) = methodology::version_id(conn, id, version.trim())? {
        let stored = methodology::get(conn, row)?;
        if stored.state != MethodologyState::Draft {
            errors.push(
                Finding::worded(
                    "C-7",
                    "frozen",
                    TraceMessage::new("refusal.workbench.candidate.frozen")
                        .arg("version", version.trim())
                        .arg("id", id)
                        .arg(
                            "state",
                            TraceMessage::new(&"value.{}".replace("{}", stored.state.as_str())),
                        ),
                )
                .at("version"),
            );
        }
    }
    Ok(())
}

fn national_list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect()
}

/// The spec draft as a TOML document: the base with the edited keys replaced.
fn spec_toml(draft: &SpecDraft) -> Result<String, Finding> {
    let mut table: toml::Table = toml::from_str(&draft.base)
        .map_err(|e| Finding::new("N-1", "readable", e.to_string().trim().to_string()))?;
    let s = |v: &str| toml::Value::String(v.trim().to_string());
    // Why the base's date is what it is says nothing about a new date.
    if text_key(&table, "effective_date") != draft.effective_date.trim() {
        table.remove("effective_date_basis");
    }
    table.insert("version".into(), s(&draft.version));
    table.insert("effective_date".into(), s(&draft.effective_date));
    table.insert("source".into(), s(&draft.source));
    table.insert("basis".into(), s(&draft.basis));
    table.insert("prefix".into(), s(&draft.prefix));
    table.insert("suffix".into(), s(&draft.suffix));
    table.insert("anchor".into(), s(&draft.anchor));
    let rows = draft
        .rows
        .iter()
        .map(|r| {
            let mut row = toml::Table::new();
            row.insert("global".into(), s(&r.global));
            row.insert(
                "national".into(),
                toml::Value::Array(
                    national_list(&r.national)
                        .into_iter()
                        .map(toml::Value::String)
                        .collect(),
                ),
            );
            row.insert("basis".into(), s(&r.basis));
            row.insert("complete".into(), toml::Value::Boolean(r.complete));
            if !r.note.trim().is_empty() {
                row.insert("note".into(), s(&r.note));
            }
            toml::Value::Table(row)
        })
        .collect();
    table.insert("rows".into(), toml::Value::Array(rows));
    toml::to_string(&table).map_err(|e| Finding::new("N-1", "readable", e.to_string()))
}

/// N-1 and N-2 over a candidate spec, each finding tied to its field; C-7 when the version
/// is one the workbook holds approved or retired.
pub fn check_spec(conn: &Connection, draft: &SpecDraft) -> Result<CandidateCheck, WorkbenchError> {
    let (errors, warnings, _) = spec_findings(draft);
    let mut errors = errors;
    check_frozen(conn, &draft.id, &draft.version, &mut errors)?;
    Ok(CandidateCheck::from_findings(errors, warnings))
}

/// The engine's findings over a spec draft, and its TOML when it could be built.
fn spec_findings(draft: &SpecDraft) -> (Vec<Finding>, Vec<Finding>, Option<String>) {
    let mut errors = Vec::new();
    check_metadata("N-1", &draft.version, &draft.effective_date, &mut errors);
    if let Err(e) = GlobalRating::from_str(draft.anchor.trim()) {
        errors.push(Finding::worded("N-1", "symbol", field_problem("anchor", &e)).at("anchor"));
    }
    for (i, row) in draft.rows.iter().enumerate() {
        if let Err(e) = GlobalRating::from_str(row.global.trim()) {
            errors.push(
                Finding::worded(
                    "N-1",
                    "symbol",
                    field_problem(&format!("rows[{i}].global"), &e),
                )
                .at(format!("rows[{i}].global")),
            );
        }
    }
    if !errors.is_empty() {
        return (errors, Vec::new(), None);
    }
    let text = match spec_toml(draft) {
        Ok(text) => text,
        Err(f) => return (vec![f], Vec::new(), None),
    };
    let v = spec::validate_toml(&text);
    (v.errors, v.warnings, Some(text))
}

/// The weights draft as a TOML document, or the findings of the fields that cannot be read.
fn weights_toml(draft: &WeightsDraft) -> Result<(String, Decimal), Vec<Finding>> {
    let mut errors = Vec::new();
    check_metadata("T-3", &draft.version, &draft.effective_date, &mut errors);
    let mut table: toml::Table = toml::from_str(&draft.base)
        .map_err(|e| vec![Finding::new("T-3", "readable", e.to_string())])?;
    let s = |v: &str| toml::Value::String(v.trim().to_string());
    let mut weights = toml::Table::new();
    let mut sum = Decimal::ZERO;
    for w in &draft.weights {
        match Decimal::from_str(w.weight.trim()) {
            Ok(d) => sum += d,
            Err(_) => errors.push(
                Finding::worded(
                    "T-3",
                    "number",
                    TraceMessage::new("refusal.workbench.candidate.weight")
                        .arg("factor", w.factor.as_str())
                        .arg("value", w.weight.as_str()),
                )
                .at(format!("weights.{}", w.factor)),
            ),
        }
        weights.insert(w.factor.clone(), s(&w.weight));
    }
    let mut bands = Vec::new();
    for (i, b) in draft.bands.iter().enumerate() {
        if Decimal::from_str(b.min_score.trim()).is_err() {
            errors.push(
                Finding::worded(
                    "T-3",
                    "number",
                    TraceMessage::new("refusal.workbench.candidate.min_score")
                        .arg("band", i)
                        .arg("value", b.min_score.as_str()),
                )
                .at(format!("bands[{i}]")),
            );
        }
        if let Err(e) = Categoria::from_str(b.category.trim()) {
            errors.push(
                Finding::new("T-1", "category", format!("bands[{i}].category: {e}"))
                    .at(format!("bands[{i}]")),
            );
        }
        let mut band = toml::Table::new();
        band.insert("min_score".into(), s(&b.min_score));
        band.insert("category".into(), s(&b.category));
        bands.push(toml::Value::Table(band));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for key in ["version", "effective_date", "source", "basis"] {
        let value = match key {
            "version" => &draft.version,
            "effective_date" => &draft.effective_date,
            "source" => &draft.source,
            _ => &draft.basis,
        };
        table.insert(key.into(), s(value));
    }
    table.insert("weights".into(), toml::Value::Table(weights));
    table.insert("bands".into(), toml::Value::Array(bands));
    let text = toml::to_string(&table)
        .map_err(|e| vec![Finding::new("T-3", "readable", e.to_string())])?;
    Ok((text, sum))
}

/// The titularización methodology's own validation (T-3 weights summing to 100 %, bands in
/// order, …) over a candidate, tied to its field; C-7 when the version is frozen.
pub fn check_weights(
    conn: &Connection,
    draft: &WeightsDraft,
) -> Result<CandidateCheck, WorkbenchError> {
    let (mut errors, sum) = match weights_toml(draft) {
        Ok((text, sum)) => match Ponderacion::from_toml(&text) {
            Ok(_) => (Vec::new(), Some(sum)),
            Err(e) => {
                let finding = Finding::worded(e.rule(), "weights", e.message());
                let finding = match e.field() {
                    Some(f) => finding.at(f),
                    None => finding,
                };
                (vec![finding], Some(sum))
            }
        },
        Err(errors) => (errors, None),
    };
    check_frozen(conn, &draft.id, &draft.version, &mut errors)?;
    let mut check = CandidateCheck::from_findings(errors, Vec::new());
    check.weights_sum = sum.map(|s| s.normalize());
    Ok(check)
}

/// A candidate filed in the workbook: its version and state (always a draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Filed {
    pub id: String,
    pub version: String,
    pub state: MethodologyState,
    /// SHA-256 of the filed body.
    pub body_sha256: String,
}

fn file(
    wb: &mut Workbook,
    stamp: &Stamp,
    body: &str,
    check: CandidateCheck,
) -> Result<Filed, WorkbenchError> {
    if !check.valid {
        return Err(WorkbenchError::CandidateRefused {
            errors: check.errors,
        });
    }
    let doc = file_document(body, Format::Toml).map_err(|e| WorkbenchError::Candidate {
        field: "document".into(),
        value: String::new(),
        accepted: e.to_string(),
    })?;
    wb.transact(stamp, |w| methodology::put(w, &doc))?;
    Ok(Filed {
        id: doc.id,
        version: doc.version,
        state: doc.state,
        body_sha256: doc.body_sha256,
    })
}

/// Files a candidate spec as a draft version (C-7), after N-1/N-2 found no error.
pub fn save_spec(
    wb: &mut Workbook,
    stamp: &Stamp,
    draft: &SpecDraft,
) -> Result<Filed, WorkbenchError> {
    let check = check_spec(wb.connection(), draft)?;
    let (_, _, text) = spec_findings(draft);
    match text {
        Some(text) => file(wb, stamp, &text, check),
        None => Err(WorkbenchError::CandidateRefused {
            errors: check.errors,
        }),
    }
}

/// Files candidate titularización weights as a draft version (C-7), after their own
/// validation found no error.
pub fn save_weights(
    wb: &mut Workbook,
    stamp: &Stamp,
    draft: &WeightsDraft,
) -> Result<Filed, WorkbenchError> {
    let check = check_weights(wb.connection(), draft)?;
    match weights_toml(draft) {
        Ok((text, _)) => file(wb, stamp, &text, check),
        Err(errors) => Err(WorkbenchError::CandidateRefused { errors }),
    }
}
