//! The committee workflow's records beyond V4 (schema V5): the date each methodology
//! version changed state (C-7), the ratings an approval put under observation with their
//! review deadline (C-7, C-8), and each decision's full record as the core computed it.
//! The store keeps them as values; the rules that produce them live in the core.

use crate::vocabulary::{column, text, ActionType, MethodologyState};
use crate::{methodology, StoreError, Writer};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// The date a methodology version was approved or retired (C-7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub id: String,
    pub version: String,
    pub state: MethodologyState,
    pub on: NaiveDate,
}

/// A rating put under observation by a methodology approval (C-7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservationRow {
    /// The approved methodology version.
    pub methodology_id: String,
    pub methodology_version: String,
    /// The core's subject, as JSON (kind, id, name, parent).
    pub subject: serde_json::Value,
    pub subject_id: String,
    pub current: String,
    pub candidate: String,
    pub placed_on: NaiveDate,
    pub review_by: NaiveDate,
}

fn version_row(conn: &Connection, id: &str, version: &str) -> Result<i64, StoreError> {
    methodology::version_id(conn, id, version)?.ok_or(StoreError::NotFound {
        what: "methodology version",
        key: format!("{id} {version}"),
    })
}

/// Records the date a methodology version moved to `state` (approved or retired) and
/// moves it there (C-7).
pub fn transition(w: &mut Writer<'_>, t: &Transition) -> Result<i64, StoreError> {
    if t.state == MethodologyState::Draft {
        return Err(StoreError::invalid(
            "methodology transition state",
            t.state.to_string(),
            "approved or retired (C-7)",
        ));
    }
    let row = version_row(w.conn(), &t.id, &t.version)?;
    methodology::set_state(w, &t.id, &t.version, t.state)?;
    w.insert(
        "methodology_transition",
        &[
            ("methodology_version_id", Value::from(row)),
            ("state", text(t.state)),
            ("on_date", text(t.on)),
        ],
    )
}

/// Every recorded transition, oldest first.
pub fn transitions(conn: &Connection) -> Result<Vec<Transition>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT m.methodology, m.version, t.state, t.on_date FROM methodology_transition t \
         JOIN methodology_version m ON m.id = t.methodology_version_id ORDER BY t.on_date, t.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Transition {
            id: r.get(0)?,
            version: r.get(1)?,
            state: column(r, 2)?,
            on: column(r, 3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Puts a rating under observation.
pub fn put_observation(w: &mut Writer<'_>, o: &ObservationRow) -> Result<i64, StoreError> {
    let row = version_row(w.conn(), &o.methodology_id, &o.methodology_version)?;
    w.insert(
        "observation",
        &[
            ("methodology_version_id", Value::from(row)),
            ("subject", text(crate::audit::canonical(&o.subject))),
            ("subject_id", text(&o.subject_id)),
            ("current_rating", text(&o.current)),
            ("candidate_rating", text(&o.candidate)),
            ("placed_on", text(o.placed_on)),
            ("review_by", text(o.review_by)),
        ],
    )
}

/// Every observation, in record order.
pub fn observations(conn: &Connection) -> Result<Vec<ObservationRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT m.methodology, m.version, o.subject, o.subject_id, o.current_rating, \
         o.candidate_rating, o.placed_on, o.review_by FROM observation o \
         JOIN methodology_version m ON m.id = o.methodology_version_id ORDER BY o.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let subject: String = r.get(2)?;
        Ok(ObservationRow {
            methodology_id: r.get(0)?,
            methodology_version: r.get(1)?,
            subject: serde_json::from_str(&subject).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
            })?,
            subject_id: r.get(3)?,
            current: r.get(4)?,
            candidate: r.get(5)?,
            placed_on: column(r, 6)?,
            review_by: column(r, 7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Keeps the core's full record of a decision (votes, tally, override, C-6 record, trace).
pub fn put_decision_record(
    w: &mut Writer<'_>,
    decision: i64,
    record: &serde_json::Value,
) -> Result<i64, StoreError> {
    w.insert(
        "decision_record",
        &[
            ("decision_id", Value::from(decision)),
            ("record", text(crate::audit::canonical(record))),
        ],
    )
}

/// True when a session `number/year` is already recorded (numbers are unique per year).
pub fn session_exists(conn: &Connection, year: i32, number: u32) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM session WHERE year = ?1 AND number = ?2)",
        params![year, number],
        |r| r.get(0),
    )?)
}

/// A stored decision with what the workflow needs to rebuild the core's view of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDecision {
    pub decision: i64,
    pub version: i64,
    /// The version this one supersedes.
    pub previous_version: Option<i64>,
    pub session_number: u32,
    pub session_year: i32,
    pub position: u32,
    /// `issuer`, `issue`, `titularizacion` or `class`.
    pub subject_kind: String,
    /// The issuer, issue or titularización code; for a class, the titularización's code.
    pub subject_code: String,
    pub subject_name: String,
    /// For a class, its name within the titularización.
    pub class_name: Option<String>,
    pub rating: String,
    pub action: ActionType,
    pub decided_on: NaiveDate,
    pub info_cutoff: NaiveDate,
    pub methodology_id: String,
    pub methodology_version: String,
    pub indicative_rating: Option<String>,
    pub recommendation: String,
    pub solicited: bool,
    pub issuer_participation: bool,
    pub lead_analyst: (String, String, String),
    pub overridden: bool,
    pub signed: Option<(String, NaiveDate)>,
    /// The core's full record, when the workflow wrote the decision.
    pub record: Option<serde_json::Value>,
}

