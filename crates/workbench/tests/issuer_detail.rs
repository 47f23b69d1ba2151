//! The issuer detail over the demo workbook (SPEC §7, N-1…N-8): the engine's national
//! rating from the workbook's rows and the analyst's stored inputs, the inputs' edits
//! (refused by the engine's rules before anything is written), and peers (N-4).

use chrono::{DateTime, NaiveDate};
use ratebook_core::committee::session_file::EngineInputs;
use ratebook_core::national::rate::Holistic;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::{analyst_input, audit, Stamp, Workbook};
use ratebook_workbench::catalogue;
use ratebook_workbench::issuer::{self, SaveError};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn stamp() -> Stamp {
    // A fixed instant: tests read no clock.
    Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
}

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo_workbook() -> (tempfile::TempDir, Workbook) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let sources = DemoSources {
        demo_dir: fixtures().join("demo"),
        methodology_dirs: vec![fixtures().join("methodologies")],
    };
    demo::build(&path, &sources, &stamp()).unwrap();
    let wb = Workbook::open(&path).unwrap();
    (dir, wb)
}

fn holistic(notches: i32, rationale: &str) -> EngineInputs {
    EngineInputs {
        holistic: Some(Holistic {
            notches,
            rationale: rationale.into(),
        }),
        ..EngineInputs::default()
    }
}

#[test]
fn n3_n4_n5_the_detail_shows_the_engines_rating_with_the_stored_holistic_step() {
    let (_dir, wb) = demo_workbook();
    let d = issuer::detail(wb.connection(), "DEMO-XX-02", on()).unwrap();
    assert!(d.inputs_stored);
    assert!(d.unrated.is_none(), "{:?}", d.unrated);
    let r = d.rating.expect("rated");
    assert_eq!(
        (r.spec.as_str(), r.spec_version.is_empty()),
        ("sp-xx-table1", false)
    );
    // Table 1: global BB- maps to xxA- or xxBBB+ (N-3).
    assert_eq!(r.issuer.options, ["xxA-", "xxBBB+"]);
    let n5: Vec<_> = r.trace.0.iter().filter(|s| s.rule == "N-5").collect();
    assert_eq!(n5.len(), 1, "{:?}", r.trace);
    let step = n5[0];
    assert_eq!(step.before, r.issuer.selected);
    assert_eq!(step.after, r.issuer.final_rating);
    assert!(step.reason.contains("+1"), "{}", step.reason);
    assert!(step.reason.contains("Deposit franchise"), "{}", step.reason);
    assert!(step.section.contains("001"), "{}", step.section);
    // Every step cites a rule among N-1…N-14.
    assert!(r.trace.0.iter().all(|s| s.rule.starts_with("N-")));
    // The issues are notched from the national ICR (N-8).
    assert_eq!(
        r.issues.len(),
        d.case.issues.len() - d.issues_not_rated.len()
    );
    assert!(r.trace.0.iter().any(|s| s.rule.starts_with("N-8")));
}

#[test]
fn n5_saving_a_new_holistic_adjustment_recomputes_the_rating_in_one_audited_edit() {
    let (_dir, mut wb) = demo_workbook();
    let before = issuer::detail(wb.connection(), "DEMO-XX-02", on())
        .unwrap()
        .rating
        .unwrap();
    let events = audit::verify(wb.connection()).unwrap().events;
    let after = issuer::save_inputs(
        &mut wb,
        &stamp(),
        "DEMO-XX-02",
        &holistic(-1, "weaker capital than peers (test)"),
        on(),
    )
    .unwrap();
    let rating = after.rating.unwrap();
    assert_ne!(rating.issuer.final_rating, before.issuer.final_rating);
    assert_eq!(rating.issuer.selected, before.issuer.selected);
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.events, events + 1, "one update of the inputs row");
    assert_eq!(
        analyst_input::get(wb.connection(), "DEMO-XX-02").unwrap(),
        Some(holistic(-1, "weaker capital than peers (test)"))
    );
}

