//! N-3 golden test: every row of seed 001's Table 1, reproduced exactly from the fixture
//! `fixtures/methodologies/national/sp-xx-table1.toml`.

use ratebook_core::builtin;
use ratebook_core::national::{mapping, spec};
use ratebook_core::scale::GlobalRating;

/// Table 1 as printed in the seed (left column, right column).
const TABLE_1: &[(&str, &str)] = &[
    ("BBB and higher", "xxAAA"),
    ("BBB-", "xxAA+, xxAA"),
    ("BB+", "xxAA, xxAA-"),
    ("BB", "xxAA-, xxA+, xxA"),
    ("BB-", "xxA-, xxBBB+"),
    ("B+", "xxBBB, xxBBB-, xxBB+"),
    ("B", "xxBB+, xxBB"),
    ("B-", "xxBB-, xxB+"),
    ("CCC+", "xxB, xxB-"),
    ("CCC", "xxCCC+, xxCCC"),
    ("CCC-", "xxCCC-"),
    ("CC", "xxCC"),
    ("C", "xxC"),
    ("SD", "SD"),
    ("D", "D"),
];

fn table1() -> spec::MappingSpec {
    let specs = builtin::national_specs();
    spec::select(&specs, "sp-xx-table1", None).unwrap().clone()
}

#[test]
fn n3_every_row_of_table_1_is_reproduced_exactly() {
    let spec = table1();
    for (global, expected) in TABLE_1 {
        let levels: Vec<GlobalRating> = match global.strip_suffix(" and higher") {
            Some(floor) => {
                let floor: GlobalRating = floor.parse().unwrap();
                GlobalRating::ALL
                    .iter()
                    .copied()
                    .filter(|g| *g <= floor)
                    .collect()
            }
            None => vec![global.parse().unwrap()],
        };
        for g in levels {
            let mapped = mapping::forward(&spec, g).unwrap();
            assert_eq!(mapped.options.join(", "), *expected, "row {global}: {g}");
            assert_eq!(mapped.trace.steps()[0].rule, "N-3");
        }
    }
}

#[test]
fn n3_table_1_covers_every_global_symbol() {
    let spec = table1();
    for g in GlobalRating::ALL {
        assert!(mapping::forward(&spec, *g).is_ok(), "{g}");
    }
}

#[test]
fn n2_table_1_validates_without_errors_or_warnings() {
    let v = spec::validate(&table1());
    assert!(v.valid, "{:#?}", v.errors);
    assert!(v.warnings.is_empty(), "{:#?}", v.warnings);
}

#[test]
fn n3_the_anchor_of_table_1_is_bbb() {
    let spec = table1();
    assert_eq!(spec.anchor, GlobalRating::Bbb);
    assert_eq!(spec.affixes.prefix, "xx");
    assert_eq!(spec.basis, "verified");
}

#[test]
fn n3_a_partial_spec_refuses_levels_it_does_not_cover() {
    let specs = builtin::national_specs();
    let asean = spec::select(&specs, "sp-ax-asean-2009", None).unwrap();
    let err = mapping::forward(asean, GlobalRating::B).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("N-3") && msg.contains("global B;"), "{msg}");
    assert!(msg.contains("rows cover: AAA"), "{msg}");
}
