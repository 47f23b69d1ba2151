//! T-6 as the committee applies it (stale information blocks a titularización decision),
//! and C-7: decisions use approved methodology versions only; approving a version retires
//! its predecessor and puts the affected ratings under observation with a deadline.

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::agenda::{Subject, SubjectKind};
use ratebook_core::committee::lifecycle::{
    approve, AffectedRating, MethodologyRef, MethodologyState,
};

#[test]
fn t6_a_stale_titularizacion_is_blocked() {
    let mut file = session(TITULARIZACION);
    // Committee on 30 Sep: the oldest accepted cut-off is 30 Jul (freshness::check).
    file.items[0].proposal.information_cutoff = d(2026, 7, 29);
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "1");
    assert_eq!(r.rule, "T-6");
    assert_eq!(
        r.message,
        "T-6: item 1 field information_cutoff: 2026-07-29 is older than 2 calendar month(s) before the committee date 2026-09-30; the oldest accepted cut-off is 2026-07-30; the titularización decision is blocked until the information is updated (seed 003 §1.2)"
    );
    assert_eq!(
        decision(&outcome, "2").rating,
        "AA-",
        "the other class goes on"
    );
}

#[test]
fn t6_two_calendar_months_at_a_month_end_is_fresh() {
    let mut file = session(TITULARIZACION);
    file.session.number = "40/2026".parse().unwrap();
    file.session.date = d(2026, 8, 31);
    file.items[0].proposal.information_cutoff = d(2026, 6, 30);
    file.items[0].proposal.record.publication_date = None;
    let outcome = run(&file, &[]);
    let dec = decision(&outcome, "1");
    let step = dec.trace.for_rule("T-6").next().unwrap();
    assert_eq!(step.after, "fresh");
    assert_eq!(step.section, "003 §1.2");
}

#[test]
fn t6_a_cutoff_after_the_committee_is_refused() {
    let mut file = session(TITULARIZACION);
    file.items[0].proposal.information_cutoff = d(2026, 10, 1);
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "1");
    assert!(r.message.starts_with("T-6: item 1 field information_cutoff: information cut-off 2026-10-01 is after the committee date"), "{}", r.message);
}

#[test]
fn t6_national_ratings_are_not_held_to_the_titularizacion_window() {
    let mut file = session(ORDINARIA);
    file.items[1].proposal.information_cutoff = d(2026, 3, 31);
    let outcome = run(&file, &[]);
    assert!(decision(&outcome, "2")
        .trace
        .for_rule("T-6")
        .next()
        .is_none());
}

#[test]
fn c7_a_decision_on_a_draft_methodology_is_refused() {
    let mut file = session(ORDINARIA);
    file.items[1].proposal.methodology.version = "2026-draft".into();
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "2").message,
        "C-7: methodology 'sp-xx-table1' version '2026-draft' is draft on 2026-08-31; decisions use approved versions only"
    );
}

#[test]
fn c7_a_decision_on_a_retired_or_unknown_methodology_is_refused() {
    let mut file = session(TITULARIZACION);
    file.items[0].proposal.methodology.version = "2025.1".into();
    file.items[1].proposal.methodology.id = "class-otra".into();
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "1").message,
        "C-7: methodology 'class-titularizacion-default' version '2025.1' is retired on 2026-09-30; decisions use approved versions only"
    );
    assert_eq!(
        refusal(&outcome, "2").message,
        "C-7: methodology 'class-otra' version '2026.1-project-default' is not in the workbook; decisions use approved versions only"
    );
    // A version approved after the session date was still a draft then.
    let mut file = session(ORDINARIA);
    file.session.number = "3/2023".parse().unwrap();
    file.session.date = d(2023, 6, 30);
    file.items[0].proposal.information_cutoff = d(2023, 5, 31);
    file.items[0].proposal.record.publication_date = None;
    let mut rules = rules();
    rules.effective_date = d(2023, 1, 1);
    let catalogue = catalogue();
    let outcome = ratebook_core::committee::run_session(
        &rules,
        ratebook_core::committee::SessionContext {
            methodologies: &catalogue,
            decisions: &[],
        },
        &file,
    )
    .unwrap();
    assert!(refusal(&outcome, "1")
        .message
        .contains("is draft on 2023-06-30"));
}

fn affected(id: &str, current: &str, candidate: &str) -> AffectedRating {
    AffectedRating {
        subject: Subject {
            kind: SubjectKind::Issuer,
            id: id.into(),
            name: format!("{id} (fictional)"),
            parent: None,
        },
        current: current.into(),
        candidate: candidate.into(),
    }
}

#[test]
fn c7_approving_a_version_retires_the_old_one_and_puts_affected_ratings_under_observation() {
    let target = MethodologyRef {
        id: "sp-xx-table1".into(),
        version: "2026-draft".into(),
    };
    let approval = approve(
        &catalogue(),
        &target,
        d(2026, 8, 31),
        vec![
            affected("EMP-DEMO-ANDINA", "xxA+", "xxAA-"),
            affected("EMP-DEMO-COSTA", "xxBBB", "xxBBB-"),
        ],
        &rules(),
    )
    .unwrap();
    assert_eq!(approval.approved.approved_on, Some(d(2026, 8, 31)));
    assert_eq!(approval.approved.state(), MethodologyState::Approved);
    assert_eq!(approval.retired.len(), 1);
    assert_eq!(approval.retired[0].version, "2023-06-08.1");
    assert_eq!(approval.retired[0].retired_on, Some(d(2026, 8, 31)));
    assert_eq!(approval.observations.len(), 2);
    // Six months after 31 August is the end of February.
    assert!(approval
        .observations
        .iter()
        .all(|o| o.review_by == d(2027, 2, 28) && o.methodology == target));
    assert_eq!(
        approval.trace.for_rule("C-7").last().unwrap().section,
        "001 §Impact on outstanding ratings"
    );
}

#[test]
fn c7_only_a_draft_can_be_approved() {
    let err = approve(
        &catalogue(),
        &MethodologyRef {
            id: "sp-xx-table1".into(),
            version: "2023-06-08.1".into(),
        },
        d(2026, 8, 31),
        vec![],
        &rules(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "C-7: methodology 'sp-xx-table1' version '2023-06-08.1' is approved; only a draft version can be approved"
    );
    let err = approve(
        &catalogue(),
        &MethodologyRef {
            id: "sp-xx-table1".into(),
            version: "2026-draft".into(),
        },
        d(2023, 1, 1),
        vec![],
        &rules(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("before its predecessor '2023-06-08.1' was approved (2023-07-01)"),
        "{err}"
    );
}

#[test]
fn c7_the_observation_deadline_is_data() {
    let mut rules = rules();
    rules.review.observation_months = 3;
    let approval = approve(
        &catalogue(),
        &MethodologyRef {
            id: "sp-xx-table1".into(),
            version: "2026-draft".into(),
        },
        d(2026, 11, 30),
        vec![affected("EMP-DEMO-COSTA", "xxBBB", "xxBBB-")],
        &rules,
    )
    .unwrap();
    assert_eq!(approval.observations[0].review_by, d(2027, 2, 28));
}
