//! The audit chain (SPEC C-5): every change to the workbook appends an event — who, when,
//! what table and row, the row's image before and after — whose SHA-256 covers the previous
//! event's hash and a canonical encoding of the change. Nothing is deleted; a correction is
//! a new event. [`verify`] re-computes the chain and checks that every current row equals
//! its latest after-image, so an edit made with plain SQL outside Ratebook shows up.
//!
//! Limit, stated plainly: the chain is not keyed. Someone who rewrites rows *and* re-computes
//! every later hash produces a chain that verifies on its own; that rewrite is caught by the
//! head hash printed in signed reports and actas (C-5), which [`Verification::head`] exposes
//! for comparison.

use crate::schema::{expected_triggers, AUDITED_TABLES};
use crate::StoreError;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// The hash that precedes the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who makes a change and when. The caller supplies the time (the CLI and the app read
/// the clock; the store never does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub who: String,
    pub at: DateTime<Utc>,
}

impl Stamp {
    pub fn new(who: impl Into<String>, at: DateTime<Utc>) -> Stamp {
        Stamp {
            who: who.into(),
            at,
        }
    }

    fn at_text(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Micros, true)
    }
}

/// The one way to change a workbook: a transaction that audits every insert and update.
/// Dropping it without [`Writer::commit`] rolls everything back.
pub struct Writer<'c> {
    tx: Transaction<'c>,
    stamp: Stamp,
    at: String,
    durable: bool,
    seq: i64,
    head: String,
}

impl<'c> Writer<'c> {
    pub(crate) fn begin(
        tx: Transaction<'c>,
        stamp: Stamp,
        durable: bool,
    ) -> Result<Writer<'c>, StoreError> {
        if stamp.who.trim().is_empty() {
            return Err(StoreError::invalid(
                "actor",
                &stamp.who,
                "a non-empty name of who makes the change",
            ));
        }
        let (seq, head) = tx
            .query_row(
                "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?
            .unwrap_or((0, GENESIS_HASH.to_string()));
        let at = stamp.at_text();
        Ok(Writer {
            tx,
            stamp,
            at,
            durable,
            seq,
            head,
        })
    }

