//! Sovereigns, issuers and their issues (SPEC §3): the inputs of the national-scale engine
//! as plain rows, keyed by their codes. Glue code turns them into the engine's case types.

use crate::vocabulary::{
    column, non_negative, opt_column, opt_text, text, PeerPosition, RecoveryRating, Sector,
    Seniority,
};
use crate::{StoreError, Writer};
use chrono::NaiveDate;
use ratebook_core::scale::GlobalRating;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A sovereign, whose global local- and foreign-currency qualities cap national ratings
/// (N-6, N-12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sovereign {
    /// ISO-style country code, upper case (e.g. `EC`; `XX` for the seed's hypothetical
    /// country).
    pub code: String,
    pub name: String,
    /// The local currency, ISO 4217.
    pub currency: String,
    pub global_lc: Option<GlobalRating>,
    pub global_fc: Option<GlobalRating>,
    /// True for the demo's invented entities.
    pub fictional: bool,
}

/// An issuer with the inputs the national-scale engine reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Issuer {
    pub code: String,
    pub name: String,
    pub sector: Sector,
    pub country: String,
    /// The sovereign's code; the cap of N-6 uses each entity's own sovereign (N-12).
    pub sovereign: Option<String>,
    /// The national or regional scale code the issuer is rated on (e.g. `xx`, `ZA`).
    pub national_scale: Option<String>,
    /// Global local-currency credit quality (the mapping key by default, N-1).
    pub global_lc: Option<GlobalRating>,
    /// Global foreign-currency credit quality (N-8d).
    pub global_fc: Option<GlobalRating>,
    /// Relative position among peers at the same global level (N-4).
    pub peer_position: Option<PeerPosition>,
    pub fictional: bool,
}

/// An issue (a debt instrument) of an issuer (N-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Issue {
    pub code: String,
    /// The issuer's code.
    pub issuer: String,
    pub name: String,
    pub seniority: Seniority,
    /// ISO 4217.
    pub currency: String,
    /// True when the issue is in a currency other than the sovereign's (N-8d).
    pub foreign_currency: bool,
    /// Only for issuers at global BB+ or lower (N-8b); the engine checks that.
    pub recovery_rating: Option<RecoveryRating>,
    /// A decimal number written as text, so no digit is lost.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub amount: Option<Decimal>,
    pub maturity: Option<NaiveDate>,
}

fn check_code(
    field: &str,
    code: &str,
    upper_len: Option<(usize, usize)>,
) -> Result<(), StoreError> {
    let trimmed = code.trim();
    if trimmed.is_empty() || trimmed != code {
        return Err(StoreError::invalid(
            field,
            code,
            "a non-empty code without surrounding spaces",
        ));
    }
    if let Some((lo, hi)) = upper_len {
        let ok = (lo..=hi).contains(&code.len()) && code.chars().all(|c| c.is_ascii_uppercase());
        if !ok {
            return Err(StoreError::invalid(
                field,
                code,
                format!("{lo} to {hi} upper-case letters"),
            ));
        }
    }
    Ok(())
}

fn check_name(field: &str, name: &str) -> Result<(), StoreError> {
    if name.trim().is_empty() {
        return Err(StoreError::invalid(field, name, "a non-empty name"));
    }
    Ok(())
}

/// Adds a sovereign or updates the one with the same code; returns its row id.
pub fn put_sovereign(w: &mut Writer<'_>, s: &Sovereign) -> Result<i64, StoreError> {
    check_code("sovereign code", &s.code, Some((2, 3)))?;
    check_code("currency", &s.currency, Some((3, 3)))?;
    check_name("sovereign name", &s.name)?;
    w.upsert(
        "sovereign",
        &[("code", text(&s.code))],
        &[
            ("code", text(&s.code)),
            ("name", text(&s.name)),
            ("currency", text(&s.currency)),
            ("global_lc", opt_text(s.global_lc)),
            ("global_fc", opt_text(s.global_fc)),
            ("fictional", Value::from(s.fictional)),
        ],
    )
}

/// Adds an issuer or updates the one with the same code; returns its row id. The
/// sovereign, when named, must already be in the workbook.
pub fn put_issuer(w: &mut Writer<'_>, i: &Issuer) -> Result<i64, StoreError> {
    check_code("issuer code", &i.code, None)?;
    check_name("issuer name", &i.name)?;
    check_code("country", &i.country, Some((2, 3)))?;
    let sovereign_id = match &i.sovereign {
        Some(code) => Some(sovereign_id(w.conn(), code)?.ok_or(StoreError::NotFound {
            what: "sovereign",
            key: code.clone(),
        })?),
        None => None,
    };
    w.upsert(
        "issuer",
        &[("code", text(&i.code))],
        &[
            ("code", text(&i.code)),
            ("name", text(&i.name)),
            ("sector", text(i.sector)),
            ("country", text(&i.country)),
            ("sovereign_id", Value::from(sovereign_id)),
            ("national_scale", opt_text(i.national_scale.as_ref())),
            ("global_lc", opt_text(i.global_lc)),
            ("global_fc", opt_text(i.global_fc)),
            ("peer_position", opt_text(i.peer_position)),
            ("fictional", Value::from(i.fictional)),
        ],
    )
}

