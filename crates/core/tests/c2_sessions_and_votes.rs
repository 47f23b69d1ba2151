//! C-2: sessions, quorum, sealed votes, majority and casting vote (seed 003 §2.10).

mod committee_fixtures;

use committee_fixtures::*;
use ratebook_core::committee::rules::MajorityRule;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_core::committee::vote::{SealedBallot, Vote};
use ratebook_core::committee::{run_session, CommitteeError, SessionContext};

fn vote(member: &str, rating: &str) -> Vote {
    Vote {
        member: member.into(),
        rating: rating.into(),
        comment: None,
    }
}

fn set_votes(file: &mut SessionFile, item: usize, votes: &[(&str, &str)]) {
    file.items[item].votes = votes.iter().map(|(m, r)| vote(m, r)).collect();
}

#[test]
fn c2_no_quorum_takes_no_decision() {
    let outcome = run(&session(SIN_QUORUM), &[]);
    assert!(!outcome.quorum.met);
    assert_eq!(outcome.quorum.voting_present, ["m-ortega", "m-salazar"]);
    assert_eq!(outcome.decisions().count(), 0);
    let r = refusal(&outcome, "1");
    assert_eq!(r.rule, "C-2");
    assert!(r.no_decision);
    assert_eq!(
        r.message,
        "C-2: no quorum: 2 voting member(s) present (m-ortega, m-salazar), the committee rules 'ratebook-committee-rules 2026.1' require at least 3; no decision is taken on item 1"
    );
    assert_eq!(
        outcome.trace.for_rule("C-2").next().unwrap().after,
        "no quorum"
    );
}

#[test]
fn c2_quorum_is_data_not_code() {
    let mut rules = rules();
    rules.quorum.min_voting_members = 2;
    let catalogue = catalogue();
    let outcome = run_session(
        &rules,
        SessionContext {
            methodologies: &catalogue,
            decisions: &[],
        },
        &session(SIN_QUORUM),
    )
    .unwrap();
    assert!(outcome.quorum.met);
    assert_eq!(decision(&outcome, "1").rating, "xxBBB-");
}

#[test]
fn c2_votes_revealed_before_everyone_voted_are_refused() {
    let file = session(ORDINARIA);
    let mut ballot = SealedBallot::open(&file.session, &file.items[0].proposal);
    ballot.cast(vote("m-ortega", "xxA+")).unwrap();
    ballot.cast(vote("m-salazar", "xxA")).unwrap();
    assert_eq!(ballot.count(), 2);
    assert_eq!(ballot.missing(), ["m-vera", "m-cano"]);
    let err = ballot.reveal().unwrap_err();
    assert_eq!(
        err.to_string(),
        "C-2: item 1: votes are sealed until every present voting member has voted; still to vote: m-vera, m-cano"
    );

    // The same through a session file with a vote missing: the item is refused.
    let mut file = session(ORDINARIA);
    file.items[1].votes.pop();
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "2");
    assert!(
        r.message.ends_with("still to vote: m-cano"),
        "{}",
        r.message
    );
    assert!(!r.no_decision);
    assert_eq!(decision(&outcome, "1").rating, "xxA+", "other items go on");
}

#[test]
fn c2_only_present_voting_members_vote_once() {
    let file = session(ORDINARIA);
    let mut ballot = SealedBallot::open(&file.session, &file.items[0].proposal);
    for (who, why) in [
        ("m-ruiz", "secretary"),
        ("m-mora", "analyst"),
        ("m-nadie", "absent"),
    ] {
        let err = ballot.cast(vote(who, "xxA")).unwrap_err();
        assert_eq!(
            err,
            CommitteeError::NotAVoter {
                item: "1".into(),
                member: who.into()
            },
            "{why}"
        );
    }
    ballot.cast(vote("m-vera", "xxA")).unwrap();
    let err = ballot.cast(vote("m-vera", "xxA+")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("C-2: item 1: 'm-vera' has already voted"),
        "{err}"
    );
    let err = ballot.cast(vote("m-cano", "A+")).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "C-2: item 1 field votes (m-cano).rating: unknown symbol 'A+' on scale 'sp-xx-table1-lt'; accepted: xxAAA, xxAA+"
        ),
        "{err}"
    );
}

#[test]
fn c2_majority_decides_and_dissents_are_recorded() {
    let outcome = run(&session(ORDINARIA), &[]);
    let d = decision(&outcome, "1");
    assert_eq!(d.rating, "xxA+");
    assert_eq!(d.tally[0].rating, "xxA+");
    assert_eq!(d.tally[0].votes, 3);
    assert_eq!(d.casting_vote, None);
    assert_eq!(d.dissents.len(), 1);
    assert_eq!(d.dissents[0].member, "m-cano");
    assert_eq!(d.dissents[0].rating, "xxA");
    assert!(d.dissents[0]
        .comment
        .as_deref()
        .unwrap()
        .contains("registration"));
    assert_eq!(d.votes.len(), 4, "every vote is revealed and kept");
}

#[test]
fn c2_tie_without_casting_vote_is_no_decision() {
    let mut file = session(ORDINARIA);
    set_votes(
        &mut file,
        1,
        &[
            ("m-ortega", "xxBBB"),
            ("m-salazar", "xxBBB-"),
            ("m-vera", "xxBBB"),
            ("m-cano", "xxBBB-"),
        ],
    );
    let mut rules = rules();
    rules.majority.chair_casting_vote = false;
    let catalogue = catalogue();
    let outcome = run_session(
        &rules,
        SessionContext {
            methodologies: &catalogue,
            decisions: &[],
        },
        &file,
    )
    .unwrap();
    let r = refusal(&outcome, "2");
    assert!(r.no_decision);
    assert_eq!(
        r.message,
        "C-2: item 2: no decision: a tie (xxBBB 2 vote(s); xxBBB- 2 vote(s)); the committee rules 'ratebook-committee-rules 2026.1' give the chair no casting vote"
    );
}