    pub(crate) fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }

    /// The transaction, for reads inside the action.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Who makes this change and when.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// True inside [`crate::Workbook::transact_durable`].
    pub fn is_durable(&self) -> bool {
        self.durable
    }

    /// The chain's head hash as of the last change made so far in this action.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// Inserts a row and appends its `insert` event; returns the row id.
    pub fn insert(
        &mut self,
        table: &'static str,
        values: &[(&'static str, Value)],
    ) -> Result<i64, StoreError> {
        check_audited(table)?;
        let columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            marks.join(", ")
        );
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values.iter().map(|(_, v)| v)))?;
        let id = self.tx.last_insert_rowid();
        let after = row_image(&self.tx, table, id)?.ok_or(StoreError::NotFound {
            what: "row just inserted",
            key: format!("{table}/{id}"),
        })?;
        self.append("insert", table, id, None, &after)?;
        Ok(id)
    }

    /// Updates columns of one row and appends its `update` event with the before and after
    /// images. Returns false (and records nothing) when nothing changed.
    pub fn update(
        &mut self,
        table: &'static str,
        id: i64,
        values: &[(&'static str, Value)],
    ) -> Result<bool, StoreError> {
        check_audited(table)?;
        let before = row_image(&self.tx, table, id)?.ok_or(StoreError::NotFound {
            what: "row",
            key: format!("{table}/{id}"),
        })?;
        let sets: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ?{}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {table} SET {} WHERE id = ?{}",
            sets.join(", "),
            values.len() + 1
        );
        let mut bound: Vec<&dyn rusqlite::ToSql> = values
            .iter()
            .map(|(_, v)| v as &dyn rusqlite::ToSql)
            .collect();
        bound.push(&id);
        self.tx.prepare_cached(&sql)?.execute(bound.as_slice())?;
        let after = row_image(&self.tx, table, id)?.ok_or(StoreError::NotFound {
            what: "row",
            key: format!("{table}/{id}"),
        })?;
        if after == before {
            return Ok(false);
        }
        self.append("update", table, id, Some(&before), &after)?;
        Ok(true)
    }

    /// Updates the row whose `key` columns equal the given values (`IS`, so NULL matches
    /// NULL), or inserts one; `values` holds every column to write, keys included. Returns
    /// the row id.
    pub fn upsert(
        &mut self,
        table: &'static str,
        key: &[(&'static str, Value)],
        values: &[(&'static str, Value)],
    ) -> Result<i64, StoreError> {
        check_audited(table)?;
        let conds: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} IS ?{}", i + 1))
            .collect();
        let sql = format!("SELECT id FROM {table} WHERE {}", conds.join(" AND "));
        let found: Option<i64> = self
            .tx
            .prepare_cached(&sql)?
            .query_row(
                rusqlite::params_from_iter(key.iter().map(|(_, v)| v)),
                |r| r.get(0),
            )
            .optional()?;
        match found {
            Some(id) => {
                self.update(table, id, values)?;
                Ok(id)
            }
            None => self.insert(table, values),
        }
    }

    fn append(
        &mut self,
        action: &str,
        table: &str,
        row: i64,
        before: Option<&Json>,
        after: &Json,
    ) -> Result<(), StoreError> {
        let seq = self.seq + 1;
        let before_text = before.map(canonical);
        let after_text = canonical(after);
        let hash = event_hash(&EventFields {
            seq,
            at: &self.at,
            actor: &self.stamp.who,
            action,
            table,
            row,
            before: before_text.as_deref(),
            after: &after_text,
            prev_hash: &self.head,
        });
        self.tx
            .prepare_cached(
                "INSERT INTO audit_event (seq, at, actor, action, tbl, row_id, before, after, prev_hash, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                seq,
                self.at,
                self.stamp.who,
                action,
                table,
                row,
                before_text,
                after_text,
                self.head,
                hash
            ])?;
        self.seq = seq;
        self.head = hash;
        Ok(())
    }
}

fn check_audited(table: &str) -> Result<(), StoreError> {
    if AUDITED_TABLES.contains(&table) {
        Ok(())
    } else {
        Err(StoreError::NotAudited {
            table: table.to_string(),
        })
    }
}

/// The fields an event's hash covers.
#[derive(Clone, Copy)]
struct EventFields<'a> {
    seq: i64,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    table: &'a str,
    row: i64,
    before: Option<&'a str>,
    after: &'a str,
    prev_hash: &'a str,
}

/// SHA-256 over the previous hash and the canonical JSON of the event's fields.
fn event_hash(e: &EventFields<'_>) -> String {
    let mut fields = BTreeMap::new();
    fields.insert("seq", Json::from(e.seq));
    fields.insert("at", Json::from(e.at));
    fields.insert("actor", Json::from(e.actor));
    fields.insert("action", Json::from(e.action));
    fields.insert("table", Json::from(e.table));
    fields.insert("row", Json::from(e.row));
    fields.insert("before", e.before.map(Json::from).unwrap_or(Json::Null));
    fields.insert("after", Json::from(e.after));
    let body = canonical(&Json::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    ));
    let mut hasher = Sha256::new();
    hasher.update(e.prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.as_bytes());
    hex::encode(hasher.finalize())
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace, serde_json's
/// escaping. Written out by hand so that no cargo feature (`preserve_order`) can change it.
pub fn canonical(value: &Json) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Json, out: &mut String) {
    match value {
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::from(k.as_str()).to_string());
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The current image of one row as a JSON object of column → value.
pub(crate) fn row_image(
    conn: &Connection,
    table: &str,
    id: i64,
) -> Result<Option<Json>, StoreError> {
    let sql = format!("SELECT * FROM {table} WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => Ok(Some(image_of(row, &names)?)),
        None => Ok(None),
    }
}

fn image_of(row: &rusqlite::Row<'_>, names: &[String]) -> rusqlite::Result<Json> {
    let mut map = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        map.insert(name.clone(), json_of(row.get_ref(i)?));
    }
    Ok(Json::Object(map))
}

