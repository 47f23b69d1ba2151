//! Negative cases for every pipeline limit: each is refused with a message naming the rule,
//! the field and the value.

use ratebook_core::builtin;
use ratebook_core::national::issue::{HybridInput, IssueInput};
use ratebook_core::national::rate::{rate_entity, EntityInput, Holistic, Sovereign};
use ratebook_core::national::{spec, NationalError};
use ratebook_core::scale::GlobalRating;

fn entity(global: GlobalRating, sovereign: GlobalRating) -> EntityInput {
    EntityInput {
        id: "neg".into(),
        entity_type: Default::default(),
        country: None,
        global_lc: global,
        global_fc: None,
        sovereign: Sovereign {
            country: "XX".into(),
            global_lc: sovereign,
            global_fc: None,
            national: None,
        },
        peer_position: None,
        peer_rank: None,
        chosen_option: None,
        expected_transition: None,
        holistic: None,
        above_sovereign_stress_passed: false,
        liquidity_alternative: false,
    }
}

fn issue(id: &str) -> IssueInput {
    IssueInput {
        id: id.into(),
        seniority: None,
        recovery: None,
        currency: Default::default(),
        hybrid: None,
        holistic: None,
    }
}

fn run(e: &EntityInput, issues: &[IssueInput]) -> Result<String, NationalError> {
    let specs = builtin::national_specs();
    let s = spec::select(&specs, "sp-xx-table1", None).unwrap();
    rate_entity(s, &builtin::national_parameters(), e, issues).map(|r| r.issuer.final_rating)
}

fn holistic(n: i32, why: &str) -> Option<Holistic> {
    Some(Holistic {
        notches: n,
        rationale: why.into(),
    })
}

#[test]
fn n5_holistic_plus_or_minus_4_is_refused() {
    for n in [4, -4] {
        let mut e = entity(GlobalRating::B, GlobalRating::Bbb);
        e.holistic = holistic(n, "too much");
        let err = run(&e, &[]).unwrap_err();
        assert!(matches!(err, NationalError::HolisticOutOfRange { value, .. } if value == n));
        let msg = err.to_string();
        assert!(
            msg.contains("N-5") && msg.contains("holistic.notches"),
            "{msg}"
        );
    }
    let mut e = entity(GlobalRating::B, GlobalRating::Bbb);
    e.holistic = holistic(3, "edge of the range");
    assert!(run(&e, &[]).is_ok(), "±3 is allowed");
}

#[test]
fn n5_holistic_adjustment_needs_a_rationale() {
    let mut e = entity(GlobalRating::B, GlobalRating::Bbb);
    e.holistic = holistic(1, "  ");
    assert!(matches!(
        run(&e, &[]),
        Err(NationalError::HolisticWithoutRationale { .. })
    ));
}

