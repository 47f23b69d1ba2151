//! Properties over any valid spec (proptest, modest case count):
//! - N-3/N-11: reverse(forward(g)) contains g;
//! - N-3/N-4: outputs are monotone in the global input, and the trace-free path used by
//!   N-13 gives the same grade as the full pipeline;
//! - N-6 and SPEC §2: no path exceeds the sovereign cap without the flag, and no path leaves
//!   the scale (every rating written parses back on the spec's scale).

use proptest::prelude::*;
use ratebook_core::builtin;
use ratebook_core::national::issue::{Currency, HybridInput, IssueInput};
use ratebook_core::national::mapping::{forward_grades, reverse_grades};
use ratebook_core::national::rate::{
    final_grade, rate_entity, EntityInput, Holistic, PeerPosition, Sovereign,
};
use ratebook_core::national::spec::{validate, MappingKey, MappingRow, MappingSpec, ScaleType};
use ratebook_core::scale::{GlobalRating, NationalAffixes};

const CASES: u32 = 48;

fn g(n: u8) -> GlobalRating {
    GlobalRating::from_notch(n).expect("1..=21")
}

/// A valid spec built by a random walk: the anchor's row starts at xxAAA; each next row
/// starts on the previous row's last notch (overlap of one) or the next one, is 1–3 notches
/// wide, never reaches xxAAA below the anchor, and stays on the scale.
fn spec_strategy() -> impl Strategy<Value = MappingSpec> {
    (
        5u8..=15,                                            // anchor: A+ … B
        prop::collection::vec((any::<bool>(), 1u8..=3), 21), // (overlap, width) per row
    )
        .prop_map(|(anchor, steps)| {
            let mut rows = Vec::new();
            let mut prev_bottom = 0u8;
            for (i, level) in (anchor..=21).enumerate() {
                let (overlap, width) = steps[i];
                let top = if i == 0 {
                    1
                } else {
                    let t = if overlap {
                        prev_bottom
                    } else {
                        prev_bottom + 1
                    };
                    t.clamp(2, 21)
                };
                let bottom = (top + width - 1).min(21);
                rows.push(MappingRow {
                    global: g(level),
                    options: (top..=bottom).map(g).collect(),
                    basis: "generated".into(),
                    complete: true,
                    note: None,
                });
                prev_bottom = bottom;
            }
            MappingSpec {
                id: "prop".into(),
                version: "1".into(),
                effective_date: chrono::NaiveDate::from_ymd_opt(2023, 6, 8).unwrap(),
                source: "generated".into(),
                source_url: None,
                basis: "project-default".into(),
                name: "generated".into(),
                agency: "test".into(),
                scale_code: "PP".into(),
                scale_type: ScaleType::National,
                countries: vec!["PP".into()],
                sovereign: "PP".into(),
                affixes: NationalAffixes {
                    prefix: "pp".into(),
                    suffix: String::new(),
                    sd: "SD".into(),
                    d: "D".into(),
                },
                anchor: g(anchor),
                anchor_basis: "generated".into(),
                key: MappingKey::LocalCurrency,
                notes: String::new(),
                rows,
                short_term: Vec::new(),
            }
        })
}

fn entity(global: GlobalRating, sovereign: GlobalRating) -> EntityInput {
    EntityInput {
        id: "p".into(),
        entity_type: Default::default(),
        country: None,
        global_lc: global,
        global_fc: Some(global),
        sovereign: Sovereign {
            country: "PP".into(),
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

fn position() -> impl Strategy<Value = PeerPosition> {
    prop_oneof![
        Just(PeerPosition::Upper),
        Just(PeerPosition::Middle),
        Just(PeerPosition::Lower)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn n2_generated_specs_are_valid(spec in spec_strategy()) {
        let v = validate(&spec);
        prop_assert!(v.valid, "{:#?}", v.errors);
    }

    #[test]
    fn n11_reverse_of_forward_contains_the_global_level(spec in spec_strategy()) {
        for global in GlobalRating::ALL {
            for national in forward_grades(&spec, *global).unwrap() {
                prop_assert!(reverse_grades(&spec, *national).contains(global),
                    "{global} -> {national}");
            }
        }
    }

    #[test]
    fn n4_outputs_are_monotone_in_the_global_input(
        spec in spec_strategy(),
        pos in position(),
        sovereign in 1u8..=21,
    ) {
        let params = builtin::national_parameters();
        let mut last: Option<GlobalRating> = None;
        for n in 1..=21 {
            let mut e = entity(g(n), g(sovereign));
            e.peer_position = Some(pos);
            let r = rate_entity(&spec, &params, &e, &[]).unwrap();
            let grade = r.final_grade.unwrap();
            // N-13's trace-free path applies the same rules.
            prop_assert_eq!(final_grade(&spec, &e).unwrap(), grade);
            if let Some(prev) = last {
                prop_assert!(grade >= prev, "{} -> {grade} after {prev}", g(n));
            }
            last = Some(grade);
        }
    }

    #[test]
    fn n6_no_path_exceeds_the_sovereign_cap_or_leaves_the_scale(
        spec in spec_strategy(),
        global in 1u8..=21,
        sovereign in 1u8..=21,
        pos in position(),
        notches in -3i32..=3,
        recovery in prop::sample::select(vec!["1+", "1", "2", "3", "4", "5", "6"]),
        seniority in prop::sample::select(vec!["senior-secured", "senior-unsecured", "subordinated", "junior-subordinated"]),
        hybrid_start in 1u8..=21,
        fc in any::<bool>(),
    ) {
        let params = builtin::national_parameters();
        let mut e = entity(g(global), g(sovereign));
        e.peer_position = Some(pos);
        e.holistic = Some(Holistic { notches, rationale: "property".into() });
        let spec_grade = !g(global).is_investment_grade();
        let issues = vec![
            IssueInput {
                id: "notes".into(),
                seniority: Some(seniority.to_string()),
                recovery: spec_grade.then(|| recovery.to_string()),
                currency: if fc { Currency::Foreign } else { Currency::Local },
                hybrid: None,
                holistic: None,
            },
            IssueInput {
                id: "hybrid".into(),
                seniority: None,
                recovery: None,
                currency: Currency::Local,
                hybrid: Some(HybridInput { global_starting_point: g(hybrid_start), global_notches: None }),
                holistic: None,
            },
        ];
        let cap = forward_grades(&spec, g(sovereign)).unwrap()[0];
        match rate_entity(&spec, &params, &e, &issues) {
            Ok(r) => {
                let finals = std::iter::once(r.issuer.final_rating.clone())
                    .chain(r.issues.iter().map(|i| i.rating.clone()));
                for text in finals {
                    let parsed = spec.affixes.parse(&text);
                    prop_assert!(parsed.is_ok(), "{text} left the scale");
                    let grade = parsed.unwrap().grade;
                    if cap != GlobalRating::Aaa {
                        prop_assert!(grade >= cap, "{text} above the sovereign's {cap}");
                    }
                }
            }
            // The only refusal possible here: a holistic lift above the sovereign (N-5).
            Err(err) => prop_assert!(
                matches!(err, ratebook_core::national::NationalError::HolisticAboveSovereign { .. }),
                "{err}"
            ),
        }
    }
}
