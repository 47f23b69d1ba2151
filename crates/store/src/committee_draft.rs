//! A committee session being prepared in the window (schema V8): set-up, attendance, agenda,
//! sealed votes and overrides, kept in the workbook as one JSON document per session so that
//! closing the app loses nothing. Every change is one audited transaction (C-5); a draft is
//! never deleted, and once closed (its session recorded through the committee run) it never
//! changes again, in code here and by trigger.
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
}

impl DraftState {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftState::Preparing => "preparing",
            DraftState::Closed => "closed",
        }
    }

    fn parse(s: &str) -> Result<DraftState, StoreError> {
        match s {
            "preparing" => Ok(DraftState::Preparing),
            "closed" => Ok(DraftState::Closed),
            other => Err(StoreError::invalid(
                "committee_draft.state",
                other,
                "preparing or closed",
            )),
        }
    }
}

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    /// The session's label, `number/year`, unique among drafts.
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

/// Starts a draft for session `label`. Refused when a draft with that label exists.
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
/// closed draft.
pub fn update(
    w: &mut Writer<'_>,
    id: i64,
    label: &str,
    body: &serde_json::Value,
) -> Result<(), StoreError> {
    let current = get(w.conn(), id)?;
    if current.state == DraftState::Closed {
        return Err(closed(&current.label));
    }
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
    if current.state == DraftState::Closed {
        return Err(closed(&current.label));
    }
    w.update(
        "committee_draft",
        id,
        &[("state", text(DraftState::Closed.as_str()))],
    )?;
    Ok(())
}

fn closed(label: &str) -> StoreError {
    StoreError::invalid(
        "committee_draft",
        label,
        "a session still being prepared; a closed session is recorded and never changes (C-2, C-4)",
    )
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

/// The draft with this label, if any.
pub fn find(conn: &Connection, label: &str) -> Result<Option<Draft>, StoreError> {
    conn.prepare_cached("SELECT id, label, state, body FROM committee_draft WHERE label = ?1")?
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
}