/// Every decision with its session, subject and record, in record order.
pub fn stored_decisions(conn: &Connection) -> Result<Vec<StoredDecision>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.version, p.version, s.number, s.year, i.position, i.subject_kind, \
         COALESCE(iss.code, isu.code, t.code, ct.code), COALESCE(iss.name, isu.name, t.name, ct.name), \
         c.name, d.rating, d.action, d.decided_on, d.info_cutoff, m.methodology, m.version, \
         i.indicative_rating, i.recommendation, d.solicited, d.issuer_participation, \
         a.code, a.name, a.title, d.override_code IS NOT NULL, \
         (SELECT sm.code FROM report_file r JOIN member sm ON sm.id = r.signed_by \
            WHERE r.decision_id = d.id AND r.signed_by IS NOT NULL ORDER BY r.id LIMIT 1), \
         (SELECT substr(r.signed_at, 1, 10) FROM report_file r \
            WHERE r.decision_id = d.id AND r.signed_by IS NOT NULL ORDER BY r.id LIMIT 1), \
         dr.record \
         FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id \
         JOIN session s ON s.id = i.session_id \
         JOIN methodology_version m ON m.id = d.methodology_version_id \
         JOIN member a ON a.id = d.lead_analyst_id \
         LEFT JOIN decision p ON p.id = d.previous_id \
         LEFT JOIN issuer iss ON iss.id = i.issuer_id \
         LEFT JOIN issue isu ON isu.id = i.issue_id \
         LEFT JOIN titularizacion t ON t.id = i.titularizacion_id \
         LEFT JOIN titularizacion_class c ON c.id = i.class_id \
         LEFT JOIN titularizacion ct ON ct.id = c.titularizacion_id \
         LEFT JOIN decision_record dr ON dr.decision_id = d.id \
         ORDER BY d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let signer: Option<String> = r.get(24)?;
        let signed_on: Option<String> = r.get(25)?;
        let record: Option<String> = r.get(26)?;
        Ok(StoredDecision {
            decision: r.get(0)?,
            version: r.get(1)?,
            previous_version: r.get(2)?,
            session_number: r.get(3)?,
            session_year: r.get(4)?,
            position: r.get(5)?,
            subject_kind: r.get(6)?,
            subject_code: r.get(7)?,
            subject_name: r.get(8)?,
            class_name: r.get(9)?,
            rating: r.get(10)?,
            action: column(r, 11)?,
            decided_on: column(r, 12)?,
            info_cutoff: column(r, 13)?,
            methodology_id: r.get(14)?,
            methodology_version: r.get(15)?,
            indicative_rating: r.get(16)?,
            recommendation: r.get(17)?,
            solicited: r.get(18)?,
            issuer_participation: r.get(19)?,
            lead_analyst: (r.get(20)?, r.get(21)?, r.get(22)?),
            overridden: r.get(23)?,
            signed: signer.zip(signed_on.and_then(|d| d.parse().ok())),
            record: record
                .map(|t| serde_json::from_str(&t))
                .transpose()
                .map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        26,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// True when the register holds a member with this code (C-1).
pub fn member_exists(conn: &Connection, code: &str) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM member WHERE code = ?1)",
        [code],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methodology::{file_document, Format};
    use crate::{Stamp, Workbook};
    use chrono::DateTime;

    fn stamp() -> Stamp {
        Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
    }

    fn workbook_with_draft(dir: &std::path::Path) -> Workbook {
        let mut wb = Workbook::create(&dir.join("w.ratebook")).unwrap();
        let body = "kind = \"k\"\nid = \"m\"\nversion = \"1\"\neffective_date = \"2026-01-01\"\nsource = \"s\"\nbasis = \"inferred\"\n";
        let doc = file_document(body, Format::Toml).unwrap();
        wb.transact(&stamp(), |w| methodology::put(w, &doc).map(drop))
            .unwrap();
        wb
    }

    #[test]
    fn c7_a_transition_moves_the_state_and_records_its_date() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook_with_draft(dir.path());
        let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let t = Transition {
            id: "m".into(),
            version: "1".into(),
            state: MethodologyState::Approved,
            on,
        };
        wb.transact(&stamp(), |w| transition(w, &t).map(drop))
            .unwrap();
        assert_eq!(
            transitions(wb.connection()).unwrap(),
            std::slice::from_ref(&t)
        );
        // Back to draft is no transition (C-7), and an approval is recorded once.
        let draft = Transition {
            state: MethodologyState::Draft,
            ..t.clone()
        };
        assert!(wb
            .transact(&stamp(), |w| transition(w, &draft).map(drop))
            .is_err());
        assert!(wb
            .transact(&stamp(), |w| transition(w, &t).map(drop))
            .is_err());
        assert_eq!(transitions(wb.connection()).unwrap().len(), 1);
    }

    #[test]
    fn an_observation_round_trips_and_a_review_before_its_placement_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook_with_draft(dir.path());
        let o = ObservationRow {
            methodology_id: "m".into(),
            methodology_version: "1".into(),
            subject: serde_json::json!({"kind": "issuer", "id": "X", "name": "X", "parent": null}),
            subject_id: "X".into(),
            current: "xxAA".into(),
            candidate: "xxAA-".into(),
            placed_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            review_by: NaiveDate::from_ymd_opt(2027, 5, 20).unwrap(),
        };
        wb.transact(&stamp(), |w| put_observation(w, &o).map(drop))
            .unwrap();
        assert_eq!(
            observations(wb.connection()).unwrap(),
            std::slice::from_ref(&o)
        );
        let backwards = ObservationRow {
            subject_id: "Y".into(),
            review_by: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            ..o
        };
        assert!(wb
            .transact(&stamp(), |w| put_observation(w, &backwards).map(drop))
            .is_err());
        assert!(!session_exists(wb.connection(), 2026, 1).unwrap());
    }
}
