//! A committee session being prepared in the window (schema V8): set-up, attendance, agenda,
//! sealed votes and overrides, kept in the workbook as one JSON document per session so that
//! closing the app loses nothing. Every change is one audited transaction (C-5); a draft is
//! never deleted, and once closed (its session recorded through the committee run) or
//! abandoned (set up by mistake, with the reason why; V11) it never changes again, in code
//! here and by trigger. Who abandoned it and when are the audit event's.
//!
//! The store does not read the document: its shape and every committee rule belong to the
//! workbench and the core.

use crate::vocabulary::text;
use crate::{StoreError, Writer};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Where a draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftState {
    /// Being prepared: every action rewrites the body.
    Preparing,
    /// Its session was recorded; frozen.
    Closed,
    /// Given up before it was recorded, with a reason; frozen, and its session number free
    /// for a new draft.
    Abandoned,
}

impl DraftState {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftState::Preparing => "preparing",
            DraftState::Closed => "closed",
            DraftState::Abandoned => "abandoned",
        }
    }

    fn parse(s: &str) -> Result<DraftState, StoreError> {
        match s {
            "preparing" => Ok(DraftState::Preparing),
            "closed" => Ok(DraftState::Closed),
            "abandoned" => Ok(DraftState::Abandoned),
            other => Err(StoreError::invalid(
                "committee_draft.state",
                other,
                "preparing, closed or abandoned",
            )),
        }
    }
}

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    /// The session's label, `number/year`, unique among drafts not abandoned.
    pub label: String,
    pub state: DraftState,
    pub body: serde_json::Value,
}

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn to_draft((id, label, state, body): (i64, String, String, String)) -> Result<Draft, StoreError> {
    Ok(Draft {
        id,
        label,
        state: DraftState::parse(&state)?,
        body: serde_json::from_str(&body).map_err(|e| {
            StoreError::invalid("committee_draft.body", e.to_string(), "a JSON document")
        })?,
    })
}

/// Starts a draft for session `label`. Refused when a draft with that label is being
/// prepared or closed; an abandoned one does not hold its label.
pub fn create(
    w: &mut Writer<'_>,
    label: &str,
    body: &serde_json::Value,
) -> Result<i64, StoreError> {
    if find(w.conn(), label)?.is_some() {
        return Err(StoreError::invalid(
            "session number",
            label,
            "a session number not already being prepared or held (C-2)",
        ));
    }
    w.insert(
        "committee_draft",
        &[
            ("label", text(label)),
            ("state", text(DraftState::Preparing.as_str())),
            ("body", text(crate::audit::canonical(body))),
        ],
    )
}

/// Rewrites a draft being prepared (its label may change with its number). Refused for a
/// closed or abandoned draft.
pub fn update(
    w: &mut Writer<'_>,
    id: i64,
    label: &str,
    body: &serde_json::Value,
) -> Result<(), StoreError> {
    let current = get(w.conn(), id)?;
    frozen(&current)?;
    if label != current.label && find(w.conn(), label)?.is_some() {
        return Err(StoreError::invalid(
            "session number",
            label,
            "a session number not already being prepared or held (C-2)",
        ));
    }
    w.update(
        "committee_draft",
        id,
        &[
            ("label", text(label)),
            ("body", text(crate::audit::canonical(body))),
        ],
    )?;
    Ok(())
}

/// Marks a draft closed (its session has been recorded in the same transaction).
pub fn close(w: &mut Writer<'_>, id: i64) -> Result<(), StoreError> {
    let current = get(w.conn(), id)?;
    frozen(&current)?;
    w.update(
        "committee_draft",
        id,
        &[("state", text(DraftState::Closed.as_str()))],
    )?;
    Ok(())
}

/// Abandons a draft being prepared, with the reason why (kept trimmed). Refused for an
/// empty reason and for a closed or abandoned draft; nothing is deleted: the draft keeps its
/// body, and the reason is an audited row whose event says who abandoned it and when.
pub fn abandon(w: &mut Writer<'_>, id: i64, reason: &str) -> Result<(), StoreError> {
    let current = get(w.conn(), id)?;
    frozen(&current)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::invalid(
            "abandon.reason",
            reason,
            "a non-empty reason why the session is abandoned, kept in the audit trail (C-5)",
        ));
    }
    w.insert(
        "committee_draft_abandonment",
        &[
            ("draft_id", rusqlite::types::Value::Integer(id)),
            ("reason", text(reason)),
        ],
    )?;
    w.update(
        "committee_draft",
        id,
        &[("state", text(DraftState::Abandoned.as_str()))],
    )?;
    Ok(())
}

