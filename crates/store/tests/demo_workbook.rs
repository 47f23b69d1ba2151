//! The demo workbook: at least three national scales, 30+ issuers across sectors with
//! sovereigns and issues, one titularización of each asset type with classes, flows,
//! history and mechanisms, and a past committee session with decisions and history; all
//! fictional and flagged so.

mod support;

use ratebook_store::committee::{self, Subject};
use ratebook_store::vocabulary::{ActionType, AssetType, MethodologyState};
use ratebook_store::{audit, demo, entities, methodology, titularizacion, Workbook};
use std::collections::BTreeSet;
use support::*;

#[test]
fn the_demo_holds_what_the_issue_asks_and_is_labelled_fictional() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let report = demo::build(&path, &demo_sources(), &stamp()).unwrap();
    assert!(report.national_scales >= 3, "{report:?}");
    let wb = Workbook::open(&path).unwrap();
    let c = wb.connection();

    let docs = methodology::list(c).unwrap();
    assert!(docs.iter().filter(|d| d.kind == "national-spec").count() >= 3);
    assert!(docs.iter().all(|d| d.state == MethodologyState::Approved));
    assert!(docs.iter().any(|d| d.id == "sp-xx-table1"));

    let issuers = entities::issuers(c).unwrap();
    assert!(issuers.len() >= 30, "{}", issuers.len());

    // An issuer's case holds exactly its issues and its sovereign (read by index).
    let all_issues = entities::issues(c).unwrap();
    for i in &issuers {
        let case = entities::issuer_case(c, &i.code).unwrap();
        let mine: Vec<_> = all_issues
            .iter()
            .filter(|s| s.issuer == i.code)
            .cloned()
            .collect();
        assert_eq!(case.issues, mine, "{}", i.code);
        assert_eq!(case.sovereign.map(|s| s.code), i.sovereign);
    }

    // Stored analyst inputs of fictional issuers, one with a holistic adjustment (N-5).
    let analyst = ratebook_store::analyst_input::all(c).unwrap();
    assert_eq!(analyst.len(), report.analyst_inputs);
    assert!(analyst
        .iter()
        .all(|(code, _)| issuers.iter().any(|i| &i.code == code && i.fictional)));
    assert!(analyst.iter().any(|(_, a)| a
        .holistic
        .as_ref()
        .is_some_and(|h| h.notches != 0 && !h.rationale.trim().is_empty())));
    let sectors: BTreeSet<_> = issuers.iter().map(|i| i.sector).collect();
    assert!(sectors.len() >= 8, "{sectors:?}");
    assert!(issuers.iter().all(|i| i.fictional && i.sovereign.is_some()));
    assert!(entities::sovereigns(c).unwrap().iter().all(|s| s.fictional));
    let issues = entities::issues(c).unwrap();
    assert!(issues.len() >= 30);
    assert!(issues.iter().any(|i| i.foreign_currency));

    let deals = titularizacion::list(c).unwrap();
    let types: BTreeSet<_> = deals.iter().map(|d| d.asset_type).collect();
    assert_eq!(types.len(), AssetType::ALL.len());
    for d in &deals {
        assert!(d.fictional);
        let case = titularizacion::case(c, &d.code).unwrap();
        assert!(!case.classes.is_empty(), "{}", d.code);
        assert!(!case.flows.is_empty(), "{}", d.code);
        assert!(!case.history.is_empty(), "{}", d.code);
        assert!(!case.mechanisms.is_empty(), "{}", d.code);
        assert_eq!(case.factors.len(), 9, "{}", d.code);
    }

    assert!(report.decisions >= 9);
    let history = committee::history(
        c,
        &Subject::Issuer {
            code: "DEMO-XX-02".into(),
        },
    )
    .unwrap();
    let actions: Vec<_> = history
        .iter()
        .map(|h| (h.session.as_str(), h.action))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("150/2025", ActionType::New),
            ("176/2026", ActionType::Upgrade)
        ]
    );
    let corrected = committee::history(
        c,
        &Subject::Issuer {
            code: "DEMO-XX-05".into(),
        },
    )
    .unwrap();
    assert_eq!(corrected.last().unwrap().version, 2);

    let v = audit::verify(c).unwrap();
    assert!(v.ok, "{:?}", v.problems);
}

#[test]
fn a_failed_demo_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let mut sources = demo_sources();
    sources.demo_dir = dir.path().join("no-such-dir");
    assert!(demo::build(&path, &sources, &stamp()).is_err());
    assert!(!path.exists());
}

#[test]
fn c7_an_approved_methodology_is_frozen_and_states_only_move_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    let (mut wb, _) = committee_workbook(&path);
    let doc = methodology::file_document(TABLE1, methodology::Format::Toml).unwrap();
    // A different body under the same id and version is refused in code...
    let mut edited = doc.clone();
    edited.body.push_str("\n# edited\n");
    edited.body_sha256 = methodology::sha256_hex(edited.body.as_bytes());
    assert!(wb
        .transact(&stamp(), |w| methodology::put(w, &edited).map(drop))
        .is_err());
    // ...and by the database.
    let err = raw(&path)
        .execute("UPDATE methodology_version SET body = 'x'", [])
        .unwrap_err();
    assert!(err.to_string().contains("frozen"), "{err}");
    // approved -> draft is refused; approved -> retired is allowed.
    assert!(wb
        .transact(&stamp(), |w| methodology::set_state(
            w,
            &doc.id,
            &doc.version,
            MethodologyState::Draft
        ))
        .is_err());
    wb.transact(&stamp(), |w| {
        methodology::set_state(w, &doc.id, &doc.version, MethodologyState::Retired)
    })
    .unwrap();
    assert!(
        methodology::in_force(wb.connection(), &doc.id, date(2026, 1, 1))
            .unwrap()
            .is_none()
    );
    assert!(audit::verify(wb.connection()).unwrap().ok);
}