/// Adds an issue or updates the one with the same code; returns its row id. Its issuer
/// must already be in the workbook.
pub fn put_issue(w: &mut Writer<'_>, i: &Issue) -> Result<i64, StoreError> {
    check_code("issue code", &i.code, None)?;
    check_name("issue name", &i.name)?;
    check_code("currency", &i.currency, Some((3, 3)))?;
    let issuer_id = issuer_id(w.conn(), &i.issuer)?.ok_or(StoreError::NotFound {
        what: "issuer",
        key: i.issuer.clone(),
    })?;
    let amount = i.amount.map(|a| non_negative("amount", a)).transpose()?;
    w.upsert(
        "issue",
        &[("code", text(&i.code))],
        &[
            ("code", text(&i.code)),
            ("issuer_id", Value::from(issuer_id)),
            ("name", text(&i.name)),
            ("seniority", text(i.seniority)),
            ("currency", text(&i.currency)),
            ("foreign_currency", Value::from(i.foreign_currency)),
            ("recovery_rating", opt_text(i.recovery_rating)),
            ("amount", opt_text(amount)),
            ("maturity", opt_text(i.maturity)),
        ],
    )
}

pub fn sovereign_id(conn: &Connection, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM sovereign WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?)
}

pub fn issuer_id(conn: &Connection, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM issuer WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?)
}

pub fn issue_id(conn: &Connection, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM issue WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?)
}

/// Every sovereign, by code.
pub fn sovereigns(conn: &Connection) -> Result<Vec<Sovereign>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT code, name, currency, global_lc, global_fc, fictional FROM sovereign ORDER BY code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Sovereign {
            code: r.get(0)?,
            name: r.get(1)?,
            currency: r.get(2)?,
            global_lc: opt_column(r, 3)?,
            global_fc: opt_column(r, 4)?,
            fictional: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) const ISSUER_COLUMNS: &str =
    "i.code, i.name, i.sector, i.country, s.code, i.national_scale, \
     i.global_lc, i.global_fc, i.peer_position, i.fictional";

pub(crate) fn issuer_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Issuer> {
    Ok(Issuer {
        code: r.get(0)?,
        name: r.get(1)?,
        sector: column(r, 2)?,
        country: r.get(3)?,
        sovereign: r.get(4)?,
        national_scale: r.get(5)?,
        global_lc: opt_column(r, 6)?,
        global_fc: opt_column(r, 7)?,
        peer_position: opt_column(r, 8)?,
        fictional: r.get(9)?,
    })
}

