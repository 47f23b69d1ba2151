//! Import of issuers, issues, cash-flow schedules and history series from CSV or XLSX.
//!
//! Every row is checked first — values, vocabularies, ratings (parsed strictly by the
//! core's scale), references to rows already in the workbook, duplicate keys — and each bad
//! row is reported with its line, column, value and what is accepted. If any row is bad
//! nothing is written; otherwise all rows are written in one transaction, each change
//! audited. Rows whose key already exists update that row (recorded as a correction).

use crate::entities::{self, Issue, Issuer};
use crate::tabular::{self, Table, TabularError};
use crate::titularizacion::{self, CashFlow, HistoryPoint};
use crate::vocabulary::{FlowLine, HistorySeries, PeerPosition, RecoveryRating, Sector, Seniority};
use crate::{Stamp, StoreError, Workbook};
use chrono::NaiveDate;
use ratebook_core::scale::GlobalRating;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Issuers,
    Issues,
    Flows,
    History,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Issuers => "issuers",
            Kind::Issues => "issues",
            Kind::Flows => "flows",
            Kind::History => "history",
        }
    }

    /// The file's columns, in the order export writes them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Issuers => &[
                "code",
                "name",
                "sector",
                "country",
                "sovereign",
                "national_scale",
                "global_lc",
                "global_fc",
                "peer_position",
                "fictional",
            ],
            Kind::Issues => &[
                "code",
                "issuer",
                "name",
                "seniority",
                "currency",
                "foreign_currency",
                "recovery_rating",
                "amount",
                "maturity",
            ],
            Kind::Flows => &[
                "titularizacion",
                "line",
                "class",
                "period",
                "due_on",
                "amount",
            ],
            Kind::History => &["titularizacion", "series", "period", "value"],
        }
    }
}

impl FromStr for Kind {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Kind, StoreError> {
        match s {
            "issuers" => Ok(Kind::Issuers),
            "issues" => Ok(Kind::Issues),
            "flows" => Ok(Kind::Flows),
            "history" => Ok(Kind::History),
            other => Err(StoreError::invalid(
                "kind",
                other,
                "issuers, issues, flows, history",
            )),
        }
    }
}

/// One bad cell (or row) of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowProblem {
    pub line: usize,
    pub column: String,
    pub value: String,
    pub accepted: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: '{}' is not accepted; accepted: {}",
            self.line, self.column, self.value, self.accepted
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] TabularError),
    #[error("the {kind} file's header is wrong: {problems}; expected columns: {expected}")]
    Header {
        kind: &'static str,
        problems: String,
        expected: String,
    },
    #[error("{} bad row(s); nothing was imported:\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    BadRows(Vec<RowProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub kind: Kind,
    /// Data rows in the file.
    pub rows: usize,
    /// Audit events appended (inserts and corrections; unchanged rows add none).
    pub events: i64,
}

/// Reads `path` (CSV or XLSX by extension) and imports it as `kind` into the workbook.
pub fn import_file(
    wb: &mut Workbook,
    stamp: &Stamp,
    kind: Kind,
    path: &Path,
) -> Result<ImportReport, ImportError> {
    let table = tabular::read(path)?;
    import_table(wb, stamp, kind, &table)
}

