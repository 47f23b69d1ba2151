//! Methodology versions stored as documents (SPEC §1, C-7): national mapping specs,
//! titularización weights and bands, committee rules… each filed by the metadata every
//! methodology file starts with (`kind`, `id`, `version`, `effective_date`, `source`,
//! `basis`), with its body text and the body's SHA-256. The store never parses the rules
//! themselves; the engine does. States go draft → approved → retired (the database's
//! triggers refuse any other move and any edit of a non-draft body).

use crate::vocabulary::{column, text, MethodologyState};
use crate::{StoreError, Writer};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The text format of a methodology document's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
        }
    }
}

/// One version of a methodology, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodologyDocument {
    /// e.g. `national-spec`, `titularizacion-weights`, `committee-rules`.
    pub kind: String,
    /// The methodology's id (the file's `id`).
    pub id: String,
    pub version: String,
    pub state: MethodologyState,
    pub effective_date: NaiveDate,
    pub source: String,
    /// How sure the data is: `verified`, `inferred`, `project-default`…
    pub basis: String,
    pub format: Format,
    pub body: String,
    /// SHA-256 of `body`, lower-case hex.
    pub body_sha256: String,
}

/// Why a document could not be filed.
#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    #[error("methodology document is not valid {format}: {message}")]
    Syntax {
        format: &'static str,
        message: String,
    },
    #[error("methodology document lacks the top-level key '{key}'; every methodology file starts with kind, id, version, effective_date (YYYY-MM-DD), source and basis")]
    MissingKey { key: &'static str },
    #[error("methodology document key '{key}' is {value}; accepted: {accepted}")]
    BadKey {
        key: &'static str,
        value: String,
        accepted: &'static str,
    },
}

/// Reads the filing metadata of a methodology file and returns it as a draft document.
pub fn file_document(body: &str, format: Format) -> Result<MethodologyDocument, FilingError> {
    let meta: serde_json::Value = match format {
        Format::Toml => {
            let v: toml::Table = toml::from_str(body).map_err(|e| FilingError::Syntax {
                format: "TOML",
                message: e.to_string(),
            })?;
            let mut m = serde_json::Map::new();
            for key in ["kind", "id", "version", "effective_date", "source", "basis"] {
                if let Some(val) = v.get(key) {
                    let as_text = match val {
                        toml::Value::String(s) => serde_json::Value::from(s.clone()),
                        toml::Value::Datetime(d) => serde_json::Value::from(d.to_string()),
                        other => serde_json::Value::from(other.to_string()),
                    };
                    m.insert(key.to_string(), as_text);
                }
            }
            serde_json::Value::Object(m)
        }
        Format::Json => serde_json::from_str(body).map_err(|e| FilingError::Syntax {
            format: "JSON",
            message: e.to_string(),
        })?,
    };
    let get = |key: &'static str| -> Result<String, FilingError> {
        match meta.get(key) {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(other) => Err(FilingError::BadKey {
                key,
                value: other.to_string(),
                accepted: "a non-empty string",
            }),
            None => Err(FilingError::MissingKey { key }),
        }
    };
    let (kind, id, version) = (get("kind")?, get("id")?, get("version")?);
    let effective = get("effective_date")?;
    let effective_date =
        NaiveDate::parse_from_str(&effective, "%Y-%m-%d").map_err(|_| FilingError::BadKey {
            key: "effective_date",
            value: effective.clone(),
            accepted: "a date YYYY-MM-DD",
        })?;
    Ok(MethodologyDocument {
        kind,
        id,
        version,
        state: MethodologyState::Draft,
        effective_date,
        source: meta
            .get("source")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        basis: get("basis")?,
        format,
        body_sha256: sha256_hex(body.as_bytes()),
        body: body.to_string(),
    })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores a methodology version; returns its row id. A version already stored with the
/// same body is left as it is; with a different body it is refused unless still a draft.
pub fn put(w: &mut Writer<'_>, doc: &MethodologyDocument) -> Result<i64, StoreError> {
    if sha256_hex(doc.body.as_bytes()) != doc.body_sha256 {
        return Err(StoreError::invalid(
            "body_sha256",
            &doc.body_sha256,
            "the SHA-256 of the body",
        ));
    }
    let existing = version_id(w.conn(), &doc.id, &doc.version)?;
    if let Some(id) = existing {
        let stored = get(w.conn(), id)?;
        if stored.body_sha256 == doc.body_sha256 {
            return Ok(id);
        }
        if stored.state != MethodologyState::Draft {
            return Err(StoreError::invalid(
                format!("methodology {} version {}", doc.id, doc.version),
                "a different body",
                "the stored body unchanged: an approved or retired version is frozen (C-7); file a new version",
            ));
        }
    }
    w.upsert(
        "methodology_version",
        &[
            ("methodology", text(&doc.id)),
            ("version", text(&doc.version)),
        ],
        &[
            ("kind", text(&doc.kind)),
            ("methodology", text(&doc.id)),
            ("version", text(&doc.version)),
            ("state", text(doc.state)),
            ("effective_date", text(doc.effective_date)),
            ("source", text(&doc.source)),
            ("basis", text(&doc.basis)),
            ("format", text(doc.format.as_str())),
            ("body", text(&doc.body)),
            ("body_sha256", text(&doc.body_sha256)),
        ],
    )
}

