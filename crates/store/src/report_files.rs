//! What the app's Reports screen reads about documents and signers: a filed report or acta
//! found by the SHA-256 of its bytes (so a PDF chosen from disk is matched with its
//! decision or session), the committee's members, and the sessions on record.
//! Read-only: filing and signing are in `committee`.

use crate::committee::Member;
use crate::vocabulary::{column, Language};
use crate::StoreError;
use rusqlite::{Connection, OptionalExtension};

/// A report or acta filed in the workbook, as found by its file's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledDocument {
    /// The `report_file` row.
    pub id: i64,
    /// The decision of a committee report; `None` for an acta.
    pub decision: Option<i64>,
    /// The session (`number/year`) of an acta, or of the report's decision.
    pub session: String,
    pub language: Language,
    pub file_name: String,
    /// Certified already (the row then holds the certified file's hash).
    pub signed: bool,
}

/// The filed document whose current hash is `sha256` (lower-case hex), if any. An
/// unsigned file is filed with its own hash; a certified one with the certified file's.
pub fn filed_by_sha256(
    conn: &Connection,
    sha256: &str,
) -> Result<Option<FiledDocument>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.decision_id, s.number || '/' || s.year, r.language, r.file_name, \
                    r.signed_by IS NOT NULL \
             FROM report_file r \
             LEFT JOIN decision d ON d.id = r.decision_id \
             LEFT JOIN agenda_item a ON a.id = d.agenda_item_id \
             JOIN session s ON s.id = COALESCE(r.session_id, a.session_id) \
             WHERE r.sha256 = ?1 ORDER BY r.id DESC LIMIT 1",
        )?
        .query_row([sha256], |r| {
            Ok(FiledDocument {
                id: r.get(0)?,
                decision: r.get(1)?,
                session: r.get(2)?,
                language: column(r, 3)?,
                file_name: r.get(4)?,
                signed: r.get(5)?,
            })
        })
        .optional()?)
}

/// Every committee member on record, in the order they were added.
pub fn members(conn: &Connection) -> Result<Vec<Member>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, name, title, role, certificate_sha256, fictional FROM member ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Member {
            code: r.get(0)?,
            name: r.get(1)?,
            title: r.get(2)?,
            role: column(r, 3)?,
            certificate_sha256: r.get(4)?,
            fictional: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The labels (`number/year`) of every session on record, most recent first.
pub fn session_labels(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT number || '/' || year FROM session ORDER BY held_on DESC, year DESC, number DESC",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
