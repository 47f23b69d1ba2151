//! The analysis a titularización is rated with on a committee agenda (schema V9): the
//! analyst's choices the engine needs beyond the stored deal (SPEC §4: information validity,
//! the índice's variant and base, the priority of payments, recovery and stress scenarios,
//! the Monte Carlo's paths and seed), recorded from the titularización screen. One JSON
//! document per deal, rewritten in place through the audited writer and never deleted, so a
//! committee rates the deal exactly as the analyst last recorded it and the chain shows every
//! earlier version.
//!
//! The store keeps the document only: its shape belongs to the workbench
//! (`ratebook_workbench::titularizacion::Analisis`) and whether the engine accepts it to the
//! core, both checked by the caller before writing.

use crate::titularizacion::titularizacion_id;
use crate::vocabulary::text;
use crate::{StoreError, Writer};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

/// Records `body` as the analysis of titularización `code` (replacing an earlier one);
/// returns the row id. The deal must be in the workbook.
pub fn put(w: &mut Writer<'_>, code: &str, body: &serde_json::Value) -> Result<i64, StoreError> {
    let deal = titularizacion_id(w.conn(), code)?.ok_or(StoreError::NotFound {
        what: "titularizacion",
        key: code.to_string(),
    })?;
    if !body.is_object() {
        return Err(StoreError::invalid(
            "analysis",
            body.to_string(),
            "a JSON object",
        ));
    }
    w.upsert(
        "titularizacion_analysis",
        &[("titularizacion_id", Value::from(deal))],
        &[
            ("titularizacion_id", Value::from(deal)),
            ("body", text(crate::audit::canonical(body))),
        ],
    )
}

/// The analysis recorded for titularización `code`, or `None` when none was.
pub fn get(conn: &Connection, code: &str) -> Result<Option<serde_json::Value>, StoreError> {
    let body: Option<String> = conn
        .prepare_cached(
            "SELECT a.body FROM titularizacion_analysis a \
             JOIN titularizacion t ON t.id = a.titularizacion_id WHERE t.code = ?1",
        )?
        .query_row([code], |r| r.get(0))
        .optional()?;
    body.map(|b| {
        serde_json::from_str(&b).map_err(|e| {
            StoreError::invalid(
                "titularizacion_analysis.body",
                e.to_string(),
                "a JSON document",
            )
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{audit, Stamp, Workbook};

    fn stamp() -> Stamp {
        Stamp::new("t", chrono::DateTime::UNIX_EPOCH)
    }

    fn demo(dir: &std::path::Path) -> Workbook {
        let path = dir.join("demo.ratebook");
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        crate::demo::build(
            &path,
            &crate::demo::DemoSources::from_fixtures(&fixtures, Vec::new()),
            &stamp(),
        )
        .unwrap();
        Workbook::open(&path).unwrap()
    }

    #[test]
    fn an_analysis_round_trips_and_each_edit_is_one_audited_change() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = demo(dir.path());
        assert_eq!(get(wb.connection(), "DEMO-TIT-CARTERA").unwrap(), None);
        let before = audit::verify(wb.connection()).unwrap().events;
        let first = serde_json::json!({"recovery_lag": 2, "index_variant": "weighted_average"});
        wb.transact(&stamp(), |w| put(w, "DEMO-TIT-CARTERA", &first).map(drop))
            .unwrap();
        assert_eq!(
            get(wb.connection(), "DEMO-TIT-CARTERA").unwrap(),
            Some(first)
        );
        let second = serde_json::json!({"recovery_lag": 3, "index_variant": "simple_average"});
        wb.transact(&stamp(), |w| put(w, "DEMO-TIT-CARTERA", &second).map(drop))
            .unwrap();
        assert_eq!(
            get(wb.connection(), "DEMO-TIT-CARTERA").unwrap(),
            Some(second)
        );
        let v = audit::verify(wb.connection()).unwrap();
        assert!(v.ok, "{:?}", v.problems);
        assert_eq!(v.events, before + 2, "one insert, one update");
    }

    #[test]
    fn an_unknown_deal_or_a_body_that_is_not_an_object_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = demo(dir.path());
        let before = audit::verify(wb.connection()).unwrap().events;
        let err = wb
            .transact(&stamp(), |w| put(w, "NOPE", &serde_json::json!({})))
            .unwrap_err();
        assert!(err.to_string().contains("NOPE"), "{err}");
        let err = wb
            .transact(&stamp(), |w| {
                put(w, "DEMO-TIT-CARTERA", &serde_json::json!([1]))
            })
            .unwrap_err();
        assert!(err.to_string().contains("analysis"), "{err}");
        assert_eq!(audit::verify(wb.connection()).unwrap().events, before);
    }
}
