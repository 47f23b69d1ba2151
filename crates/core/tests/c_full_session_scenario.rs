//! A committee's year, from agenda to decisions to history (SPEC C-2 … C-8): the example
//! session files of `fixtures/sessions/` run against a workbook that grows session by
//! session, as `ratebook committee run` will run them.

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::decision::Decision;
use ratebook_core::committee::guard;
use ratebook_core::committee::history::history;
use ratebook_core::committee::lifecycle::{approve, AffectedRating, MethodologyRef};
use ratebook_core::committee::r#override::OverrideApproval;
use ratebook_core::committee::record::ActionType;
use ratebook_core::committee::surveillance::calendar;
use ratebook_core::committee::vote::Vote;
use ratebook_core::committee::{run_session, SessionContext};

#[test]
fn c2_to_c8_a_full_session_scenario_from_agenda_to_history() {
    let rules = rules();
    let mut catalogue = catalogue();
    let mut workbook: Vec<Decision> = Vec::new();

    // 41/2026, ordinaria: two issuers on the national scale, one with an override.
    let outcome = run(&session(ORDINARIA), &workbook);
    assert!(outcome.quorum.met);
    assert_eq!(outcome.refusals().count(), 0);
    let andina = decision(&outcome, "1");
    assert_eq!(
        (andina.rating.as_str(), andina.indicative.rating.as_str()),
        ("xxA+", "xxA")
    );
    assert_eq!(andina.override_record.as_ref().unwrap().notches, 1);
    assert_eq!(
        andina.indicative.trace.steps().len(),
        2,
        "the engine's trace is kept"
    );
    let rules_cited: Vec<&str> = andina
        .trace
        .steps()
        .iter()
        .map(|s| s.rule.as_str())
        .collect();
    // Quorum, methodology, vote, override, departure from the recommendation, action, review.
    assert_eq!(
        rules_cited,
        ["C-2", "C-7", "C-2", "C-3", "C-2", "C-6", "C-8"]
    );
    assert_eq!(andina.rules, "ratebook-committee-rules 2026.1");
    // As the CLI prints it with --json: tagged outcomes, refusals rule first.
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["items"][0]["outcome"], "decided");
    assert_eq!(json["items"][0]["decision"]["key"]["session"], "41/2026");
    assert_eq!(
        json["items"][0]["decision"]["override"]["reason_code"],
        "EVENT"
    );
    assert_eq!(json["items"][1]["decision"]["record"]["action"], "new");
    // The report is signed two days later: the decision is now immutable.
    for d in outcome.decisions() {
        workbook.push(guard::sign(d, d.date + chrono::Days::new(2), "m-gerente").unwrap());
    }

    // 42/2026, extraordinaria: no quorum, no decision, nothing recorded.
    let outcome = run(&session(SIN_QUORUM), &workbook);
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["items"][0]["outcome"], "refused");
    assert_eq!(json["items"][0]["refusal"]["rule"], "C-2");
    assert!(json["items"][0]["refusal"]["message"]
        .as_str()
        .unwrap()
        .starts_with("C-2: no quorum"));

    // 43/2026, ordinaria: a titularización's two classes; class B beyond the override
    // limit, confirmed by the chair.
    let outcome = run(&session(TITULARIZACION), &workbook);
    let class_b = decision(&outcome, "2");
    assert_eq!(
        class_b.override_record.as_ref().unwrap().approval,
        OverrideApproval::ChairConfirmation
    );
    assert!(class_b.trace.for_rule("T-6").count() == 1);
    workbook.extend(outcome.decisions().cloned());

    // October: a new national mapping is approved; Andina would move, so it goes under
    // observation for six months.
    let approval = approve(
        &catalogue,
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
        &rules,
    )
    .unwrap();
    for changed in approval.retired.iter().chain([&approval.approved]) {
        let slot = catalogue
            .iter_mut()
            .find(|m| m.id == changed.id && m.version == changed.version)
            .unwrap();
        *slot = changed.clone();
    }
    let due = calendar(&rules, &workbook, &approval.observations, d(2027, 1, 4)).unwrap();
    let ids: Vec<(&str, chrono::NaiveDate)> = due
        .reviews
        .iter()
        .map(|r| (r.subject.id.as_str(), r.due))
        .collect();
    assert_eq!(
        ids,
        [
            ("FT-DEMO-PACIFICO/A", d(2027, 3, 30)),
            ("FT-DEMO-PACIFICO/B", d(2027, 3, 30)),
            ("EMP-DEMO-ANDINA", d(2027, 4, 30)),
            ("EMP-DEMO-COSTA", d(2027, 8, 31)),
        ]
    );
    assert_eq!(due.overdue().count(), 0);

    // 5/2027: the observation review, under the new version (the old one is retired).
    let mut file = session(ORDINARIA);
    file.session.number = "5/2027".parse().unwrap();
    file.session.date = d(2027, 4, 28);
    file.items.truncate(1);
    let item = &mut file.items[0];
    item.proposal.methodology.version = "2026-draft".into();
    item.proposal.information_cutoff = d(2027, 3, 31);
    item.proposal.record.publication_date = None;
    item.proposal.indicative.rating = "xxAA-".into();
    item.proposal.recommendation = "xxAA-".into();
    item.override_request = None;
    for v in &mut item.votes {
        *v = Vote {
            member: v.member.clone(),
            rating: "xxAA-".into(),
            comment: None,
        };
    }
    let stale_version = {
        let mut f = file.clone();
        f.items[0].proposal.methodology.version = "2023-06-08.1".into();
        f
    };
    let ctx = SessionContext {
        methodologies: &catalogue,
        decisions: &workbook,
    };
    let refused = run_session(&rules, ctx, &stale_version).unwrap();
    assert!(refusal(&refused, "1")
        .message
        .contains("is retired on 2027-04-28"));
    let outcome = run_session(&rules, ctx, &file).unwrap();
    let review = decision(&outcome, "1");
    assert_eq!(review.record.action, ActionType::Upgrade);
    assert_eq!(review.record.previous.as_ref().unwrap().rating, "xxA+");
    workbook.extend(outcome.decisions().cloned());

    // History: every decision in order with its action type.
    let h = history(&workbook, "EMP-DEMO-ANDINA");
    let lines: Vec<(String, &str, ActionType, bool)> = h
        .entries
        .iter()
        .map(|e| {
            (
                e.key.session.to_string(),
                e.rating.as_str(),
                e.action,
                e.signed,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("41/2026".into(), "xxA+", ActionType::New, true),
            ("5/2027".into(), "xxAA-", ActionType::Upgrade, false),
        ]
    );
    assert_eq!(history(&workbook, "FT-DEMO-PACIFICO").entries.len(), 2);

    // Surveillance on 1 Sep 2027: the classes (due 30 Mar) and Costa (due 31 Aug) are
    // overdue; Andina, reviewed in April, is due in April 2028.
    let due = calendar(&rules, &workbook, &approval.observations, d(2027, 9, 1)).unwrap();
    let overdue: Vec<&str> = due.overdue().map(|r| r.subject.id.as_str()).collect();
    assert_eq!(
        overdue,
        ["FT-DEMO-PACIFICO/A", "FT-DEMO-PACIFICO/B", "EMP-DEMO-COSTA"]
    );
    let andina_next = due
        .reviews
        .iter()
        .find(|r| r.subject.id == "EMP-DEMO-ANDINA")
        .unwrap();
    assert_eq!(andina_next.due, d(2028, 4, 28));
}
