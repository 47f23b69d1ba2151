//! N-2: one negative case per validation rule, each error or warning tied to its rule.

use ratebook_core::national::spec::{validate, validate_toml, MappingSpec, SpecValidation};
use ratebook_core::trace;

fn spec_text(anchor: &str, rows: &str) -> String {
    format!(
        r#"
kind = "national-spec"
id = "neg"
version = "1"
effective_date = "2023-06-08"
source = "test"
basis = "project-default"
name = "negative case"
agency = "test"
scale_code = "TT"
scale_type = "national"
countries = ["TT"]
sovereign = "TT"
prefix = "tt"
anchor = "{anchor}"
anchor_basis = "test"
rows = [{rows}]
"#
    )
}

/// A correct tail below BB so that only the row under test is wrong.
const GOOD_TOP: &str = r#"
  { global = "BBB", national = ["ttAAA", "ttAA+"], basis = "x" },
  { global = "BBB-", national = ["ttAA+", "ttAA"], basis = "x" },"#;

/// Validates, and checks that every finding is worded in both languages (SPEC §7): its
/// English message is the English catalogue's, its Spanish fills every placeholder.
fn run(anchor: &str, rows: &str) -> SpecValidation {
    let v = validate(&MappingSpec::from_toml(&spec_text(anchor, rows)).unwrap());
    for f in v.errors.iter().chain(&v.warnings) {
        let m = f
            .message_i18n
            .as_ref()
            .expect("the engine words its findings");
        assert_eq!(trace::english().render(m), f.message);
        let es = trace::spanish().render(m);
        assert!(!es.contains('{') && es != f.message, "{es}");
    }
    v
}

fn has(findings: &[ratebook_core::national::Finding], check: &str) -> bool {
    findings.iter().any(|f| f.check == check && f.rule == "N-2")
}

#[test]
fn n2_anchor_below_b_is_an_error() {
    let v = run(
        "B-",
        r#"{ global = "B-", national = ["ttAAA"], basis = "x" }"#,
    );
    assert!(!v.valid);
    assert!(has(&v.errors, "anchor-floor"), "{v:#?}");
}

#[test]
fn n2_anchor_outside_a_plus_to_bb_minus_is_a_warning() {
    let v = run(
        "AA",
        r#"{ global = "AA", national = ["ttAAA", "ttAA+"], basis = "x" }"#,
    );
    assert!(has(&v.warnings, "anchor-range"), "{v:#?}");
    assert!(!has(&v.errors, "anchor-range"));
}

#[test]
fn n2_options_must_be_contiguous() {
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "BB+", national = ["ttAA", "ttA+"], basis = "x" }}"#),
    );
    assert!(has(&v.errors, "contiguous"), "{v:#?}");
}

#[test]
fn n2_options_listed_worst_first_are_not_contiguous_best_first() {
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "BB+", national = ["ttAA-", "ttAA"], basis = "x" }}"#),
    );
    assert!(has(&v.errors, "contiguous"), "{v:#?}");
}

#[test]
fn n2_rows_must_be_monotone() {
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "BB+", national = ["ttAAA", "ttAA+"], basis = "x" }}"#),
    );
    assert!(has(&v.errors, "monotone"), "{v:#?}");
}

#[test]
fn n2_adjacent_rows_overlap_by_at_most_one_notch() {
    let v = run(
        "BBB",
        &format!(
            r#"{GOOD_TOP} {{ global = "BB+", national = ["ttAA+", "ttAA", "ttAA-"], basis = "x" }}"#
        ),
    );
    assert!(has(&v.errors, "overlap"), "{v:#?}");
    // Exactly one shared notch is allowed (Table 1 does it on every row).
    let ok = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "BB+", national = ["ttAA", "ttAA-"], basis = "x" }}"#),
    );
    assert!(!has(&ok.errors, "overlap"), "{ok:#?}");
}

#[test]
fn n2_sd_maps_to_sd_and_d_to_d() {
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "SD", national = ["D"], basis = "x" }}"#),
    );
    assert!(has(&v.errors, "default-states"), "{v:#?}");
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "BB+", national = ["ttAA", "SD"], basis = "x" }}"#),
    );
    assert!(has(&v.errors, "default-states"), "{v:#?}");
}

#[test]
fn n2_non_convergence_at_the_bottom_is_a_warning() {
    // As seen in a real spec: CCC- -> ttCCC+.
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "CCC-", national = ["ttCCC+"], basis = "x" }}"#),
    );
    assert!(has(&v.warnings, "convergence"), "{v:#?}");
    assert!(!has(&v.errors, "convergence"));
}

#[test]
fn n2_a_national_notch_no_row_reaches_is_a_warning() {
    let v = run("BBB", GOOD_TOP);
    assert!(has(&v.warnings, "unreached"), "{v:#?}");
    assert!(v.valid, "a warning does not invalidate: {v:#?}");
}

