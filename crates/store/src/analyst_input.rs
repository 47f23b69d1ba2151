//! The analyst's inputs to the national engine for one issuer (SPEC N-4…N-7): what the
//! issuer's row does not hold and the analyst decides — the option picked or the expected
//! transition (N-4), the holistic adjustment with its rationale (N-5), the recorded
//! ratings-above-the-sovereign stress test (N-6) and the alternative short-term mapping
//! (N-7). Kept in the shape committee session files already use
//! (`ratebook_core::committee::session_file::EngineInputs`), one row per issuer, edited in
//! place through the audited writer.
//!
//! The store keeps the shape only; whether a value is accepted (the holistic range, an
//! option listed at the issuer's global level, a holistic move above the sovereign) is the
//! engine's rule, checked by the caller before writing.

use crate::entities::issuer_id;
use crate::vocabulary::{opt_column, opt_text};
use crate::{StoreError, Writer};
use ratebook_core::committee::session_file::EngineInputs;
use ratebook_core::national::rate::Holistic;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

/// Stores `inputs` as the analyst's inputs of issuer `code` (replacing earlier ones);
/// returns the row id. The issuer must be in the workbook; `case` (a titularización case
/// file) is not an issuer input, and an option, when given, is a symbol without
/// surrounding spaces.
pub fn put(w: &mut Writer<'_>, code: &str, inputs: &EngineInputs) -> Result<i64, StoreError> {
    let issuer = issuer_id(w.conn(), code)?.ok_or(StoreError::NotFound {
        what: "issuer",
        key: code.to_string(),
    })?;
    if let Some(case) = &inputs.case {
        return Err(StoreError::invalid(
            "case",
            case,
            "no case file: a titularización engine case is not an issuer's input",
        ));
    }
    if let Some(option) = &inputs.chosen_option {
        if option.trim().is_empty() || option.trim() != option {
            return Err(StoreError::invalid(
                "chosen_option",
                option,
                "a national symbol without surrounding spaces, or none",
            ));
        }
    }
    let (notches, rationale) = match &inputs.holistic {
        Some(h) => (Value::from(h.notches), Value::Text(h.rationale.clone())),
        None => (Value::Null, Value::Null),
    };
    w.upsert(
        "issuer_analyst_input",
        &[("issuer_id", Value::from(issuer))],
        &[
            ("issuer_id", Value::from(issuer)),
            ("chosen_option", opt_text(inputs.chosen_option.as_ref())),
            ("expected_transition", opt_text(inputs.expected_transition)),
            ("holistic_notches", notches),
            ("holistic_rationale", rationale),
            (
                "above_sovereign_stress_passed",
                Value::from(inputs.above_sovereign_stress_passed),
            ),
            (
                "liquidity_alternative",
                Value::from(inputs.liquidity_alternative),
            ),
        ],
    )
}

/// The inputs in a row's columns from `at` on, in [`COLUMNS`] order.
fn inputs_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<EngineInputs> {
    let notches: Option<i32> = r.get(at + 2)?;
    let rationale: Option<String> = r.get(at + 3)?;
    Ok(EngineInputs {
        case: None,
        chosen_option: r.get(at)?,
        expected_transition: opt_column(r, at + 1)?,
        holistic: notches.map(|notches| Holistic {
            notches,
            rationale: rationale.unwrap_or_default(),
        }),
        above_sovereign_stress_passed: r.get(at + 4)?,
        liquidity_alternative: r.get(at + 5)?,
    })
}

const COLUMNS: &str = "a.chosen_option, a.expected_transition, a.holistic_notches, \
     a.holistic_rationale, a.above_sovereign_stress_passed, a.liquidity_alternative";

/// The stored analyst's inputs of issuer `code`, or `None` when none were stored.
pub fn get(conn: &Connection, code: &str) -> Result<Option<EngineInputs>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM issuer_analyst_input a JOIN issuer i ON i.id = a.issuer_id \
         WHERE i.code = ?1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], |r| inputs_row(r, 0))
        .optional()?)
}