fn refused(result: Result<issuer::IssuerDetail, SaveError>) -> issuer::InputsRefused {
    match result {
        Err(SaveError::Refused(r)) => *r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn n5_a_holistic_adjustment_outside_minus_3_plus_3_is_refused_and_nothing_is_written() {
    let (_dir, mut wb) = demo_workbook();
    let stored = analyst_input::get(wb.connection(), "DEMO-XX-02").unwrap();
    let events = audit::verify(wb.connection()).unwrap().events;
    let r = refused(issuer::save_inputs(
        &mut wb,
        &stamp(),
        "DEMO-XX-02",
        &holistic(5, "too much"),
        on(),
    ));
    assert_eq!(r.rule, "N-5");
    assert_eq!(r.code, "holistic-range");
    assert_eq!(r.field.as_deref(), Some("holistic.notches"));
    assert_eq!(r.value.as_deref(), Some("5"));
    assert!(r.message.starts_with("N-5"), "{}", r.message);
    assert_eq!(
        analyst_input::get(wb.connection(), "DEMO-XX-02").unwrap(),
        stored
    );
    assert_eq!(audit::verify(wb.connection()).unwrap().events, events);
}

#[test]
fn n5_a_holistic_adjustment_without_rationale_is_refused() {
    let (_dir, mut wb) = demo_workbook();
    let r = refused(issuer::save_inputs(
        &mut wb,
        &stamp(),
        "DEMO-XX-02",
        &holistic(2, "  "),
        on(),
    ));
    assert_eq!(
        (r.rule.as_str(), r.field.as_deref()),
        ("N-5", Some("holistic.rationale"))
    );
}

#[test]
fn n5_a_holistic_adjustment_cannot_lift_an_issuer_above_the_sovereign() {
    let (_dir, mut wb) = demo_workbook();
    // DEMO-XX-01 is at global BB+ (xxAA or xxAA-); the sovereign XX (BBB-) maps to xxAA+.
    let r = refused(issuer::save_inputs(
        &mut wb,
        &stamp(),
        "DEMO-XX-01",
        &holistic(3, "strong (test)"),
        on(),
    ));
    assert_eq!(
        (r.rule.as_str(), r.code.as_str()),
        ("N-5", "holistic-above-sovereign")
    );
    assert_eq!(r.accepted.as_deref(), Some("xxAA+"));
}

#[test]
fn n4_a_chosen_option_not_listed_at_the_global_level_is_refused() {
    let (_dir, mut wb) = demo_workbook();
    let inputs = EngineInputs {
        chosen_option: Some("xxAAA".into()),
        ..EngineInputs::default()
    };
    let r = refused(issuer::save_inputs(
        &mut wb,
        &stamp(),
        "DEMO-XX-02",
        &inputs,
        on(),
    ));
    assert_eq!(
        (r.rule.as_str(), r.field.as_deref()),
        ("N-4", Some("chosen_option"))
    );
    assert_eq!(r.accepted.as_deref(), Some("xxA-, xxBBB+"));
}

#[test]
fn n4_the_chosen_option_and_n7_the_alternative_short_term_are_applied() {
    let (_dir, mut wb) = demo_workbook();
    let low = EngineInputs {
        chosen_option: Some("xxBBB+".into()),
        ..EngineInputs::default()
    };
    let d = issuer::save_inputs(&mut wb, &stamp(), "DEMO-XX-02", &low, on()).unwrap();
    let r = d.rating.unwrap();
    assert_eq!(r.issuer.selected, "xxBBB+");
    assert!(r
        .trace
        .0
        .iter()
        .any(|s| s.rule == "N-4" && s.after == "xxBBB+"));
    let alt = EngineInputs {
        liquidity_alternative: true,
        ..low
    };
    let d = issuer::save_inputs(&mut wb, &stamp(), "DEMO-XX-02", &alt, on()).unwrap();
    let n7 = d
        .rating
        .unwrap()
        .trace
        .0
        .into_iter()
        .find(|s| s.rule == "N-7")
        .unwrap();
    assert!(n7.reason.starts_with("alternative"), "{}", n7.reason);
}

#[test]
fn n4_peers_are_the_issuers_at_the_same_global_level_on_the_same_scale() {
    let (_dir, wb) = demo_workbook();
    let p = issuer::peers(wb.connection(), "DEMO-XX-02", on()).unwrap();
    assert_eq!(p.options, ["xxA-", "xxBBB+"]);
    assert_eq!(p.spec.as_deref(), Some("sp-xx-table1"));
    let codes: Vec<&str> = p.peers.iter().map(|x| x.code.as_str()).collect();
    assert!(codes.len() >= 2, "{codes:?}");
    assert_eq!(p.total, codes.len());
    assert!(codes.contains(&"DEMO-XX-02"));
    let issuers = ratebook_store::entities::issuers(wb.connection()).unwrap();
    for peer in &p.peers {
        let row = issuers.iter().find(|i| i.code == peer.code).unwrap();
        assert_eq!(row.global_lc, p.global);
        assert_eq!(row.national_scale, p.scale);
        assert_eq!(peer.subject, peer.code == "DEMO-XX-02");
        // Each peer is rated with its own stored inputs.
        let own = issuer::detail(wb.connection(), &peer.code, on()).unwrap();
        assert_eq!(peer.final_rating, own.rating.map(|r| r.issuer.final_rating));
    }
    let subject = p.peers.iter().find(|x| x.subject).unwrap();
    assert_eq!(subject.holistic, 1);
}

#[test]
fn n1_the_spec_is_the_approved_version_of_the_issuers_scale_in_force_on_the_date() {
    let (_dir, wb) = demo_workbook();
    let c = catalogue::load(wb.connection()).unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(
        issuer::spec_for_scale(&c, "xx", on()).unwrap().id,
        "sp-xx-table1"
    );
    assert_eq!(
        issuer::spec_for_scale(&c, "ZA", d(2017, 1, 1)).unwrap().id,
        "gcr-za-2016-12-09"
    );
    assert_eq!(
        issuer::spec_for_scale(&c, "ZA", on()).unwrap().id,
        "gcr-za-2017-04-26"
    );
    let none = issuer::spec_for_scale(&c, "QQ", on()).unwrap_err();
    assert_eq!((none.rule.as_str(), none.code.as_str()), ("N-1", "no-spec"));
}

#[test]
fn c2_the_committee_given_the_stored_inputs_computes_the_detail_rating() {
    let (_dir, wb) = demo_workbook();
    let c = wb.connection();
    let stored = analyst_input::get(c, "DEMO-XX-02").unwrap().unwrap();
    let detail = issuer::detail(c, "DEMO-XX-02", on())
        .unwrap()
        .rating
        .unwrap();
    // The committee builds its engine input with the same function from a session file's
    // `engine` object; with the stored inputs there it rates the issuer identically.
    let entity = ratebook_workbench::committee::entity_input(c, "DEMO-XX-02", Some(&stored))
        .unwrap()
        .unwrap();
    let cat = catalogue::load(c).unwrap();
    let spec = issuer::spec_for_scale(&cat, "xx", on()).unwrap();
    let r = ratebook_core::national::rate::rate_entity(
        spec,
        &cat.national_parameters().unwrap(),
        &entity,
        &[],
    )
    .unwrap();
    assert_eq!(r.issuer.final_rating, detail.issuer.final_rating);
}

#[test]
fn n9_every_demo_issuer_is_rated_or_says_which_rule_stops_it_and_no_issue_is_dropped() {
    let (_dir, wb) = demo_workbook();
    let mut rated = 0;
    for i in ratebook_store::entities::issuers(wb.connection()).unwrap() {
        let d = issuer::detail(wb.connection(), &i.code, on()).unwrap();
        match (&d.rating, &d.unrated) {
            (Some(r), None) => {
                rated += 1;
                // Every issue is either rated or named with the rule that keeps it unrated.
                assert_eq!(
                    r.issues.len() + d.issues_not_rated.len(),
                    d.case.issues.len(),
                    "{}",
                    i.code
                );
            }
            (None, Some(u)) => assert!(u.message.starts_with(&u.rule), "{}: {u:?}", i.code),
            other => panic!("{}: {other:?}", i.code),
        }
    }
    assert!(rated >= 30, "{rated}");
    // The real Austin table has no row for CCC+ (it goes from B- to CCC): the detail says
    // so instead of inventing a rating.
    let br = issuer::detail(wb.connection(), "DEMO-BR-04", on()).unwrap();
    assert_eq!(br.unrated.map(|u| u.rule), Some("N-3".to_string()));
}

#[test]
fn n4_n7_the_demos_stored_transition_choice_and_liquidity_inputs_reach_the_engine() {
    let (_dir, wb) = demo_workbook();
    let c = wb.connection();
    let rated = |code: &str| issuer::detail(c, code, on()).unwrap().rating.unwrap();
    // DEMO-XX-11: global B+, middle of xxBBB, xxBBB-, xxBB+; a negative outlook tilts one lower.
    let r = rated("DEMO-XX-11");
    assert_eq!(r.issuer.options, ["xxBBB", "xxBBB-", "xxBB+"]);
    assert_eq!(r.issuer.selected, "xxBB+");
    // DEMO-XX-12: global BB-, lower position (xxBBB+), the analyst picks xxA-.
    let r = rated("DEMO-XX-12");
    assert_eq!(r.issuer.selected, "xxA-");
    assert!(r
        .trace
        .0
        .iter()
        .any(|s| s.rule == "N-4" && s.after == "xxA-"));
    // DEMO-XX-05: the alternative short-term mapping.
    let n7 = rated("DEMO-XX-05")
        .trace
        .0
        .into_iter()
        .find(|s| s.rule == "N-7")
        .unwrap();
    assert!(n7.reason.starts_with("alternative"), "{}", n7.reason);
}
