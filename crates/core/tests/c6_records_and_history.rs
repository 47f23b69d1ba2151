//! C-6 records (action type, solicited, participation, lead analyst and approvers with
//! titles, sources, cut-off, methodology, assumptions, publication) and the rating history
//! per entity and class, in order.

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::decision::Decision;
use ratebook_core::committee::history::{history, outstanding};
use ratebook_core::committee::record::ActionType;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_core::committee::vote::Vote;

/// The same issuers a year later: Andina up one notch (now the engine's view too), Costa
/// unchanged.
fn a_year_later() -> SessionFile {
    let mut file = session(ORDINARIA);
    file.session.number = "7/2027".parse().unwrap();
    file.session.date = d(2027, 8, 31);
    for (item, rating) in file.items.iter_mut().zip(["xxAA-", "xxBBB"]) {
        item.proposal.information_cutoff = d(2027, 6, 30);
        item.proposal.record.publication_date = None;
        item.proposal.indicative.rating = rating.into();
        item.proposal.recommendation = rating.into();
        item.override_request = None;
        for v in &mut item.votes {
            *v = Vote {
                member: v.member.clone(),
                rating: rating.into(),
                comment: None,
            };
        }
    }
    file
}

#[test]
fn c6_the_record_keeps_what_regulators_expect() {
    let outcome = run(&session(ORDINARIA), &[]);
    let r = &decision(&outcome, "1").record;
    assert_eq!(r.action, ActionType::New);
    assert!(r.action_derived);
    assert!(r.previous.is_none());
    assert!(r.solicited && r.issuer_participation);
    assert_eq!(r.lead_analyst.member, "m-mora");
    assert_eq!(r.lead_analyst.title, "Analista Senior");
    let approvers: Vec<(&str, &str)> = r
        .approvers
        .iter()
        .map(|p| (p.member.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(
        approvers,
        [
            ("m-ortega", "Presidenta del Comité de Calificación"),
            ("m-salazar", "Miembro del Comité"),
            ("m-vera", "Miembro del Comité")
        ]
    );
    assert_eq!(r.information_sources.len(), 3);
    assert_eq!(r.information_cutoff, d(2026, 6, 30));
    assert_eq!(r.methodology.id, "sp-xx-table1");
    assert_eq!(r.methodology.version, "2023-06-08.1");
    assert_eq!(r.key_assumptions.len(), 2);
    assert_eq!(r.decision_date, d(2026, 8, 31));
    assert_eq!(r.publication_date, Some(d(2026, 9, 2)));
    let costa = &decision(&outcome, "2").record;
    assert!(!costa.solicited && !costa.issuer_participation);
    assert_eq!(costa.publication_date, None);
}

#[test]
fn c6_a_record_without_sources_or_assumptions_is_refused() {
    let mut file = session(ORDINARIA);
    file.items[0].proposal.record.information_sources.clear();
    file.items[1].proposal.record.key_assumptions = vec![" ".into()];
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "1").message,
        "C-2: item 1 field record.information_sources is empty; list the main information sources, none blank (C-6)"
    );
    assert!(refusal(&outcome, "2")
        .message
        .contains("record.key_assumptions"));
}

#[test]
fn c6_action_types_are_derived_from_the_previous_decision() {
    let first = run(&session(ORDINARIA), &[]);
    let earlier: Vec<Decision> = first.decisions().cloned().collect();
    let second = run(&a_year_later(), &earlier);
    let andina = decision(&second, "1");
    assert_eq!(andina.record.action, ActionType::Upgrade);
    let prev = andina.record.previous.as_ref().unwrap();
    assert_eq!(
        (prev.rating.as_str(), prev.session.to_string()),
        ("xxA+", "41/2026".into())
    );
    assert_eq!(
        decision(&second, "2").record.action,
        ActionType::Affirmation
    );

    // Declared types must agree with the ratings; watch and withdrawal are declared.
    let mut file = a_year_later();
    file.items[0].proposal.record.action = Some(ActionType::Downgrade);
    file.items[1].proposal.record.action = Some(ActionType::Withdrawal);
    let third = run(&file, &earlier);
    assert_eq!(
        refusal(&third, "1").message,
        "C-6: item 1 field record.action: declared downgrade, but the previous rating xxA+ and the decided xxAA- make it upgrade"
    );
    let withdrawn = decision(&third, "2");
    assert_eq!(withdrawn.record.action, ActionType::Withdrawal);
    let all: Vec<Decision> = earlier.iter().chain([withdrawn]).cloned().collect();
    assert!(outstanding(&all, "EMP-DEMO-COSTA").is_none(), "withdrawn");

    let mut file = a_year_later();
    file.items[1].proposal.record.action = Some(ActionType::Watch);
    let fourth = run(&file, &earlier);
    assert!(refusal(&fourth, "2").message.contains("record.watch"));
    file.items[1].proposal.record.watch = Some(ratebook_core::scale::CreditWatch::WatchNeg);
    let fifth = run(&file, &earlier);
    assert_eq!(decision(&fifth, "2").record.action, ActionType::Watch);
}

#[test]
fn c6_history_lists_every_decision_in_order_with_its_action() {
    let first = run(&session(ORDINARIA), &[]);
    let earlier: Vec<Decision> = first.decisions().cloned().collect();
    let second = run(&a_year_later(), &earlier);
    // Stored in any order, listed in committee order.
    let mut all: Vec<Decision> = second.decisions().cloned().collect();
    all.extend(earlier);
    let h = history(&all, "EMP-DEMO-ANDINA");
    let lines: Vec<(String, &str, ActionType)> = h
        .entries
        .iter()
        .map(|e| (e.key.session.to_string(), e.rating.as_str(), e.action))
        .collect();
    assert_eq!(
        lines,
        [
            ("41/2026".to_string(), "xxA+", ActionType::New),
            ("7/2027".to_string(), "xxAA-", ActionType::Upgrade)
        ]
    );
    assert!(h.entries[0].overridden && !h.entries[1].overridden);
    assert!(history(&all, "EMP-DEMO-NADIE").entries.is_empty());
}

#[test]
fn c6_a_titularizacion_history_lists_its_classes() {
    let outcome = run(&session(TITULARIZACION), &[]);
    let all: Vec<Decision> = outcome.decisions().cloned().collect();
    let h = history(&all, "FT-DEMO-PACIFICO");
    let classes: Vec<(&str, &str)> = h
        .entries
        .iter()
        .map(|e| (e.subject.id.as_str(), e.rating.as_str()))
        .collect();
    assert_eq!(
        classes,
        [("FT-DEMO-PACIFICO/A", "AA+"), ("FT-DEMO-PACIFICO/B", "AA-")]
    );
    assert_eq!(history(&all, "FT-DEMO-PACIFICO/B").entries.len(), 1);
}