fn json_of(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        // Ratebook stores exact decimals as text; a REAL can only come from outside, and
        // its shortest round-trip text keeps the comparison exact.
        ValueRef::Real(f) => Json::from(format!("real:{f:?}")),
        ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Json::from(format!("blob:{}", hex::encode(b))),
    }
}

/// One thing `verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The event concerned (the row's latest event for row problems), if any.
    pub event: Option<i64>,
    pub table: Option<String>,
    pub row: Option<i64>,
    pub what: String,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub ok: bool,
    /// Number of events in the chain.
    pub events: i64,
    /// The last event's hash (the genesis hash for an empty chain), to compare with the
    /// head printed on signed reports.
    pub head: String,
    pub problems: Vec<Problem>,
}

/// Checks the chain (sequence, links, hashes, consistency of before-images) and that every
/// row of every audited table equals its latest after-image, no more and no fewer rows,
/// and that the schema's protective triggers are all in place.
pub fn verify(conn: &Connection) -> Result<Verification, StoreError> {
    let mut problems = Vec::new();
    // Per row: the seq of its latest event and the SHA-256 of that event's canonical
    // after-image (images themselves are re-read only to describe a difference), so that
    // verifying a large workbook stays light on memory.
    let mut latest: HashMap<(String, i64), (i64, [u8; 32])> = HashMap::new();
    let mut expected_seq = 1i64;
    let mut prev = GENESIS_HASH.to_string();
    let mut events = 0i64;
    {
        let mut stmt = conn.prepare(
            "SELECT seq, at, actor, action, tbl, row_id, before, after, prev_hash, hash \
             FROM audit_event ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            events += 1;
            let seq: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            let actor: String = r.get(2)?;
            let action: String = r.get(3)?;
            let table: String = r.get(4)?;
            let row: i64 = r.get(5)?;
            let before: Option<String> = r.get(6)?;
            let after: String = r.get(7)?;
            let prev_hash: String = r.get(8)?;
            let hash: String = r.get(9)?;
            let mut problem = |what: String| {
                problems.push(Problem {
                    event: Some(seq),
                    table: Some(table.clone()),
                    row: Some(row),
                    what,
                })
            };
            if seq != expected_seq {
                problem(format!(
                    "event sequence broken: expected event {expected_seq}, found {seq} (events removed or inserted)"
                ));
            }
            expected_seq = seq + 1;
            if prev_hash != prev {
                problem("event does not link to the previous event's hash (events reordered, removed or inserted)".into());
            }
            let recomputed = event_hash(&EventFields {
                seq,
                at: &at,
                actor: &actor,
                action: &action,
                table: &table,
                row,
                before: before.as_deref(),
                after: &after,
                prev_hash: &prev_hash,
            });
            if recomputed != hash {
                problem("event hash does not match its content (event edited or forged)".into());
            }
            prev = hash;
            let key = (table.clone(), row);
            let previous = latest.get(&key).map(|(_, digest)| *digest);
            match (action.as_str(), previous, before.as_deref()) {
                ("insert", Some(_), _) => {
                    problem("row inserted twice in the chain".into());
                }
                ("update", None, _) => {
                    problem("update of a row the chain never inserted".into());
                }
                ("update", Some(prev_digest), Some(b)) if prev_digest != digest(b) => {
                    problem("before-image differs from the row's previous after-image".into());
                }
                _ => {}
            }
            latest.insert(key, (seq, digest(&after)));
        }
    }
    for table in AUDITED_TABLES {
        let sql = format!("SELECT * FROM {table} ORDER BY id");
        let mut stmt = conn.prepare(&sql)?;
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let id_col = names.iter().position(|n| n == "id").unwrap_or(0);
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(id_col)?;
            let image = image_of(r, &names)?;
            let current = canonical(&image);
            match latest.remove(&(table.to_string(), id)) {
                None => problems.push(Problem {
                    event: None,
                    table: Some(table.to_string()),
                    row: Some(id),
                    what: "row is not recorded in the audit chain (written outside Ratebook)"
                        .into(),
                }),
                Some((seq, recorded)) if recorded != digest(&current) => {
                    let after: String = conn.query_row(
                        "SELECT after FROM audit_event WHERE seq = ?1",
                        [seq],
                        |r| r.get(0),
                    )?;
                    let what = match serde_json::from_str::<Json>(&after) {
                        Ok(img) => describe_difference(&img, &image),
                        Err(e) => format!("the recorded after-image is not JSON: {e}"),
                    };
                    problems.push(Problem {
                        event: Some(seq),
                        table: Some(table.to_string()),
                        row: Some(id),
                        what,
                    })
                }
                Some(_) => {}
            }
        }
    }
    let mut missing: Vec<((String, i64), i64)> = latest
        .into_iter()
        .map(|(key, (seq, _))| (key, seq))
        .collect();
    missing.sort_by_key(|(_, seq)| *seq);
    for ((table, row), seq) in missing {
        problems.push(Problem {
            event: Some(seq),
            table: Some(table),
            row: Some(row),
            what: "row recorded in the audit chain is missing (deleted outside Ratebook)".into(),
        });
    }
    let present: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for trigger in expected_triggers() {
        if !present.contains(&trigger) {
            problems.push(Problem {
                event: None,
                table: None,
                row: None,
                what: format!(
                    "protective trigger '{trigger}' is missing (schema edited outside Ratebook)"
                ),
            });
        }
    }
    Ok(Verification {
        ok: problems.is_empty(),
        events,
        head: prev,
        problems,
    })
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