/// Moves a version along its lifecycle (C-7): draft → approved → retired.
pub fn set_state(
    w: &mut Writer<'_>,
    id: &str,
    version: &str,
    state: MethodologyState,
) -> Result<(), StoreError> {
    let row = version_id(w.conn(), id, version)?.ok_or(StoreError::NotFound {
        what: "methodology version",
        key: format!("{id} {version}"),
    })?;
    let current = get(w.conn(), row)?.state;
    let allowed = current == state
        || matches!(
            (current, state),
            (MethodologyState::Draft, MethodologyState::Approved)
                | (MethodologyState::Draft, MethodologyState::Retired)
                | (MethodologyState::Approved, MethodologyState::Retired)
        );
    if !allowed {
        return Err(StoreError::invalid(
            format!("state of methodology {id} {version}"),
            format!("{current} -> {state}"),
            "draft -> approved, draft -> retired, approved -> retired (C-7)",
        ));
    }
    w.update("methodology_version", row, &[("state", text(state))])?;
    Ok(())
}

pub fn version_id(conn: &Connection, id: &str, version: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM methodology_version WHERE methodology = ?1 AND version = ?2",
        )?
        .query_row(params![id, version], |r| r.get(0))
        .optional()?)
}

const COLUMNS: &str =
    "kind, methodology, version, state, effective_date, source, basis, format, body, body_sha256";

fn doc_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MethodologyDocument> {
    let format: String = r.get(7)?;
    Ok(MethodologyDocument {
        kind: r.get(0)?,
        id: r.get(1)?,
        version: r.get(2)?,
        state: column(r, 3)?,
        effective_date: column(r, 4)?,
        source: r.get(5)?,
        basis: r.get(6)?,
        format: if format == "json" {
            Format::Json
        } else {
            Format::Toml
        },
        body: r.get(8)?,
        body_sha256: r.get(9)?,
    })
}

/// The stored version with row id `row`.
pub fn get(conn: &Connection, row: i64) -> Result<MethodologyDocument, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM methodology_version WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([row], doc_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "methodology version",
            key: row.to_string(),
        })
}

/// Every stored version, by kind, methodology and effective date.
pub fn list(conn: &Connection) -> Result<Vec<MethodologyDocument>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM methodology_version ORDER BY kind, methodology, effective_date, version"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], doc_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The approved version of a methodology in force on `date`: the latest effective date on
/// or before it (C-7: decisions use approved versions only).
pub fn in_force(
    conn: &Connection,
    id: &str,
    date: NaiveDate,
) -> Result<Option<MethodologyDocument>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM methodology_version WHERE methodology = ?1 AND state = 'approved' \
         AND effective_date <= ?2 ORDER BY effective_date DESC, id DESC LIMIT 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id, date.to_string()], doc_row)
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_a_toml_document_by_its_metadata_alone() {
        let body = "kind = \"national-spec\"\nid = \"x\"\nversion = \"1\"\neffective_date = \"2023-06-08\"\nsource = \"s\"\nbasis = \"verified\"\n[[rows]]\nglobal = \"BBB\"\n";
        let d = file_document(body, Format::Toml).unwrap();
        assert_eq!(d.kind, "national-spec");
        assert_eq!(d.state, MethodologyState::Draft);
        assert_eq!(d.effective_date.to_string(), "2023-06-08");
        assert_eq!(d.body_sha256, sha256_hex(body.as_bytes()));
    }

    #[test]
    fn toml_dates_may_be_bare() {
        let body = "kind = \"k\"\nid = \"x\"\nversion = \"1\"\neffective_date = 2023-06-08\nsource = \"s\"\nbasis = \"inferred\"\n";
        assert_eq!(
            file_document(body, Format::Toml).unwrap().effective_date,
            NaiveDate::from_ymd_opt(2023, 6, 8).unwrap()
        );
    }

    #[test]
    fn a_missing_key_is_named() {
        let err = file_document("id = \"x\"", Format::Toml).unwrap_err();
        assert!(err.to_string().contains("'kind'"), "{err}");
    }
}
