//! N-13 impact analysis and N-14 compression check.

use ratebook_core::builtin;
use ratebook_core::national::compression::compression;
use ratebook_core::national::impact::impact;
use ratebook_core::national::rate::{EntityInput, PeerPosition, Sovereign};
use ratebook_core::national::spec::select;
use ratebook_core::scale::GlobalRating;

fn za(id: &str, global: GlobalRating, pos: PeerPosition) -> EntityInput {
    EntityInput {
        id: id.into(),
        entity_type: Default::default(),
        country: None,
        global_lc: global,
        global_fc: None,
        sovereign: Sovereign {
            country: "ZA".into(),
            global_lc: GlobalRating::BbbMinus,
            global_fc: None,
            national: None,
        },
        peer_position: Some(pos),
        peer_rank: None,
        chosen_option: None,
        expected_transition: None,
        holistic: None,
        above_sovereign_stress_passed: false,
        liquidity_alternative: false,
    }
}

#[test]
fn n13_the_same_spec_changes_nothing() {
    let specs = builtin::national_specs();
    let s = select(&specs, "gcr-za-2017-04-26", None).unwrap();
    let entities: Vec<EntityInput> = GlobalRating::ALL
        .iter()
        .map(|g| za(g.as_str(), *g, PeerPosition::Middle))
        .collect();
    let r = impact(s, s, &builtin::national_parameters(), &entities);
    assert_eq!(r.changed, 0);
    assert_eq!(r.share_affected, 0.0);
    assert!(r.within_seed_expectation);
    // CCC+, CCC-, CC, C have no row in GCR's table: listed, never dropped (twice: both sides).
    assert_eq!(r.failures.len(), 8);
    assert_eq!(r.compared as usize + r.failures.len() / 2, entities.len());
}

#[test]
fn n13_counts_upgrades_downgrades_notches_and_share() {
    let specs = builtin::national_specs();
    let old = select(&specs, "gcr-za-2016-12-09", None).unwrap();
    let new = select(&specs, "gcr-za-2017-04-26", None).unwrap();
    let entities = vec![
        za("a", GlobalRating::BbbMinus, PeerPosition::Upper),
        za("b", GlobalRating::BbPlus, PeerPosition::Middle),
        za("c", GlobalRating::Bb, PeerPosition::Lower),
    ];
    let forward = impact(old, new, &builtin::national_parameters(), &entities);
    assert_eq!(
        (forward.changed, forward.upgrades, forward.downgrades),
        (3, 3, 0)
    );
    assert_eq!(forward.changes[0].from, "AA(ZA)");
    assert_eq!(forward.changes[0].to, "AAA(ZA)");
    assert_eq!(forward.changes[0].notches, 2);
    assert_eq!(forward.share_affected, 1.0);
    assert!(!forward.within_seed_expectation);
    let back = impact(new, old, &builtin::national_parameters(), &entities);
    assert_eq!((back.upgrades, back.downgrades), (0, 3));
    assert!(back.changes.iter().all(|c| c.notches < 0));
    assert_eq!(forward.trace.steps()[0].rule, "N-13");
}

#[test]
fn n14_crowding_at_the_top_is_flagged() {
    let specs = builtin::national_specs();
    let s = select(&specs, "sp-xx-table1", None).unwrap();
    let params = builtin::national_parameters().notching.compression;
    let crowded = [
        GlobalRating::Aaa,
        GlobalRating::Aaa,
        GlobalRating::Aa,
        GlobalRating::A,
    ];
    let r = compression(s, &crowded, &params);
    assert_eq!(r.total, 4);
    assert_eq!(r.distribution[0].rating, "xxAAA");
    assert_eq!(r.distribution[0].count, 2);
    assert_eq!(r.top_share, 0.5);
    assert!(r.crowded);
    assert_eq!(r.trace.steps()[0].rule, "N-14");
    let spread = [
        GlobalRating::Aaa,
        GlobalRating::Aa,
        GlobalRating::A,
        GlobalRating::Bbb,
    ];
    assert!(
        !compression(s, &spread, &params).crowded,
        "25% is not above 25%"
    );
    assert!(!compression(s, &[], &params).crowded);
}

#[test]
fn n11_reverse_reports_every_level_and_never_resolves_silently() {
    let specs = builtin::national_specs();
    let s = select(&specs, "sp-xx-table1", None).unwrap();
    let r = ratebook_core::national::mapping::reverse(s, GlobalRating::Aaa);
    assert!(r.ambiguous);
    assert_eq!(r.global.first().map(String::as_str), Some("AAA"));
    assert_eq!(r.global.last().map(String::as_str), Some("BBB"));
    assert_eq!(r.global.len(), 9);
    let r = ratebook_core::national::mapping::reverse(s, GlobalRating::BbbMinus);
    assert_eq!(r.global, ["B+"]);
    assert!(!r.ambiguous);
}
