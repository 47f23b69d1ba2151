//! C-3 / T-11: overrides need a coded reason, a justification of substance, the factors
//! they rest on and the notch difference; beyond the methodology's limit, unanimity or the
//! chair's explicit confirmation (seed 003 §2.10).

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::r#override::OverrideApproval;
use ratebook_core::committee::vote::Vote;

fn all_vote(
    file: &mut ratebook_core::committee::session_file::SessionFile,
    item: usize,
    rating: &str,
) {
    for v in &mut file.items[item].votes {
        *v = Vote {
            member: v.member.clone(),
            rating: rating.into(),
            comment: None,
        };
    }
}

#[test]
fn c3_override_within_the_limit_records_reason_factors_and_notches() {
    let outcome = run(&session(ORDINARIA), &[]);
    let d = decision(&outcome, "1");
    let o = d.override_record.as_ref().expect("an override is recorded");
    assert_eq!(o.reason_code, "EVENT");
    assert_eq!(
        o.reason_es,
        "Evento reciente o pendiente posterior al corte de información"
    );
    assert_eq!(o.reason_list, "ratebook-committee-rules 2026.1");
    assert_eq!((o.indicative.as_str(), o.decided.as_str()), ("xxA", "xxA+"));
    assert_eq!(o.notches, 1);
    assert_eq!(o.limit, 2);
    assert_eq!(o.approval, OverrideApproval::WithinLimit);
    assert_eq!(o.factors.len(), 2);
    let step = d.trace.for_rule("C-3").next().unwrap();
    assert_eq!((step.before.as_str(), step.after.as_str()), ("xxA", "xxA+"));
    assert!(step
        .reason
        .starts_with("+1 notch(es), limit 2 for national"));
    assert!(decision(&outcome, "2").override_record.is_none());
}

#[test]
fn c3_a_different_rating_without_an_override_is_refused() {
    let mut file = session(ORDINARIA);
    file.items[0].override_request = None;
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "1");
    assert_eq!(r.rule, "C-3");
    assert_eq!(
        r.message,
        "C-3: item 1: the decided rating xxA+ differs from the indicative xxA by 1 notch(es); an override needs a reason code, a justification and the factors it rests on (field override)"
    );
}

#[test]
fn c3_missing_or_empty_justification_is_refused() {
    for text in ["", "   \n\t "] {
        let mut file = session(ORDINARIA);
        file.items[0]
            .override_request
            .as_mut()
            .unwrap()
            .justification = text.into();
        let outcome = run(&file, &[]);
        assert_eq!(
            refusal(&outcome, "1").message,
            "C-3: item 1 field override.justification is empty; write the qualitative grounds for the override (seed 003 §2.10)"
        );
    }
    // A session file without the field at all does not parse: the field is required.
    let missing = ORDINARIA.replacen("\"justification\":", "\"_justification\":", 1);
    assert!(
        serde_json::from_str::<ratebook_core::committee::session_file::SessionFile>(&missing)
            .is_err()
    );
}

#[test]
fn c3_justification_without_substance_is_refused() {
    let cases = [
        ("EVENT", "only repeats the reason code EVENT"),
        (
            "EVENT: Recent or pending event after the information cut-off",
            "only repeats the reason code",
        ),
        ("See the analyst's report.", "non-blank character(s); at least 80"),
        (
            "renewal renewal renewal renewal renewal renewal renewal renewal renewal renewal renewal renewal",
            "1 distinct word(s)",
        ),
    ];
    for (text, expected) in cases {
        let mut file = session(ORDINARIA);
        file.items[0]
            .override_request
            .as_mut()
            .unwrap()
            .justification = text.into();
        let outcome = run(&file, &[]);
        let r = refusal(&outcome, "1");
        assert!(
            r.message
                .starts_with("C-3: item 1 field override.justification is not of substance: "),
            "{}",
            r.message
        );
        assert!(r.message.contains(expected), "{text:?}: {}", r.message);
    }
}

#[test]
fn c3_the_factors_are_required() {
    for factors in [
        vec![],
        vec!["Cash-flow predictability".to_string(), " ".to_string()],
    ] {
        let mut file = session(ORDINARIA);
        file.items[0].override_request.as_mut().unwrap().factors = factors;
        let outcome = run(&file, &[]);
        assert_eq!(
            refusal(&outcome, "1").message,
            "C-3: item 1 field override.factors is empty or has a blank entry; name the factors the override rests on"
        );
    }
}