/// Imports an already-read table (see [`import_file`]).
pub fn import_table(
    wb: &mut Workbook,
    stamp: &Stamp,
    kind: Kind,
    table: &Table,
) -> Result<ImportReport, ImportError> {
    let index = header_index(kind, &table.header)?;
    let events_before = event_count(wb)?;
    let outcome = wb.transact(stamp, |w| {
        let parsed = match kind {
            Kind::Issuers => parse_issuers(w.conn(), table, &index).map(|r| r.map(Rows::Issuers)),
            Kind::Issues => parse_issues(w.conn(), table, &index).map(|r| r.map(Rows::Issues)),
            Kind::Flows => parse_flows(w.conn(), table, &index).map(|r| r.map(Rows::Flows)),
            Kind::History => parse_history(w.conn(), table, &index).map(|r| r.map(Rows::History)),
        }?;
        let rows = match parsed {
            Err(problems) => return Ok(Err(problems)),
            Ok(rows) => rows,
        };
        match rows {
            Rows::Issuers(v) => v
                .iter()
                .try_for_each(|r| entities::put_issuer(w, r).map(drop))?,
            Rows::Issues(v) => v
                .iter()
                .try_for_each(|r| entities::put_issue(w, r).map(drop))?,
            Rows::Flows(v) => v
                .iter()
                .try_for_each(|r| titularizacion::put_flow(w, r).map(drop))?,
            Rows::History(v) => v
                .iter()
                .try_for_each(|r| titularizacion::put_history(w, r).map(drop))?,
        }
        Ok(Ok(()))
    })?;
    outcome.map_err(ImportError::BadRows)?;
    Ok(ImportReport {
        kind,
        rows: table.rows.len(),
        events: event_count(wb)? - events_before,
    })
}

fn event_count(wb: &Workbook) -> Result<i64, StoreError> {
    Ok(wb
        .connection()
        .query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))?)
}

enum Rows {
    Issuers(Vec<Issuer>),
    Issues(Vec<Issue>),
    Flows(Vec<CashFlow>),
    History(Vec<HistoryPoint>),
}

type Parsed<T> = Result<Result<Vec<T>, Vec<RowProblem>>, StoreError>;

fn header_index(
    kind: Kind,
    header: &[String],
) -> Result<HashMap<&'static str, usize>, ImportError> {
    let mut index = HashMap::new();
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let lower = h.to_ascii_lowercase();
        match kind.columns().iter().find(|c| **c == lower) {
            Some(c) if index.contains_key(c) => {
                problems.push(format!("column '{h}' appears twice"))
            }
            Some(c) => {
                index.insert(*c, i);
            }
            None => problems.push(format!("unknown column '{h}'")),
        }
    }
    for c in kind.columns() {
        if !index.contains_key(c) {
            problems.push(format!("missing column '{c}'"));
        }
    }
    if problems.is_empty() {
        Ok(index)
    } else {
        Err(ImportError::Header {
            kind: kind.as_str(),
            problems: problems.join("; "),
            expected: kind.columns().join(","),
        })
    }
}

/// Cell access and checks for one row, collecting problems instead of stopping.
struct Cells<'a> {
    line: usize,
    cells: &'a [String],
    index: &'a HashMap<&'static str, usize>,
    problems: &'a mut Vec<RowProblem>,
}

