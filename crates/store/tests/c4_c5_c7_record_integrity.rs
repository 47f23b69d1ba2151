//! C-5: edits made with plain SQL outside Ratebook — a changed field, a deleted row,
//! reordered events, a forged event — are each detected by `verify`. C-4: a signed
//! decision is immutable, refused in code and by the database's triggers.
//! C-7: decisions use approved methodology versions only; approved versions are frozen.

mod support;

use ratebook_store::audit::{self, Verification};
use ratebook_store::committee::{self, ReportFile};
use ratebook_store::demo;
use ratebook_store::vocabulary::Language;
use ratebook_store::{StoreError, Workbook};
use support::*;

fn demo_workbook(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("demo.ratebook");
    demo::build(&path, &demo_sources(), &stamp()).unwrap();
    path
}

fn verify(path: &std::path::Path) -> Verification {
    let wb = Workbook::open(path).unwrap();
    audit::verify(wb.connection()).unwrap()
}

fn mentions(v: &Verification, table: &str, what: &str) -> bool {
    v.problems
        .iter()
        .any(|p| p.table.as_deref() == Some(table) && p.what.contains(what))
}

#[test]
fn c5_the_demo_workbook_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let v = verify(&demo_workbook(&dir));
    assert!(v.ok, "{:?}", v.problems);
    assert!(v.events > 500, "{}", v.events);
}

#[test]
fn c5_a_field_changed_with_plain_sql_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    raw(&path)
        .execute(
            "UPDATE issuer SET global_lc = 'BBB' WHERE code = 'DEMO-XX-02'",
            [],
        )
        .unwrap();
    let v = verify(&path);
    assert!(!v.ok);
    assert!(mentions(&v, "issuer", "global_lc"), "{:?}", v.problems);
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
}

#[test]
fn c5_a_deleted_row_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    let c = raw(&path);
    // The schema refuses deletes; a tamperer must drop the guard first.
    let refused = c.execute("DELETE FROM history_point WHERE id = 1", []);
    assert!(refused.unwrap_err().to_string().contains("never deleted"));
    c.execute_batch(
        "DROP TRIGGER history_point_no_delete; DELETE FROM history_point WHERE id = 1;",
    )
    .unwrap();
    drop(c);
    let v = verify(&path);
    assert!(mentions(&v, "history_point", "missing"), "{:?}", v.problems);
    assert!(
        v.problems
            .iter()
            .any(|p| p.what.contains("history_point_no_delete")),
        "{:?}",
        v.problems
    );
}

#[test]
fn c5_reordered_events_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    let c = raw(&path);
    c.execute_batch(
        "DROP TRIGGER audit_event_no_update;
         UPDATE audit_event SET seq = 1000000 WHERE seq = 10;
         UPDATE audit_event SET seq = 10 WHERE seq = 11;
         UPDATE audit_event SET seq = 11 WHERE seq = 1000000;",
    )
    .unwrap();
    drop(c);
    let v = verify(&path);
    assert!(!v.ok);
    assert!(
        v.problems
            .iter()
            .any(|p| p.event == Some(10) && p.what.contains("hash")),
        "{:?}",
        v.problems
    );
}

#[test]
fn c5_a_forged_event_is_detected_in_the_middle_or_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    let c = raw(&path);
    // At the end: a plausible event whose hash the forger could not compute properly,
    // claiming a new name for an issuer (and the row edited to match).
    let (last, head): (i64, String) = c
        .query_row(
            "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (id, image): (i64, String) = c
        .query_row(
            "SELECT row_id, after FROM audit_event WHERE tbl = 'issuer' ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged_after = image.replace("Altavista Cement", "Altavista Cement Forged");
    c.execute(
        "INSERT INTO audit_event (seq, at, actor, action, tbl, row_id, before, after, prev_hash, hash) \
         VALUES (?1, '2026-10-16T00:00:00.000000Z', 'mallory', 'update', 'issuer', ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![last + 1, id, image, forged_after, head, "f".repeat(64)],
    )
    .unwrap();
    c.execute(
        "UPDATE issuer SET name = 'Altavista Cement Forged' WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(c);
    let v = verify(&path);
    assert!(
        v.problems
            .iter()
            .any(|p| p.event == Some(last + 1) && p.what.contains("hash")),
        "{:?}",
        v.problems
    );

    // In the middle: shifting later events to make room breaks their links and hashes.
    let dir2 = tempfile::tempdir().unwrap();
    let path2 = demo_workbook(&dir2);
    let c = raw(&path2);
    c.execute_batch(
        "DROP TRIGGER audit_event_no_update;
         UPDATE audit_event SET seq = seq + 1000000 WHERE seq >= 5;
         UPDATE audit_event SET seq = seq - 999999 WHERE seq >= 1000000;",
    )
    .unwrap();
    let prev: String = c
        .query_row("SELECT hash FROM audit_event WHERE seq = 4", [], |r| {
            r.get(0)
        })
        .unwrap();
    c.execute(
        "INSERT INTO audit_event (seq, at, actor, action, tbl, row_id, before, after, prev_hash, hash) \
         VALUES (5, '2026-10-16T00:00:00.000000Z', 'mallory', 'insert', 'member', 999, NULL, '{}', ?1, ?2)",
        rusqlite::params![prev, "e".repeat(64)],
    )
    .unwrap();
    drop(c);
    let v = verify(&path2);
    assert!(!v.ok);
    assert!(
        v.problems.iter().any(|p| p.event == Some(5)),
        "{:?}",
        v.problems
    );
    assert!(
        v.problems.iter().any(|p| p.event == Some(6)),
        "{:?}",
        v.problems
    );
}

#[test]
fn c5_a_row_added_outside_ratebook_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    raw(&path)
        .execute(
            "INSERT INTO member (code, name, title, role, fictional) VALUES ('X', 'Ghost', 't', 'chair', 1)",
            [],
        )
        .unwrap();
    let v = verify(&path);
    assert!(mentions(&v, "member", "not recorded"), "{:?}", v.problems);
}

#[test]
fn c5_every_change_appends_an_event_and_unchanged_writes_append_none() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wb, item) = committee_workbook(&dir.path().join("w.ratebook"));
    let before = audit::verify(wb.connection()).unwrap().events;
    let d = wb
        .transact_durable(&stamp(), |w| {
            committee::record_decision(w, item, &decision("xxAA"), None)
        })
        .unwrap();
    let after = audit::verify(wb.connection()).unwrap();
    assert!(after.ok, "{:?}", after.problems);
    assert_eq!(after.events, before + 4, "decision + three approvers");
    wb.transact(&stamp(), |w| {
        committee::set_published_on(w, d, date(2026, 10, 20))?;
        committee::set_published_on(w, d, date(2026, 10, 20))
    })
    .unwrap();
    assert_eq!(audit::verify(wb.connection()).unwrap().events, before + 5);
}