#[test]
fn c3_reason_codes_come_from_the_versioned_list_for_the_family() {
    let mut file = session(ORDINARIA);
    file.items[0].override_request.as_mut().unwrap().reason_code = "GUT-FEELING".into();
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "1").message,
        "C-3: item 1 field override.reason_code: 'GUT-FEELING' is not in the reason list 'ratebook-committee-rules 2026.1'; accepted for national: QUAL-INFO, FORWARD, EVENT, PEER, DATA-LIMIT, GROUP-SUPPORT"
    );
    // Group support is a national reason; for a titularización no third party's solvency
    // counts (T-4), so the code is not on its list.
    let mut file = session(TITULARIZACION);
    file.items[1].override_request.as_mut().unwrap().reason_code = "GROUP-SUPPORT".into();
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "2");
    assert!(
        r.message.contains(
            "accepted for titularizacion: QUAL-INFO, FORWARD, EVENT, PEER, DATA-LIMIT, STRUCTURE"
        ),
        "{}",
        r.message
    );
}

#[test]
fn c3_override_beyond_the_limit_without_unanimity_is_refused() {
    let mut file = session(TITULARIZACION);
    file.items[1]
        .override_request
        .as_mut()
        .unwrap()
        .confirmed_by = None;
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "2");
    assert_eq!(
        r.message,
        "C-3: item 2: the override moves 3 notch(es), beyond the limit of 2 for titularizacion methodologies; it needs a unanimous vote or the chair's explicit confirmation (field override.confirmed_by), and m-cano (A) voted otherwise"
    );
    assert_eq!(decision(&outcome, "1").rating, "AA+");
}

#[test]
fn c3_override_beyond_the_limit_passes_with_unanimity() {
    let mut file = session(TITULARIZACION);
    file.items[1]
        .override_request
        .as_mut()
        .unwrap()
        .confirmed_by = None;
    all_vote(&mut file, 1, "AA-");
    let outcome = run(&file, &[]);
    let o = decision(&outcome, "2").override_record.clone().unwrap();
    assert_eq!(o.approval, OverrideApproval::Unanimity);
    assert_eq!(o.notches, 3);
}

#[test]
fn c3_override_beyond_the_limit_passes_with_the_chairs_confirmation() {
    let outcome = run(&session(TITULARIZACION), &[]);
    let d = decision(&outcome, "2");
    let o = d.override_record.as_ref().unwrap();
    assert_eq!(o.approval, OverrideApproval::ChairConfirmation);
    assert_eq!(o.confirmed_by.as_deref(), Some("m-ortega"));
    assert_eq!(d.dissents.len(), 1);
    assert!(d
        .trace
        .for_rule("C-3")
        .any(|s| s.section == "003 §2.10" && s.reason.contains("confirmed by the chair")));
}

#[test]
fn c3_only_the_chair_confirms() {
    let mut file = session(TITULARIZACION);
    file.items[1]
        .override_request
        .as_mut()
        .unwrap()
        .confirmed_by = Some("m-salazar".into());
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "2").message,
        "C-3: item 2 field override.confirmed_by: 'm-salazar' is not the chair of this session ('m-ortega'); only the chair confirms an override beyond the limit"
    );
}

#[test]
fn c3_an_override_where_none_is_needed_is_refused() {
    let mut file = session(ORDINARIA);
    file.items[1].override_request = file.items[0].override_request.clone();
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "2").message,
        "C-3: item 2 field override: the decided rating xxBBB equals the indicative rating, so there is nothing to override; remove the override"
    );
}

#[test]
fn t11_the_committee_may_depart_from_the_analysts_recommendation() {
    let outcome = run(&session(TITULARIZACION), &[]);
    let d = decision(&outcome, "2");
    assert_eq!(d.recommendation, "A");
    assert_eq!(d.rating, "AA-");
    let step = d.trace.for_rule("T-11").next().expect("a T-11 step");
    assert_eq!((step.before.as_str(), step.after.as_str()), ("A", "AA-"));
    assert_eq!(step.section, "003 §2.10");
}