/// Refuses a change to a closed or abandoned draft.
fn frozen(d: &Draft) -> Result<(), StoreError> {
    match d.state {
        DraftState::Preparing => Ok(()),
        DraftState::Closed => Err(StoreError::invalid(
            "committee_draft",
            &d.label,
            "a session still being prepared; a closed session is recorded and never changes (C-2, C-4)",
        )),
        DraftState::Abandoned => Err(StoreError::invalid(
            "committee_draft",
            &d.label,
            "a session still being prepared; an abandoned session never changes (C-5); start a new draft for its number",
        )),
    }
}

/// Why, by whom and when a draft was abandoned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Abandonment {
    pub reason: String,
    /// Who abandoned it (the audit event's actor).
    pub by: String,
    /// When (the audit event's time, RFC 3339 UTC).
    pub at: String,
}

/// The abandonment of draft `id`, if it was abandoned: the reason from its row, who and
/// when from that row's audit event.
pub fn abandonment(conn: &Connection, id: i64) -> Result<Option<Abandonment>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT a.reason, e.actor, e.at FROM committee_draft_abandonment a \
             JOIN audit_event e ON e.tbl = 'committee_draft_abandonment' AND e.row_id = a.id \
                 AND e.action = 'insert' \
             WHERE a.draft_id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok(Abandonment {
                reason: r.get(0)?,
                by: r.get(1)?,
                at: r.get(2)?,
            })
        })
        .optional()?)
}

/// One draft by id.
pub fn get(conn: &Connection, id: i64) -> Result<Draft, StoreError> {
    let row = conn
        .prepare_cached("SELECT id, label, state, body FROM committee_draft WHERE id = ?1")?
        .query_row(params![id], read)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "session draft",
            key: id.to_string(),
        })?;
    to_draft(row)
}

/// The draft with this label being prepared or closed, if any (abandoned drafts, which may
/// share it, are not).
pub fn find(conn: &Connection, label: &str) -> Result<Option<Draft>, StoreError> {
    conn.prepare_cached(
        "SELECT id, label, state, body FROM committee_draft \
         WHERE label = ?1 AND state <> 'abandoned'",
    )?
    .query_row(params![label], read)
    .optional()?
    .map(to_draft)
    .transpose()
}