#[test]
fn c4_a_signed_decision_is_immutable_in_code_and_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    let (mut wb, item) = committee_workbook(&path);
    let (d, head) = wb
        .transact_durable(&stamp(), |w| {
            let d = committee::record_decision(w, item, &decision("xxAA"), None)?;
            let report = committee::file_report(
                w,
                d,
                &ReportFile {
                    language: Language::Es,
                    file_name: "informe.pdf".into(),
                    sha256: "a".repeat(64),
                    size_bytes: 1000,
                },
            )?;
            let head = committee::sign_report(w, report, "C", &"b".repeat(64), 1200)?;
            Ok((d, head))
        })
        .unwrap();
    assert_eq!(head.len(), 64);
    assert!(committee::is_signed(wb.connection(), d).unwrap());

    // In code.
    let err = wb
        .transact(&stamp(), |w| {
            committee::set_published_on(w, d, date(2026, 10, 20))
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::SignedDecision { decision } if decision == d));

    // In the database, whoever writes.
    let c = raw(&path);
    let err = c
        .execute("UPDATE decision SET rating = 'xxAAA' WHERE id = ?1", [d])
        .unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    let err = c
        .execute("UPDATE report_file SET sha256 = ?1", [&"c".repeat(64)])
        .unwrap_err();
    assert!(err.to_string().contains("never changed"), "{err}");
    drop(c);

    // A change is a new decision version linked to the signed one.
    let v2 = wb
        .transact_durable(&stamp(), |w| {
            committee::record_decision(w, item, &decision("xxAA-"), Some(d))
        })
        .unwrap();
    let history = committee::history(
        wb.connection(),
        &committee::Subject::Issuer { code: "T-1".into() },
    )
    .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].decision, v2);
    assert_eq!(history[1].version, 2);
    assert_eq!(history[1].previous, Some(d));
    assert!(history[0].signed && !history[1].signed);
    assert!(audit::verify(wb.connection()).unwrap().ok);
}

#[test]
fn c4_decisions_and_signatures_need_the_durable_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wb, item) = committee_workbook(&dir.path().join("w.ratebook"));
    let err = wb
        .transact(&stamp(), |w| {
            committee::record_decision(w, item, &decision("xxAA"), None)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotDurable { .. }));
    assert!(committee::decision_ids(wb.connection()).unwrap().is_empty());
}

#[test]
fn c7_a_decision_on_a_draft_methodology_is_refused_in_code_and_by_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    let (mut wb, item) = committee_workbook(&path);
    let draft = ratebook_store::methodology::MethodologyDocument {
        version: "2026-draft".into(),
        ..ratebook_store::methodology::file_document(
            TABLE1,
            ratebook_store::methodology::Format::Toml,
        )
        .unwrap()
    };
    wb.transact(&stamp(), |w| {
        ratebook_store::methodology::put(w, &draft).map(drop)
    })
    .unwrap();
    let mut d = decision("xxAA");
    d.methodology.version = "2026-draft".into();
    let err = wb
        .transact_durable(&stamp(), |w| committee::record_decision(w, item, &d, None))
        .unwrap_err();
    assert!(err.to_string().contains("C-7"), "{err}");

    let c = raw(&path);
    let draft_id: i64 = c
        .query_row(
            "SELECT id FROM methodology_version WHERE version = '2026-draft'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let err = c
        .execute(
            "INSERT INTO decision (agenda_item_id, version, rating, action, solicited, issuer_participation, \
             lead_analyst_id, methodology_version_id, info_cutoff, sources, key_assumptions, decided_on) \
             SELECT ?1, 1, 'xxAA', 'new', 1, 1, lead_analyst_id, ?2, '2026-08-31', '', '', '2026-10-15' \
             FROM (SELECT analyst_id AS lead_analyst_id FROM agenda_item WHERE id = ?1)",
            rusqlite::params![item, draft_id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("approved methodology"), "{err}");
}