impl Cells<'_> {
    fn raw(&self, column: &str) -> String {
        self.index
            .get(column)
            .and_then(|i| self.cells.get(*i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    fn problem(&mut self, column: &str, value: &str, accepted: impl Into<String>) {
        self.problems.push(RowProblem {
            line: self.line,
            column: column.to_string(),
            value: value.to_string(),
            accepted: accepted.into(),
        });
    }

    fn required(&mut self, column: &str, accepted: &str) -> Option<String> {
        let v = self.raw(column);
        if v.is_empty() {
            self.problem(column, "", accepted);
            None
        } else {
            Some(v)
        }
    }

    fn optional(&self, column: &str) -> Option<String> {
        Some(self.raw(column)).filter(|v| !v.is_empty())
    }

    fn parsed<T: FromStr>(&mut self, column: &str, accepted: &str) -> Option<T> {
        let v = self.required(column, accepted)?;
        match v.parse::<T>() {
            Ok(t) => Some(t),
            Err(_) => {
                self.problem(column, &v, accepted);
                None
            }
        }
    }

    fn opt_parsed<T: FromStr>(&mut self, column: &str, accepted: &str) -> Option<Option<T>> {
        match self.optional(column) {
            None => Some(None),
            Some(v) => match v.parse::<T>() {
                Ok(t) => Some(Some(t)),
                Err(_) => {
                    self.problem(column, &v, accepted);
                    None
                }
            },
        }
    }

    fn boolean(&mut self, column: &str) -> Option<bool> {
        const ACCEPTED: &str = "true or false (also yes/no, sí/no, 1/0)";
        let v = self.required(column, ACCEPTED)?;
        match v.to_lowercase().as_str() {
            "true" | "yes" | "sí" | "si" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => {
                self.problem(column, &v, ACCEPTED);
                None
            }
        }
    }

    fn amount(&mut self, column: &str, required: bool) -> Option<Option<Decimal>> {
        const ACCEPTED: &str = "a decimal amount of zero or more with '.' as decimal point, no thousands separators (e.g. 5000000.00)";
        let v = match (self.optional(column), required) {
            (None, false) => return Some(None),
            (None, true) => {
                self.problem(column, "", ACCEPTED);
                return None;
            }
            (Some(v), _) => v,
        };
        match Decimal::from_str_exact(&v) {
            Ok(d) if !d.is_sign_negative() || d.is_zero() => Some(Some(d)),
            _ => {
                self.problem(column, &v, ACCEPTED);
                None
            }
        }
    }

    fn upper_code(&mut self, column: &str, lo: usize, hi: usize) -> Option<String> {
        let accepted = format!("{lo} to {hi} upper-case letters");
        let v = self.required(column, &accepted)?;
        if (lo..=hi).contains(&v.len()) && v.chars().all(|c| c.is_ascii_uppercase()) {
            Some(v)
        } else {
            self.problem(column, &v, accepted);
            None
        }
    }
}

const DATE: &str = "a date YYYY-MM-DD";

fn global_accepted() -> String {
    GlobalRating::ALL
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn codes(conn: &rusqlite::Connection, sql: &str) -> Result<HashSet<String>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn duplicate(
    seen: &mut HashMap<String, usize>,
    key: String,
    line: usize,
    column: &str,
    value: &str,
    problems: &mut Vec<RowProblem>,
) {
    if let Some(first) = seen.insert(key, line) {
        problems.push(RowProblem {
            line,
            column: column.to_string(),
            value: value.to_string(),
            accepted: format!("a key not already used in this file (line {first} has it)"),
        });
    }
}

fn finish<T>(rows: Vec<T>, problems: Vec<RowProblem>) -> Parsed<T> {
    Ok(if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    })
}

fn parse_issuers(
    conn: &rusqlite::Connection,
    table: &Table,
    index: &HashMap<&'static str, usize>,
) -> Parsed<Issuer> {
    let sovereigns = codes(conn, "SELECT code FROM sovereign")?;
    let global = global_accepted();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for (line, cells) in &table.rows {
        let mut c = Cells {
            line: *line,
            cells,
            index,
            problems: &mut problems,
        };
        let code = c.required("code", "a non-empty issuer code");
        let name = c.required("name", "a non-empty name");
        let sector = c.parsed::<Sector>("sector", &Sector::accepted());
        let country = c.upper_code("country", 2, 3);
        let sovereign = c.optional("sovereign");
        if let Some(s) = &sovereign {
            if !sovereigns.contains(s) {
                let mut known: Vec<&String> = sovereigns.iter().collect();
                known.sort();
                let list = known
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                c.problem(
                    "sovereign",
                    s,
                    format!("a sovereign code in the workbook ({list}) or empty"),
                );
            }
        }
        let national_scale = c.optional("national_scale");
        let global_lc = c.opt_parsed::<GlobalRating>("global_lc", &global);
        let global_fc = c.opt_parsed::<GlobalRating>("global_fc", &global);
        let peer = c.opt_parsed::<PeerPosition>("peer_position", &PeerPosition::accepted());
        let fictional = c.boolean("fictional");
        if let Some(code) = &code {
            duplicate(&mut seen, code.clone(), *line, "code", code, &mut problems);
        }
        if let (
            Some(code),
            Some(name),
            Some(sector),
            Some(country),
            Some(global_lc),
            Some(global_fc),
            Some(peer_position),
            Some(fictional),
        ) = (
            code, name, sector, country, global_lc, global_fc, peer, fictional,
        ) {
            out.push(Issuer {
                code,
                name,
                sector,
                country,
                sovereign,
                national_scale,
                global_lc,
                global_fc,
                peer_position,
                fictional,
            });
        }
    }
    finish(out, problems)
}

fn parse_issues(
    conn: &rusqlite::Connection,
    table: &Table,
    index: &HashMap<&'static str, usize>,
) -> Parsed<Issue> {
    let issuers = codes(conn, "SELECT code FROM issuer")?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for (line, cells) in &table.rows {
        let mut c = Cells {
            line: *line,
            cells,
            index,
            problems: &mut problems,
        };
        let code = c.required("code", "a non-empty issue code");
        let issuer = c.required("issuer", "the code of an issuer in the workbook");
        if let Some(i) = &issuer {
            if !issuers.contains(i) {
                c.problem(
                    "issuer",
                    i,
                    "the code of an issuer in the workbook (import issuers first)",
                );
            }
        }
        let name = c.required("name", "a non-empty name");
        let seniority = c.parsed::<Seniority>("seniority", &Seniority::accepted());
        let currency = c.upper_code("currency", 3, 3);
        let foreign = c.boolean("foreign_currency");
        let recovery =
            c.opt_parsed::<RecoveryRating>("recovery_rating", &RecoveryRating::accepted());
        let amount = c.amount("amount", false);
        let maturity = c.opt_parsed::<NaiveDate>("maturity", DATE);
        if let Some(code) = &code {
            duplicate(&mut seen, code.clone(), *line, "code", code, &mut problems);
        }
        if let (
            Some(code),
            Some(issuer),
            Some(name),
            Some(seniority),
            Some(currency),
            Some(foreign_currency),
            Some(recovery_rating),
            Some(amount),
            Some(maturity),
        ) = (
            code, issuer, name, seniority, currency, foreign, recovery, amount, maturity,
        ) {
            out.push(Issue {
                code,
                issuer,
                name,
                seniority,
                currency,
                foreign_currency,
                recovery_rating,
                amount,
                maturity,
            });
        }
    }
    finish(out, problems)
}

fn deal_classes(
    conn: &rusqlite::Connection,
) -> Result<HashMap<String, HashSet<String>>, StoreError> {
    let mut map: HashMap<String, HashSet<String>> = HashMap::new();
    for t in titularizacion::list(conn)? {
        map.entry(t.code).or_default();
    }
    for c in titularizacion::classes(conn, None)? {
        map.entry(c.titularizacion).or_default().insert(c.name);
    }
    Ok(map)
}

fn check_deal(c: &mut Cells<'_>, deals: &HashMap<String, HashSet<String>>) -> Option<String> {
    let code = c.required(
        "titularizacion",
        "the code of a titularización in the workbook",
    )?;
    if deals.contains_key(&code) {
        Some(code)
    } else {
        let mut known: Vec<&String> = deals.keys().collect();
        known.sort();
        let list = known
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        c.problem(
            "titularizacion",
            &code,
            format!("the code of a titularización in the workbook ({list})"),
        );
        None
    }
}

fn parse_flows(
    conn: &rusqlite::Connection,
    table: &Table,
    index: &HashMap<&'static str, usize>,
) -> Parsed<CashFlow> {
    let deals = deal_classes(conn)?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for (line, cells) in &table.rows {
        let mut c = Cells {
            line: *line,
            cells,
            index,
            problems: &mut problems,
        };
        let deal = check_deal(&mut c, &deals);
        let flow_line = c.parsed::<FlowLine>("line", &FlowLine::accepted());
        let class = c.optional("class");
        let mut class_ok = true;
        match (&flow_line, &class, &deal) {
            (Some(FlowLine::Inflow), Some(v), _) => {
                c.problem("class", v, "empty on an inflow line");
                class_ok = false;
            }
            (Some(FlowLine::Interest | FlowLine::Principal), None, _) => {
                c.problem("class", "", "the class whose interest or principal is due");
                class_ok = false;
            }
            (Some(FlowLine::Interest | FlowLine::Principal), Some(v), Some(d)) => {
                let names = &deals[d];
                if !names.contains(v) {
                    let mut list: Vec<&String> = names.iter().collect();
                    list.sort();
                    let list = list
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    c.problem("class", v, format!("a class of {d} ({list})"));
                    class_ok = false;
                }
            }
            _ => {}
        }
        let period = c
            .parsed::<u32>("period", "a period number from 1")
            .and_then(|p| {
                if p == 0 {
                    c.problem("period", "0", "a period number from 1");
                    None
                } else {
                    Some(p)
                }
            });
        let due_on = c.parsed::<NaiveDate>("due_on", DATE);
        let amount = c.amount("amount", true);
        if let (Some(d), Some(l), Some(p)) = (&deal, &flow_line, &period) {
            let key = format!("{d}|{l}|{}|{p}", class.clone().unwrap_or_default());
            duplicate(
                &mut seen,
                key,
                *line,
                "period",
                &p.to_string(),
                &mut problems,
            );
        }
        if let (
            Some(titularizacion),
            Some(line),
            Some(period),
            Some(due_on),
            Some(Some(amount)),
            true,
        ) = (deal, flow_line, period, due_on, amount, class_ok)
        {
            out.push(CashFlow {
                titularizacion,
                line,
                class,
                period,
                due_on,
                amount,
            });
        }
    }
    finish(out, problems)
}

fn parse_history(
    conn: &rusqlite::Connection,
    table: &Table,
    index: &HashMap<&'static str, usize>,
) -> Parsed<HistoryPoint> {
    let deals = deal_classes(conn)?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for (line, cells) in &table.rows {
        let mut c = Cells {
            line: *line,
            cells,
            index,
            problems: &mut problems,
        };
        let deal = check_deal(&mut c, &deals);
        let series = c.parsed::<HistorySeries>("series", &HistorySeries::accepted());
        let period = c.parsed::<NaiveDate>("period", DATE);
        let value = c.amount("value", true);
        if let (Some(d), Some(s), Some(p)) = (&deal, &series, &period) {
            duplicate(
                &mut seen,
                format!("{d}|{s}|{p}"),
                *line,
                "period",
                &p.to_string(),
                &mut problems,
            );
        }
        if let (Some(titularizacion), Some(series), Some(period), Some(Some(value))) =
            (deal, series, period, value)
        {
            out.push(HistoryPoint {
                titularizacion,
                series,
                period,
                value,
            });
        }
    }
    finish(out, problems)
}

/// Why a JSON document could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum JsonImportError {
    #[error("the {what} JSON is not valid: {message}")]
    Syntax { what: &'static str, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn from_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    text: &str,
) -> Result<T, JsonImportError> {
    serde_json::from_str(text).map_err(|e| JsonImportError::Syntax {
        what,
        message: e.to_string(),
    })
}

/// Imports methodology documents exported by [`crate::export::methodologies_json`], in
/// one transaction; each body must match its SHA-256. Returns how many were read.
pub fn methodologies_json(
    wb: &mut Workbook,
    stamp: &Stamp,
    text: &str,
) -> Result<usize, JsonImportError> {
    let docs: Vec<crate::methodology::MethodologyDocument> = from_json("methodologies", text)?;
    wb.transact(stamp, |w| {
        docs.iter()
            .try_for_each(|d| crate::methodology::put(w, d).map(drop))
    })?;
    Ok(docs.len())
}

/// Imports a whole titularización case (see [`crate::export::titularizacion_json`]) in
/// one transaction; returns the deal's row id.
pub fn titularizacion_json(
    wb: &mut Workbook,
    stamp: &Stamp,
    text: &str,
) -> Result<i64, JsonImportError> {
    let case: titularizacion::TitularizacionCase = from_json("titularización case", text)?;
    Ok(wb.transact(stamp, |w| titularizacion::put_case(w, &case))?)
}

/// Imports an issuer case (sovereign, issuer, issues; see
/// [`crate::export::issuer_json`]) in one transaction; returns the issuer's row id.
pub fn issuer_json(wb: &mut Workbook, stamp: &Stamp, text: &str) -> Result<i64, JsonImportError> {
    let case: entities::IssuerCase = from_json("issuer case", text)?;
    Ok(wb.transact(stamp, |w| entities::put_issuer_case(w, &case))?)
}