fn describe_difference(recorded: &Json, current: &Json) -> String {
    let (Some(rec), Some(cur)) = (recorded.as_object(), current.as_object()) else {
        return "row differs from its last recorded state".into();
    };
    let mut diffs = Vec::new();
    for (k, v) in cur {
        match rec.get(k) {
            Some(r) if r == v => {}
            Some(r) => diffs.push(format!("{k} is {v}, the chain says {r}")),
            None => diffs.push(format!("column {k} is not in the recorded image")),
        }
    }
    for k in rec.keys() {
        if !cur.contains_key(k) {
            diffs.push(format!("column {k} is gone"));
        }
    }
    format!(
        "row differs from its last recorded state (edited outside Ratebook): {}",
        diffs.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"d": [1, {"z": null, "y": "é"}], "c": true}});
        assert_eq!(
            canonical(&v),
            r#"{"a":{"c":true,"d":[1,{"y":"é","z":null}]},"b":1}"#
        );
    }

    #[test]
    fn c5_event_hash_covers_the_previous_hash_and_every_field() {
        let base = EventFields {
            seq: 1,
            at: "2024-01-01T00:00:00.000000Z",
            actor: "ana",
            action: "insert",
            table: "issuer",
            row: 1,
            before: None,
            after: "{}",
            prev_hash: GENESIS_HASH,
        };
        let h = event_hash(&base);
        assert_eq!(h.len(), 64);
        let other_prev = "1".repeat(64);
        let variants = [
            EventFields { seq: 2, ..base },
            EventFields {
                actor: "eve",
                ..base
            },
            EventFields { row: 2, ..base },
            EventFields {
                after: "{\"x\":1}",
                ..base
            },
            EventFields {
                prev_hash: &other_prev,
                ..base
            },
        ];
        for v in &variants {
            assert_ne!(event_hash(v), h);
        }
    }
}