#[test]
fn n5_holistic_adjustment_cannot_exceed_sovereign() {
    // Sovereign BB- maps to xxA-; an issuer at B+ lower (xxBB+) lifted by 3 stays below,
    // one at BB- lower (xxBBB+) lifted by 1 would reach xxA-: allowed (not above);
    // lifted by 2 it would pass it: refused.
    let mut e = entity(GlobalRating::BbMinus, GlobalRating::BbMinus);
    e.chosen_option = Some("xxBBB+".into());
    e.holistic = holistic(1, "local strengths");
    assert_eq!(run(&e, &[]).unwrap(), "xxA-");
    e.holistic = holistic(2, "local strengths");
    let err = run(&e, &[]).unwrap_err();
    assert!(
        matches!(err, NationalError::HolisticAboveSovereign { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("xxA-"), "{err}");
    // Even with the stress-test flag: the seed forbids the lift itself.
    e.above_sovereign_stress_passed = true;
    assert!(run(&e, &[]).is_err());
}

#[test]
fn n5_larger_adjustment_than_the_options_suggest_draws_a_warning() {
    let specs = builtin::national_specs();
    let s = spec::select(&specs, "sp-xx-table1", None).unwrap();
    let mut e = entity(GlobalRating::CccMinus, GlobalRating::Bbb);
    e.holistic = holistic(2, "local relativities");
    let r = rate_entity(s, &builtin::national_parameters(), &e, &[]).unwrap();
    assert_eq!(r.issuer.final_rating, "xxCCC+");
    assert!(r.warnings.iter().any(|w| w.check == "holistic-size"));
}

#[test]
fn n6_above_the_sovereign_without_the_flag_never_stands() {
    let mut e = entity(GlobalRating::Bb, GlobalRating::BbMinus);
    e.peer_position = Some(ratebook_core::national::rate::PeerPosition::Upper);
    assert_eq!(run(&e, &[]).unwrap(), "xxA-");
    e.above_sovereign_stress_passed = true;
    assert_eq!(run(&e, &[]).unwrap(), "xxAA-");
}

#[test]
fn n8b_recovery_rating_on_an_investment_grade_issuer_is_refused() {
    let e = entity(GlobalRating::BbbMinus, GlobalRating::Bbb);
    let mut i = issue("secured");
    i.recovery = Some("1".into());
    let err = run(&e, &[i]).unwrap_err();
    assert!(
        matches!(
            err,
            NationalError::RecoveryOnInvestmentGrade {
                global: GlobalRating::BbbMinus,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("issues[0].recovery"), "{err}");
    // At BB+ it applies.
    let e = entity(GlobalRating::BbPlus, GlobalRating::Bbb);
    let mut i = issue("secured");
    i.recovery = Some("6".into());
    assert!(run(&e, &[i]).is_ok());
}

#[test]
fn n8_unknown_names_are_refused_with_the_accepted_set() {
    let e = entity(GlobalRating::Bb, GlobalRating::Bbb);
    let mut i = issue("x");
    i.recovery = Some("7".into());
    let msg = run(&e, &[i]).unwrap_err().to_string();
    assert!(msg.contains("'7'") && msg.contains("1+, 1, 2"), "{msg}");
    let mut i = issue("x");
    i.seniority = Some("mezzanine".into());
    let msg = run(&e, &[i]).unwrap_err().to_string();
    assert!(
        msg.contains("'mezzanine'") && msg.contains("subordinated"),
        "{msg}"
    );
    let mut i = issue("x");
    i.currency = ratebook_core::national::issue::Currency::Foreign;
    let msg = run(&e, &[i]).unwrap_err().to_string();
    assert!(msg.contains("N-8d") && msg.contains("global_fc"), "{msg}");
}

#[test]
fn n8c_hybrid_in_the_ccc_category_takes_extra_notches() {
    let specs = builtin::national_specs();
    let s = spec::select(&specs, "sp-xx-table1", None).unwrap();
    let e = entity(GlobalRating::BMinus, GlobalRating::Bbb);
    let mut i = issue("pref");
    i.hybrid = Some(HybridInput {
        global_starting_point: GlobalRating::BMinus,
        global_notches: None,
    });
    let r = rate_entity(s, &builtin::national_parameters(), &e, &[i]).unwrap();
    // B- maps to xxBB-, xxB+; middle of two is the lower, xxB+; 3 notches (speculative
    // grade) give xxCCC+, and the hybrid's global quality B- - 3 = CCC- is in the CCC
    // category: one extra notch, xxCCC.
    assert_eq!(r.issues[0].rating, "xxCCC");
    assert_eq!(r.issues[0].notches, -4);
}

#[test]
fn n3_unknown_symbols_are_errors_naming_the_field() {
    let mut e = entity(GlobalRating::Bb, GlobalRating::Bbb);
    e.chosen_option = Some("brAA-".into());
    let msg = run(&e, &[]).unwrap_err().to_string();
    assert!(
        msg.contains("chosen_option") && msg.contains("'brAA-'"),
        "{msg}"
    );
    assert!(msg.contains("accepted: xxAAA"), "{msg}");
    e.chosen_option = Some("xxAAA".into());
    let msg = run(&e, &[]).unwrap_err().to_string();
    assert!(msg.contains("not an option at global BB"), "{msg}");
    let json = r#"{"global_lc": "BB++", "sovereign": {"country": "XX", "global_lc": "BBB"}}"#;
    let err = serde_json::from_str::<EntityInput>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("BB++"), "{err}");
}

#[test]
fn n12_an_entity_outside_the_scale_is_refused() {
    let mut e = entity(GlobalRating::Bb, GlobalRating::Bbb);
    e.sovereign.country = "ZA".into();
    let msg = run(&e, &[]).unwrap_err().to_string();
    assert!(msg.contains("N-12") && msg.contains("'ZA'"), "{msg}");
    let mut e = entity(GlobalRating::Bb, GlobalRating::Bbb);
    e.country = Some("TH".into());
    assert!(matches!(
        run(&e, &[]),
        Err(NationalError::SovereignNotOwn { .. })
    ));
}

#[test]
fn n9_sectors_without_icr_take_no_issues() {
    let mut e = entity(GlobalRating::Bb, GlobalRating::Bbb);
    e.entity_type = ratebook_core::national::rate::EntityType::ProjectFinance;
    assert!(matches!(
        run(&e, &[issue("x")]),
        Err(NationalError::NotApplicable { rule: "N-9", .. })
    ));
}

#[test]
fn n1_no_version_in_force_before_the_first_effective_date() {
    let specs = builtin::national_specs();
    let date = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let err = spec::select(&specs, "gcr-za-2017-04-26", Some(date)).unwrap_err();
    assert!(
        err.to_string()
            .contains("gcr-za-2016-12-09 from 2016-12-09"),
        "{err}"
    );
    assert!(spec::select(&specs, "nope", None).is_err());
}