/// Every issuer, by code.
pub fn issuers(conn: &Connection) -> Result<Vec<Issuer>, StoreError> {
    let sql = format!(
        "SELECT {ISSUER_COLUMNS} FROM issuer i LEFT JOIN sovereign s ON s.id = i.sovereign_id ORDER BY i.code"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], issuer_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One issuer by code.
pub fn issuer(conn: &Connection, code: &str) -> Result<Option<Issuer>, StoreError> {
    let sql = format!(
        "SELECT {ISSUER_COLUMNS} FROM issuer i LEFT JOIN sovereign s ON s.id = i.sovereign_id WHERE i.code = ?1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], issuer_row)
        .optional()?)
}

/// Every issuer rated on national scale `scale` with global local-currency quality
/// `global` (the peers of N-4), by code.
pub fn issuers_at(
    conn: &Connection,
    scale: &str,
    global: GlobalRating,
) -> Result<Vec<Issuer>, StoreError> {
    let sql = format!(
        "SELECT {ISSUER_COLUMNS} FROM issuer i LEFT JOIN sovereign s ON s.id = i.sovereign_id \
         WHERE i.national_scale = ?1 AND i.global_lc = ?2 ORDER BY i.code"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![scale, global.as_str()], issuer_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Where a page of the issuer list ends: the next page starts after this (name, id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerCursor {
    pub name: String,
    pub id: i64,
}

/// One page of issuers ordered by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerPage {
    pub issuers: Vec<Issuer>,
    /// Pass back to get the next page; `None` on the last page.
    pub next: Option<IssuerCursor>,
}

/// A page of issuers ordered by name, after `after`. Keyset pagination over the
/// `(name, id)` index: the cost of a page does not grow with the workbook's size.
pub fn issuer_page(
    conn: &Connection,
    after: Option<&IssuerCursor>,
    limit: usize,
) -> Result<IssuerPage, StoreError> {
    let (name, id) = after
        .map(|c| (c.name.clone(), c.id))
        .unwrap_or((String::new(), i64::MIN));
    let sql = format!(
        "SELECT {ISSUER_COLUMNS}, i.id FROM issuer i LEFT JOIN sovereign s ON s.id = i.sovereign_id \
         WHERE (i.name, i.id) > (?1, ?2) ORDER BY i.name, i.id LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit_sql = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut rows = stmt.query(params![name, id, limit_sql])?;
    let mut issuers = Vec::new();
    let mut last = None;
    while let Some(r) = rows.next()? {
        let issuer = issuer_row(r)?;
        last = Some(IssuerCursor {
            name: issuer.name.clone(),
            id: r.get(10)?,
        });
        issuers.push(issuer);
    }
    let next = if issuers.len() == limit { last } else { None };
    Ok(IssuerPage { issuers, next })
}

const ISSUE_SELECT: &str =
    "SELECT s.code, i.code, s.name, s.seniority, s.currency, s.foreign_currency, \
     s.recovery_rating, s.amount, s.maturity FROM issue s JOIN issuer i ON i.id = s.issuer_id";

fn issue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Issue> {
    Ok(Issue {
        code: r.get(0)?,
        issuer: r.get(1)?,
        name: r.get(2)?,
        seniority: column(r, 3)?,
        currency: r.get(4)?,
        foreign_currency: r.get(5)?,
        recovery_rating: opt_column(r, 6)?,
        amount: opt_column(r, 7)?,
        maturity: opt_column(r, 8)?,
    })
}

/// Every issue, by code.
pub fn issues(conn: &Connection) -> Result<Vec<Issue>, StoreError> {
    let mut stmt = conn.prepare(&format!("{ISSUE_SELECT} ORDER BY s.code"))?;
    let rows = stmt.query_map([], issue_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The issues of one issuer, by code (through the `issue_issuer` index: the cost does not
/// grow with the workbook's other issues).
pub fn issues_of(conn: &Connection, issuer_code: &str) -> Result<Vec<Issue>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ISSUE_SELECT} WHERE s.issuer_id = (SELECT id FROM issuer WHERE code = ?1) ORDER BY s.code"
    ))?;
    let rows = stmt.query_map([issuer_code], issue_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One sovereign by code.
pub fn sovereign(conn: &Connection, code: &str) -> Result<Option<Sovereign>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT code, name, currency, global_lc, global_fc, fictional FROM sovereign WHERE code = ?1",
        )?
        .query_row([code], |r| {
            Ok(Sovereign {
                code: r.get(0)?,
                name: r.get(1)?,
                currency: r.get(2)?,
                global_lc: opt_column(r, 3)?,
                global_fc: opt_column(r, 4)?,
                fictional: r.get(5)?,
            })
        })
        .optional()?)
}

/// A national-scale case as a JSON document: the issuer, its sovereign and its issues.
/// The engine's case adds what the analyst decides (spec, date, holistic notches…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerCase {
    pub sovereign: Option<Sovereign>,
    pub issuer: Issuer,
    pub issues: Vec<Issue>,
}

/// The case of one issuer, for JSON export.
pub fn issuer_case(conn: &Connection, code: &str) -> Result<IssuerCase, StoreError> {
    let issuer = issuer(conn, code)?.ok_or(StoreError::NotFound {
        what: "issuer",
        key: code.to_string(),
    })?;
    let sovereign = match &issuer.sovereign {
        Some(s) => sovereign(conn, s)?,
        None => None,
    };
    let issues = issues_of(conn, &issuer.code)?;
    Ok(IssuerCase {
        sovereign,
        issuer,
        issues,
    })
}

/// Writes a whole issuer case (JSON import): sovereign, issuer, issues.
pub fn put_issuer_case(w: &mut Writer<'_>, case: &IssuerCase) -> Result<i64, StoreError> {
    if let Some(s) = &case.sovereign {
        put_sovereign(w, s)?;
    }
    let id = put_issuer(w, &case.issuer)?;
    for issue in &case.issues {
        if issue.issuer != case.issuer.code {
            return Err(StoreError::invalid(
                "issue issuer",
                &issue.issuer,
                format!("the case's issuer '{}'", case.issuer.code),
            ));
        }
        put_issue(w, issue)?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Stamp, Workbook};
    use chrono::TimeZone;

    fn issuer(code: &str, name: &str) -> Issuer {
        Issuer {
            code: code.into(),
            name: name.into(),
            sector: Sector::Bank,
            country: "XX".into(),
            sovereign: None,
            national_scale: None,
            global_lc: None,
            global_fc: None,
            peer_position: None,
            fictional: true,
        }
    }

    #[test]
    fn keyset_pages_cover_every_issuer_once_in_name_order_even_with_equal_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("w.ratebook")).unwrap();
        let stamp = Stamp::new(
            "t",
            chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        );
        wb.transact(&stamp, |w| {
            for i in 0..23 {
                // Three issuers share each name: the id breaks the tie.
                put_issuer(w, &issuer(&format!("C{i}"), &format!("Name {}", i / 3)))?;
            }
            Ok(())
        })
        .unwrap();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = issuer_page(wb.connection(), cursor.as_ref(), 5).unwrap();
            assert!(page.issuers.len() <= 5);
            seen.extend(page.issuers.into_iter().map(|i| (i.name, i.code)));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen.len(), 23);
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            seen.iter().map(|s| &s.0).collect::<Vec<_>>(),
            sorted.iter().map(|s| &s.0).collect::<Vec<_>>()
        );
        let codes: std::collections::BTreeSet<_> = seen.iter().map(|s| s.1.clone()).collect();
        assert_eq!(codes.len(), 23);
    }
}
