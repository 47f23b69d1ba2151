//! C-8: every outstanding rating has a next-review date (six months for titularizaciones,
//! twelve otherwise, configurable) and overdue reviews are listed; C-7 observations bring
//! a review forward until the committee has reviewed the rating.

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::agenda::{Subject, SubjectKind};
use ratebook_core::committee::decision::Decision;
use ratebook_core::committee::lifecycle::{approve, AffectedRating, MethodologyRef};
use ratebook_core::committee::surveillance::{calendar, next_review, DueReason};

fn subject(kind: SubjectKind) -> Subject {
    Subject {
        kind,
        id: "X".into(),
        name: "X (fictional)".into(),
        parent: Some("P".into()),
    }
}

#[test]
fn c8_due_dates_across_month_ends() {
    let rules = rules();
    let class = subject(SubjectKind::Class);
    let issuer = subject(SubjectKind::Issuer);
    assert_eq!(
        next_review(&rules, &class, d(2026, 8, 31)),
        Ok(d(2027, 2, 28))
    );
    assert_eq!(
        next_review(&rules, &class, d(2027, 8, 31)),
        Ok(d(2028, 2, 29))
    );
    assert_eq!(
        next_review(&rules, &class, d(2026, 3, 31)),
        Ok(d(2026, 9, 30))
    );
    assert_eq!(
        next_review(&rules, &issuer, d(2026, 8, 31)),
        Ok(d(2027, 8, 31))
    );
    assert_eq!(
        next_review(&rules, &issuer, d(2028, 2, 29)),
        Ok(d(2029, 2, 28))
    );
    let mut quarterly = rules.clone();
    quarterly.review.titularizacion_months = 3;
    assert_eq!(
        next_review(
            &quarterly,
            &subject(SubjectKind::Titularizacion),
            d(2026, 11, 30)
        ),
        Ok(d(2027, 2, 28))
    );
}

fn decisions() -> Vec<Decision> {
    let mut all: Vec<Decision> = run(&session(ORDINARIA), &[]).decisions().cloned().collect();
    all.extend(run(&session(TITULARIZACION), &[]).decisions().cloned());
    all
}

#[test]
fn c8_overdue_reviews_are_listed_as_of_a_date() {
    let all = decisions();
    // Classes decided 30 Sep 2026 are due 30 Mar 2027 (the day exists, nothing clamps);
    // issuers decided 31 Aug 2026 are due 31 Aug 2027.
    let list = calendar(&rules(), &all, &[], d(2027, 3, 30)).unwrap();
    let due: Vec<(&str, chrono::NaiveDate, bool)> = list
        .reviews
        .iter()
        .map(|r| (r.subject.id.as_str(), r.due, r.overdue))
        .collect();
    assert_eq!(
        due,
        [
            ("FT-DEMO-PACIFICO/A", d(2027, 3, 30), false),
            ("FT-DEMO-PACIFICO/B", d(2027, 3, 30), false),
            ("EMP-DEMO-ANDINA", d(2027, 8, 31), false),
            ("EMP-DEMO-COSTA", d(2027, 8, 31), false),
        ]
    );
    assert_eq!(list.overdue().count(), 0, "due today is not yet overdue");
    let later = calendar(&rules(), &all, &[], d(2027, 4, 1)).unwrap();
    let overdue: Vec<(&str, i64)> = later
        .overdue()
        .map(|r| (r.subject.id.as_str(), r.days_overdue))
        .collect();
    assert_eq!(
        overdue,
        [("FT-DEMO-PACIFICO/A", 2), ("FT-DEMO-PACIFICO/B", 2)]
    );
    assert_eq!(later.reviews[0].reason, DueReason::Periodic { months: 6 });
    let step = &later.trace.steps()[0];
    assert_eq!(step.rule, "C-8");
    assert_eq!(step.after, "due 2027-03-30");
    assert!(
        step.reason.ends_with("2 day(s) overdue as of 2027-04-01"),
        "{}",
        step.reason
    );
}

#[test]
fn c8_an_observation_brings_the_review_forward_until_the_rating_is_reviewed() {
    let all = decisions();
    let andina = all
        .iter()
        .find(|d| d.subject.id == "EMP-DEMO-ANDINA")
        .unwrap();
    let approval = approve(
        &catalogue(),
        &MethodologyRef {
            id: "sp-xx-table1".into(),
            version: "2026-draft".into(),
        },
        d(2026, 10, 31),
        vec![AffectedRating {
            subject: andina.subject.clone(),
            current: "xxA+".into(),
            candidate: "xxAA-".into(),
        }],
        &rules(),
    )
    .unwrap();
    let list = calendar(&rules(), &all, &approval.observations, d(2027, 5, 3)).unwrap();
    let review = list
        .reviews
        .iter()
        .find(|r| r.subject.id == "EMP-DEMO-ANDINA")
        .unwrap();
    assert_eq!(review.due, d(2027, 4, 30));
    assert!(review.overdue);
    assert_eq!(review.days_overdue, 3);
    assert_eq!(
        review.reason,
        DueReason::Observation {
            methodology: "sp-xx-table1 2026-draft".into()
        }
    );
    // An observation placed before the latest decision no longer counts.
    let list = calendar(&rules(), &all, &approval.observations, d(2026, 12, 1)).unwrap();
    let mut moved = approval.observations.clone();
    moved[0].placed_on = d(2026, 8, 1);
    let without = calendar(&rules(), &all, &moved, d(2026, 12, 1)).unwrap();
    let due_of = |l: &ratebook_core::committee::surveillance::DueList| {
        l.reviews
            .iter()
            .find(|r| r.subject.id == "EMP-DEMO-ANDINA")
            .unwrap()
            .due
    };
    assert_eq!(due_of(&list), d(2027, 4, 30));
    assert_eq!(due_of(&without), d(2027, 8, 31));
}
