//! C-4: a decision is immutable once its report is signed; a later change is a new
//! version linked to the previous one. (The workbook's database trigger refusing the same
//! edit belongs to the store.)

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::guard::{self, Amendment};
use ratebook_core::committee::history::history;

fn amendment(note: &str) -> Amendment {
    Amendment {
        note: note.into(),
        publication_date: Some(d(2026, 9, 4)),
        ..Amendment::default()
    }
}

#[test]
fn c4_an_unsigned_decision_can_be_amended_in_place() {
    let outcome = run(&session(ORDINARIA), &[]);
    let d1 = decision(&outcome, "2").clone();
    let amended = guard::amend(&d1, &amendment("publication scheduled")).unwrap();
    assert_eq!(amended.version, 1);
    assert_eq!(amended.record.publication_date, Some(d(2026, 9, 4)));
    let bad = Amendment {
        publication_date: Some(d(2026, 8, 30)),
        ..Amendment::default()
    };
    assert_eq!(
        guard::amend(&d1, &bad).unwrap_err().to_string(),
        "C-6: item 2 field record.publication_date: 2026-08-30 is before the committee date 2026-08-31"
    );
}

#[test]
fn c4_an_edit_to_a_signed_decision_is_refused() {
    let outcome = run(&session(ORDINARIA), &[]);
    let signed = guard::sign(decision(&outcome, "1"), d(2026, 9, 2), "m-gerente").unwrap();
    assert!(signed.is_signed());
    let err = guard::amend(&signed, &amendment("fix the date")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "C-4: decision 41/2026 item 1 version 1 was signed on 2026-09-02 and cannot change; record the change as a new version linked to it"
    );
    assert_eq!(
        guard::sign(&signed, d(2026, 9, 3), "m-gerente")
            .unwrap_err()
            .rule(),
        "C-4",
        "not even a second signature"
    );
    assert!(guard::refuse_if_signed(&signed).is_err());
    assert!(guard::refuse_if_signed(decision(&outcome, "1")).is_ok());
}

#[test]
fn c4_a_signature_cannot_predate_the_decision() {
    let outcome = run(&session(ORDINARIA), &[]);
    let err = guard::sign(decision(&outcome, "1"), d(2026, 8, 30), "m-gerente").unwrap_err();
    assert_eq!(
        err.to_string(),
        "C-4: decision 41/2026 item 1 field signed_on: 2026-08-30 is before the decision date 2026-08-31"
    );
}

#[test]
fn c4_a_change_after_signing_is_a_new_version_linked_to_the_signed_one() {
    let outcome = run(&session(ORDINARIA), &[]);
    let v1 = guard::sign(decision(&outcome, "1"), d(2026, 9, 2), "m-gerente").unwrap();
    assert_eq!(
        guard::new_version(decision(&outcome, "1"), &amendment("x"))
            .unwrap_err()
            .to_string(),
        "C-4: decision 41/2026 item 1 version 1 is not signed yet; amend it instead of creating a new version"
    );
    assert_eq!(
        guard::new_version(&v1, &amendment("  "))
            .unwrap_err()
            .rule(),
        "C-4"
    );
    let v2 = guard::new_version(
        &v1,
        &amendment("publication moved after the issuer's request"),
    )
    .unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.supersedes, Some(1));
    assert!(!v2.is_signed());
    assert_eq!(v2.key, v1.key);
    assert_eq!(v2.rating, v1.rating, "a new version never changes the vote");
    assert_eq!(
        v2.change_note.as_deref(),
        Some("publication moved after the issuer's request")
    );
    assert_eq!(
        v1.record.publication_date,
        Some(d(2026, 9, 2)),
        "v1 untouched"
    );
    let h = history(&[v2.clone(), v1.clone()], "EMP-DEMO-ANDINA");
    assert_eq!(h.entries.len(), 2);
    assert_eq!(
        (h.entries[0].version, h.entries[0].superseded_by),
        (1, Some(2))
    );
    assert_eq!(
        (h.entries[1].version, h.entries[1].superseded_by),
        (2, None)
    );
    assert!(h.entries[0].signed && !h.entries[1].signed);
    assert!(v2.trace.for_rule("C-4").any(|s| s.after == "version 2"));
}