/// Every draft, the most recently started first.
pub fn list(conn: &Connection) -> Result<Vec<Draft>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, label, state, body FROM committee_draft ORDER BY id DESC")?;
    let rows = stmt.query_map([], read)?;
    rows.map(|r| to_draft(r?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{audit, Stamp, Workbook};
    use serde_json::json;

    fn stamp() -> Stamp {
        Stamp::new("tester", chrono::DateTime::UNIX_EPOCH)
    }

    #[test]
    fn c5_every_draft_change_is_audited_and_a_closed_draft_is_frozen() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("d.ratebook")).unwrap();
        let id = wb
            .transact(&stamp(), |w| create(w, "1/2026", &json!({"items": []})))
            .unwrap();
        wb.transact(&stamp(), |w| {
            update(w, id, "2/2026", &json!({"items": [{"id": "1"}]}))
        })
        .unwrap();
        let d = get(wb.connection(), id).unwrap();
        assert_eq!(d.label, "2/2026");
        assert_eq!(d.state, DraftState::Preparing);
        assert_eq!(d.body, json!({"items": [{"id": "1"}]}));
        wb.transact(&stamp(), |w| close(w, id)).unwrap();
        let refused = wb.transact(&stamp(), |w| update(w, id, "2/2026", &json!({})));
        assert!(refused.unwrap_err().to_string().contains("C-2"));
        // The database refuses the change too, and the deletion.
        let sql = wb
            .connection()
            .execute("UPDATE committee_draft SET body = '{}' WHERE id = ?1", [id]);
        assert!(sql.unwrap_err().to_string().contains("never changed"));
        let del = wb
            .connection()
            .execute("DELETE FROM committee_draft WHERE id = ?1", [id]);
        assert!(del.is_err());
        assert!(audit::verify(wb.connection()).unwrap().ok);
        assert_eq!(list(wb.connection()).unwrap().len(), 1);
    }

    #[test]
    fn c2_two_drafts_cannot_share_a_session_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("d.ratebook")).unwrap();
        wb.transact(&stamp(), |w| create(w, "1/2026", &json!({})))
            .unwrap();
        let second = wb.transact(&stamp(), |w| create(w, "1/2026", &json!({})));
        assert!(second.unwrap_err().to_string().contains("1/2026"));
    }

    #[test]
    fn c5_a_draft_is_abandoned_only_with_a_reason_and_then_never_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("d.ratebook")).unwrap();
        let body = json!({"items": [{"id": "1"}]});
        let id = wb
            .transact(&stamp(), |w| create(w, "1/2026", &body))
            .unwrap();
        // An empty reason is refused, naming the field, the value and what is accepted.
        for blank in ["", "   \n"] {
            let err = wb
                .transact(&stamp(), |w| abandon(w, id, blank))
                .unwrap_err();
            match &err {
                StoreError::Invalid {
                    field, accepted, ..
                } => {
                    assert_eq!(field, "abandon.reason");
                    assert!(accepted.contains("non-empty reason"), "{accepted}");
                }
                other => panic!("expected a refusal of the reason, got {other}"),
            }
        }
        assert_eq!(
            get(wb.connection(), id).unwrap().state,
            DraftState::Preparing
        );
        assert_eq!(abandonment(wb.connection(), id).unwrap(), None);

        let who = Stamp::new(
            "secretary",
            chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
        );
        wb.transact(&who, |w| abandon(w, id, "  wrong date: held on the 30th  "))
            .unwrap();
        let d = get(wb.connection(), id).unwrap();
        assert_eq!(d.state, DraftState::Abandoned);
        assert_eq!(d.body, body, "nothing of the draft is deleted");
        let a = abandonment(wb.connection(), id).unwrap().unwrap();
        assert_eq!(a.reason, "wrong date: held on the 30th");
        assert_eq!(a.by, "secretary");
        assert_eq!(a.at, "2025-11-24T16:00:00.000000Z");

        // Frozen in code: edited, closed or abandoned again, each refused naming the draft.
        for refused in [
            wb.transact(&stamp(), |w| update(w, id, "1/2026", &json!({}))),
            wb.transact(&stamp(), |w| close(w, id)),
            wb.transact(&stamp(), |w| abandon(w, id, "again")),
        ] {
            let e = refused.unwrap_err().to_string();
            assert!(e.contains("1/2026") && e.contains("abandoned"), "{e}");
        }
        // ... and by the database, which also refuses deleting the draft or its reason.
        let sql = wb.connection().execute(
            "UPDATE committee_draft SET state = 'preparing' WHERE id = ?1",
            [id],
        );
        assert!(sql.unwrap_err().to_string().contains("never changed"));
        let sql = wb.connection().execute(
            "UPDATE committee_draft_abandonment SET reason = 'other' WHERE draft_id = ?1",
            [id],
        );
        assert!(sql.unwrap_err().to_string().contains("never changed"));
        for table in ["committee_draft", "committee_draft_abandonment"] {
            let del = wb.connection().execute(&format!("DELETE FROM {table}"), []);
            assert!(del.is_err(), "{table}");
        }
        let v = audit::verify(wb.connection()).unwrap();
        assert!(v.ok, "{:?}", v.problems);
        // create, abandonment row, state change
        assert_eq!(v.events, 3);

        // Its session number is free again; a second draft with it is still refused.
        let again = wb
            .transact(&stamp(), |w| create(w, "1/2026", &json!({})))
            .unwrap();
        assert_ne!(again, id);
        assert_eq!(find(wb.connection(), "1/2026").unwrap().unwrap().id, again);
        assert!(wb
            .transact(&stamp(), |w| create(w, "1/2026", &json!({})))
            .is_err());
        assert_eq!(list(wb.connection()).unwrap().len(), 2);
    }

    #[test]
    fn c5_the_database_keeps_an_abandoned_draft_and_its_reason_together() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("d.ratebook")).unwrap();
        let id = wb
            .transact(&stamp(), |w| create(w, "1/2026", &json!({})))
            .unwrap();
        let c = wb.connection();
        // Abandoned without a recorded reason, or inserted already abandoned: refused.
        let e = c
            .execute(
                "UPDATE committee_draft SET state = 'abandoned' WHERE id = ?1",
                [id],
            )
            .unwrap_err();
        assert!(e.to_string().contains("reason is recorded"), "{e}");
        let e = c
            .execute(
                "INSERT INTO committee_draft (label, state, body) VALUES ('2/2026', 'abandoned', '{}')",
                [],
            )
            .unwrap_err();
        assert!(e.to_string().contains("starts in preparation"), "{e}");
        // A reason for a closed draft, or an empty one: refused.
        wb.transact(&stamp(), |w| close(w, id)).unwrap();
        let c = wb.connection();
        let e = c
            .execute(
                "INSERT INTO committee_draft_abandonment (draft_id, reason) VALUES (?1, 'late')",
                [id],
            )
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("only a session draft in preparation"),
            "{e}"
        );
        let other = wb
            .transact(&stamp(), |w| create(w, "2/2026", &json!({})))
            .unwrap();
        let e = wb
            .connection()
            .execute(
                "INSERT INTO committee_draft_abandonment (draft_id, reason) VALUES (?1, '  ')",
                [other],
            )
            .unwrap_err();
        assert!(e.to_string().contains("CHECK"), "{e}");
    }
}