#[test]
fn c2_tie_broken_by_the_chairs_casting_vote() {
    let mut file = session(ORDINARIA);
    set_votes(
        &mut file,
        1,
        &[
            ("m-ortega", "xxBBB-"),
            ("m-salazar", "xxBBB"),
            ("m-vera", "xxBBB"),
            ("m-cano", "xxBBB-"),
        ],
    );
    // xxBBB- is one notch below the indicative xxBBB: an override is needed.
    file.items[1].override_request = file.items[0].override_request.clone();
    let outcome = run(&file, &[]);
    let d = decision(&outcome, "2");
    assert_eq!(d.rating, "xxBBB-");
    assert_eq!(d.casting_vote.as_deref(), Some("m-ortega"));
    assert!(d.trace.for_rule("C-2").any(|s| s
        .reason
        .contains("broken by the chair's casting vote (m-ortega)")));
}

#[test]
fn c2_no_majority_is_no_decision_unless_plurality_rules() {
    let mut file = session(ORDINARIA);
    set_votes(
        &mut file,
        1,
        &[
            ("m-ortega", "xxBBB"),
            ("m-salazar", "xxBBB"),
            ("m-vera", "xxBBB+"),
            ("m-cano", "xxBBB-"),
        ],
    );
    let outcome = run(&file, &[]);
    let r = refusal(&outcome, "2");
    assert!(r.no_decision);
    assert_eq!(
        r.message,
        "C-2: item 2: no decision: no rating has a majority (xxBBB 2 vote(s); xxBBB+ 1 vote(s); xxBBB- 1 vote(s)); 3 of 4 votes are needed"
    );
    let mut rules = rules();
    rules.majority.rule = MajorityRule::Plurality;
    let catalogue = catalogue();
    let outcome = run_session(
        &rules,
        SessionContext {
            methodologies: &catalogue,
            decisions: &[],
        },
        &file,
    )
    .unwrap();
    assert_eq!(decision(&outcome, "2").rating, "xxBBB");
}

#[test]
fn c2_session_shape_is_checked_before_anything_is_decided() {
    let catalogue = catalogue();
    let ctx = SessionContext {
        methodologies: &catalogue,
        decisions: &[],
    };
    let rules = rules();

    let mut file = session(ORDINARIA);
    file.session.number = "41/2025".parse().unwrap();
    let err = run_session(&rules, ctx, &file).unwrap_err();
    assert_eq!(err.rule(), "C-2");
    assert!(err.to_string().contains("must be 2026"), "{err}");

    let mut file = session(ORDINARIA);
    file.session.secretary = "m-vera".into();
    let err = run_session(&rules, ctx, &file).unwrap_err();
    assert_eq!(
        err.to_string(),
        "C-2: session field secretary: 'm-vera' does not hold the secretary role; accepted: the id of a member present with the secretary role"
    );

    let mut file = session(ORDINARIA);
    file.session.members_present.retain(|m| m.id != "m-ortega");
    let err = run_session(&rules, ctx, &file).unwrap_err();
    assert!(err.to_string().contains("exactly one chair"), "{err}");

    let mut file = session(ORDINARIA);
    file.items[1].proposal.id = "1".into();
    let err = run_session(&rules, ctx, &file).unwrap_err();
    assert_eq!(
        err.to_string(),
        "C-2: agenda item id '1' appears more than once"
    );

    let mut file = session(ORDINARIA);
    file.format = "ratebook-session/0".into();
    assert_eq!(run_session(&rules, ctx, &file).unwrap_err().rule(), "C-2");

    let mut file = session(ORDINARIA);
    file.session.members_present[1].id = "m-ortega".into();
    assert_eq!(
        run_session(&rules, ctx, &file).unwrap_err().to_string(),
        "C-1: member id 'm-ortega' appears more than once among the members present"
    );

    let mut early = rules.clone();
    early.effective_date = d(2027, 1, 1);
    assert!(run_session(&early, ctx, &session(ORDINARIA))
        .unwrap_err()
        .to_string()
        .starts_with(
            "C-2: the committee rules 'ratebook-committee-rules 2026.1' take effect on 2027-01-01"
        ));
}

#[test]
fn c2_session_files_refuse_unknown_fields_and_bad_numbers() {
    let typo = ORDINARIA.replacen("\"override\"", "\"overide\"", 1);
    let err = serde_json::from_str::<SessionFile>(&typo).unwrap_err();
    assert!(err.to_string().contains("unknown field `overide`"), "{err}");
    let bad = ORDINARIA.replacen("\"41/2026\"", "\"041/2026\"", 1);
    let err = serde_json::from_str::<SessionFile>(&bad).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("C-2: session number '041/2026' is not of the form NUMBER/YEAR"),
        "{err}"
    );
    let bad = ORDINARIA.replacen("\"ordinaria\"", "\"ordinary\"", 1);
    assert!(serde_json::from_str::<SessionFile>(&bad).is_err());
}

#[test]
fn c2_the_lead_analyst_is_an_analyst_present() {
    let mut file = session(ORDINARIA);
    file.items[0].proposal.lead_analyst = "m-vera".into();
    let outcome = run(&file, &[]);
    assert_eq!(
        refusal(&outcome, "1").message,
        "C-2: item 1 field lead_analyst: 'm-vera' does not hold the analyst role"
    );
}