#[test]
fn n2_the_anchor_row_must_reach_aaa_and_only_it() {
    let v = run(
        "BBB",
        r#"{ global = "BBB", national = ["ttAA+"], basis = "x" }"#,
    );
    assert!(has(&v.errors, "anchor"), "{v:#?}");
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "A", national = ["ttAAA", "ttAA+"], basis = "x" }}"#),
    );
    assert!(
        has(&v.errors, "anchor"),
        "above the anchor: xxAAA only; {v:#?}"
    );
    let v = run(
        "BBB",
        r#"{ global = "BBB", national = ["ttAAA"], basis = "x" }, { global = "BBB-", national = ["ttAAA", "ttAA+"], basis = "x" }"#,
    );
    assert!(
        has(&v.errors, "anchor"),
        "below the anchor: no xxAAA; {v:#?}"
    );
}

#[test]
fn n2_the_anchor_needs_its_row() {
    let v = run(
        "BBB",
        r#"{ global = "BBB-", national = ["ttAA+", "ttAA"], basis = "x" }"#,
    );
    assert!(has(&v.errors, "anchor"), "{v:#?}");
}

#[test]
fn n2_a_level_listed_twice_is_an_error() {
    let v = run(
        "BBB",
        &format!(r#"{GOOD_TOP} {{ global = "BBB-", national = ["ttAA+", "ttAA"], basis = "x" }}"#),
    );
    assert!(has(&v.errors, "duplicate-row"), "{v:#?}");
}

#[test]
fn n2_unknown_symbols_and_unreadable_files_are_n1_errors() {
    let v = validate_toml(&spec_text(
        "BBB",
        r#"{ global = "BBB", national = ["ttAAA+"], basis = "x" }"#,
    ));
    assert!(!v.valid);
    assert_eq!(v.errors[0].rule, "N-1");
    assert!(v.errors[0].message.contains("'ttAAA+'"), "{v:#?}");
    assert!(
        v.errors[0].message.contains("rows[0].national[0]"),
        "{v:#?}"
    );
    let v = validate_toml(&spec_text(
        "BBB",
        r#"{ global = "BBB+-", national = ["ttAAA"], basis = "x" }"#,
    ));
    assert!(!v.valid, "unknown global symbol");
    let v = validate_toml("not = [toml");
    assert!(!v.valid);
    let v = validate_toml(&spec_text("BBB", "").replace("anchor_basis", "anchr_basis"));
    assert!(!v.valid, "unknown keys are refused, not ignored");
}

#[test]
fn n2_the_real_shipped_specs_report_their_gaps_as_warnings() {
    let specs = ratebook_core::builtin::national_specs();
    let by = |id: &str| specs.iter().find(|s| s.id == id).unwrap();
    let asean = validate(by("sp-ax-asean-2009"));
    assert!(asean.valid);
    assert!(asean.warnings.iter().any(|w| w.check == "complete"));
    assert!(asean.warnings.iter().any(|w| w.check == "coverage"));
    let gcr = validate(by("gcr-za-2017-04-26"));
    assert!(gcr.valid, "{gcr:#?}");
    assert!(gcr.warnings.iter().any(|w| w.check == "unreached"));
}

#[test]
fn n2_a_finding_points_at_the_row_or_the_anchor_it_is_about() {
    // rows[2] is not contiguous; rows[3] maps above rows[2] (monotone).
    let v = run(
        "BBB",
        &format!(
            r#"{GOOD_TOP}
  {{ global = "BB+", national = ["ttAA", "ttA+"], basis = "x" }},
  {{ global = "BB", national = ["ttAA+"], basis = "x" }}"#
        ),
    );
    let at = |check: &str| {
        v.errors
            .iter()
            .find(|f| f.check == check)
            .and_then(|f| f.field.clone())
    };
    assert_eq!(at("contiguous").as_deref(), Some("rows[2]"), "{v:#?}");
    assert_eq!(at("monotone").as_deref(), Some("rows[3]"), "{v:#?}");
    let floor = run(
        "B-",
        r#"{ global = "B-", national = ["ttAAA"], basis = "x" }"#,
    );
    assert_eq!(floor.errors[0].field.as_deref(), Some("anchor"));
    // A symbol the spec's affixes cannot read names its place in the file (N-1).
    let unreadable = validate_toml(&spec_text(
        "BBB",
        r#"{ global = "BBB", national = ["ttAAA", "zzAA+"], basis = "x" }"#,
    ));
    assert_eq!(unreadable.errors[0].rule, "N-1");
    assert_eq!(
        unreadable.errors[0].field.as_deref(),
        Some("rows[0].national[1]")
    );
}