/// Every issuer's stored analyst inputs, by issuer code (for peer comparisons and batch
/// re-rating).
pub fn all(conn: &Connection) -> Result<Vec<(String, EngineInputs)>, StoreError> {
    let sql = format!(
        "SELECT i.code, {COLUMNS} FROM issuer_analyst_input a JOIN issuer i ON i.id = a.issuer_id \
         ORDER BY i.code"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, inputs_row(r, 1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{put_issuer, Issuer};
    use crate::vocabulary::Sector;
    use crate::{audit, Stamp, Workbook};
    use ratebook_core::scale::Outlook;

    fn stamp() -> Stamp {
        Stamp::new("t", chrono::DateTime::UNIX_EPOCH)
    }

    fn workbook(dir: &std::path::Path) -> Workbook {
        let mut wb = Workbook::create(&dir.join("w.ratebook")).unwrap();
        wb.transact(&stamp(), |w| {
            put_issuer(
                w,
                &Issuer {
                    code: "A".into(),
                    name: "Alpha (fictional)".into(),
                    sector: Sector::Bank,
                    country: "XX".into(),
                    sovereign: None,
                    national_scale: None,
                    global_lc: None,
                    global_fc: None,
                    peer_position: None,
                    fictional: true,
                },
            )
            .map(drop)
        })
        .unwrap();
        wb
    }

    #[test]
    fn inputs_round_trip_and_each_edit_is_one_audited_update() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook(dir.path());
        assert_eq!(get(wb.connection(), "A").unwrap(), None);
        let first = EngineInputs {
            expected_transition: Some(Outlook::Positive),
            holistic: Some(Holistic {
                notches: -1,
                rationale: "weaker funding than peers".into(),
            }),
            liquidity_alternative: true,
            ..EngineInputs::default()
        };
        wb.transact(&stamp(), |w| put(w, "A", &first).map(drop))
            .unwrap();
        assert_eq!(get(wb.connection(), "A").unwrap(), Some(first.clone()));
        let second = EngineInputs {
            chosen_option: Some("xxA-".into()),
            above_sovereign_stress_passed: true,
            ..EngineInputs::default()
        };
        wb.transact(&stamp(), |w| put(w, "A", &second).map(drop))
            .unwrap();
        assert_eq!(get(wb.connection(), "A").unwrap(), Some(second.clone()));
        assert_eq!(all(wb.connection()).unwrap(), vec![("A".into(), second)]);
        let v = audit::verify(wb.connection()).unwrap();
        assert!(v.ok, "{:?}", v.problems);
        // Issuer insert, inputs insert, inputs update.
        assert_eq!(v.events, 3);
    }

    #[test]
    fn an_unknown_issuer_a_case_file_or_a_padded_option_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook(dir.path());
        let err = wb
            .transact(&stamp(), |w| put(w, "NOPE", &EngineInputs::default()))
            .unwrap_err();
        assert!(err.to_string().contains("NOPE"), "{err}");
        let case = EngineInputs {
            case: Some("deal.json".into()),
            ..EngineInputs::default()
        };
        let err = wb.transact(&stamp(), |w| put(w, "A", &case)).unwrap_err();
        assert!(err.to_string().contains("case"), "{err}");
        let padded = EngineInputs {
            chosen_option: Some(" xxA".into()),
            ..EngineInputs::default()
        };
        let err = wb.transact(&stamp(), |w| put(w, "A", &padded)).unwrap_err();
        assert!(err.to_string().contains("chosen_option"), "{err}");
        assert_eq!(get(wb.connection(), "A").unwrap(), None);
    }

    #[test]
    fn the_database_refuses_a_rationale_without_notches_and_deleting_a_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook(dir.path());
        wb.transact(&stamp(), |w| {
            put(w, "A", &EngineInputs::default()).map(drop)
        })
        .unwrap();
        let c = wb.connection();
        assert!(c
            .execute(
                "UPDATE issuer_analyst_input SET holistic_rationale = 'x' WHERE holistic_notches IS NULL",
                []
            )
            .is_err());
        assert!(c
            .execute(
                "UPDATE issuer_analyst_input SET expected_transition = 'Up'",
                []
            )
            .is_err());
        assert!(c.execute("DELETE FROM issuer_analyst_input", []).is_err());
    }
}
