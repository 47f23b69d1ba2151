//! Candidate methodology versions over the demo workbook (C-7): edited field by field,
//! checked by the engine (N-1, N-2, T-3) with every finding tied to its field, filed as a
//! draft only when valid, compared with the approved version (N-13) in batches that report
//! their progress, and approved.

use chrono::{DateTime, NaiveDate};
use ratebook_core::committee::lifecycle::MethodologyRef;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::vocabulary::MethodologyState;
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::candidate::{self, CandidateCheck, Editable, SpecDraft, WeightsDraft};
use ratebook_workbench::methodology::{self, ImpactProgress};
use ratebook_workbench::WorkbenchError;
use std::path::PathBuf;

fn stamp() -> Stamp {
    // A fixed instant: tests read no clock.
    Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn demo_workbook() -> (tempfile::TempDir, Workbook) {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let sources = DemoSources {
        demo_dir: fixtures.join("demo"),
        methodology_dirs: vec![fixtures.join("methodologies")],
    };
    demo::build(&path, &sources, &stamp()).unwrap();
    let wb = Workbook::open(&path).unwrap();
    (dir, wb)
}

fn xx_draft(wb: &Workbook) -> SpecDraft {
    match candidate::open(wb.connection(), "sp-xx-table1", "2023-06-08.1").unwrap() {
        Editable::Spec(d) => d,
        other => panic!("not a spec: {other:?}"),
    }
}

fn weights_draft(wb: &Workbook) -> WeightsDraft {
    let listing = methodology::overview(wb.connection()).unwrap();
    let w = listing
        .iter()
        .find(|l| l.kind == "titularizacion-weights")
        .unwrap();
    match candidate::open(wb.connection(), &w.id, &w.version).unwrap() {
        Editable::Weights(d) => d,
        other => panic!("not weights: {other:?}"),
    }
}

fn error_at<'a>(
    check: &'a CandidateCheck,
    field: &str,
) -> Option<&'a ratebook_core::national::Finding> {
    check
        .errors
        .iter()
        .find(|f| f.field.as_deref() == Some(field))
}

fn events(wb: &Workbook) -> i64 {
    wb.connection()
        .query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))
        .unwrap()
}

/// The XX spec as a new version whose BB+ row (rows[2]) reads `bb_plus`.
fn candidate_xx(wb: &Workbook, bb_plus: &str) -> SpecDraft {
    let mut draft = xx_draft(wb);
    draft.version = "2026-11-01.1".into();
    draft.effective_date = "2026-11-01".into();
    assert_eq!(draft.rows[2].global, "BB+");
    draft.rows[2].national = bb_plus.into();
    draft
}

#[test]
fn c7_the_overview_lists_every_stored_methodology_with_kind_state_and_basis() {
    let (_dir, wb) = demo_workbook();
    let listing = methodology::overview(wb.connection()).unwrap();
    let kinds: std::collections::BTreeSet<&str> = listing.iter().map(|l| l.kind.as_str()).collect();
    for kind in [
        "national-spec",
        "national-notching",
        "national-short-term",
        "titularizacion-weights",
        "committee-rules",
    ] {
        assert!(kinds.contains(kind), "{kind} missing from {kinds:?}");
    }
    let xx = listing.iter().find(|l| l.id == "sp-xx-table1").unwrap();
    assert_eq!(xx.state, MethodologyState::Approved);
    assert_eq!(xx.basis, "verified");
    assert_eq!(xx.effective_date, d(2023, 6, 8));
    assert!(xx.approved_on.is_some() && xx.editable);
    assert!(
        !listing
            .iter()
            .find(|l| l.kind == "committee-rules")
            .unwrap()
            .editable
    );
}

#[test]
fn n2_the_stored_spec_opens_as_a_draft_that_validates_as_stored() {
    let (_dir, wb) = demo_workbook();
    let draft = xx_draft(&wb);
    assert_eq!(draft.prefix, "xx");
    assert_eq!(draft.anchor, "BBB");
    assert_eq!(draft.rows[1].national, "xxAA+, xxAA");
    // Unchanged, it is the approved version: valid for N-2, frozen for C-7.
    let check = candidate::check_spec(wb.connection(), &draft).unwrap();
    assert_eq!(check.errors.len(), 1, "{check:#?}");
    assert_eq!(check.errors[0].rule, "C-7");
    assert_eq!(check.errors[0].field.as_deref(), Some("version"));
}

#[test]
fn n2_options_that_skip_a_notch_are_an_error_at_their_row() {
    let (_dir, wb) = demo_workbook();
    let check = candidate::check_spec(wb.connection(), &candidate_xx(&wb, "xxAA, xxA+")).unwrap();
    assert!(!check.valid);
    let f = error_at(&check, "rows[2]").expect("a finding at the BB+ row");
    assert_eq!(
        (f.rule.as_str(), f.check.as_str()),
        ("N-2", "contiguous"),
        "{f:?}"
    );
    // Fixed, the candidate is valid.
    let fixed = candidate::check_spec(wb.connection(), &candidate_xx(&wb, "xxAA-")).unwrap();
    assert!(fixed.valid, "{fixed:#?}");
}

#[test]
fn n1_an_unreadable_date_anchor_or_symbol_is_named_at_its_field() {
    let (_dir, wb) = demo_workbook();
    let mut draft = candidate_xx(&wb, "xxAA-");
    draft.effective_date = "2026-13-01".into();
    draft.anchor = "BBBB".into();
    let check = candidate::check_spec(wb.connection(), &draft).unwrap();
    assert_eq!(error_at(&check, "effective_date").unwrap().rule, "N-1");
    let anchor = error_at(&check, "anchor").unwrap();
    assert!(anchor.message.contains("BBBB"), "{anchor:?}");
    let mut draft = candidate_xx(&wb, "xxAA-, zzA+");
    draft.version = "2026-11-01.2".into();
    let check = candidate::check_spec(wb.connection(), &draft).unwrap();
    let symbol = error_at(&check, "rows[2].national[1]").expect("the unknown symbol's place");
    assert!(symbol.message.contains("zzA+"), "{symbol:?}");
}

#[test]
fn c7_a_candidate_with_errors_is_not_filed_and_nothing_is_written() {
    let (_dir, mut wb) = demo_workbook();
    let before = events(&wb);
    let err = {
        let draft = candidate_xx(&wb, "xxAA, xxA+");
        candidate::save_spec(&mut wb, &stamp(), &draft)
    }
    .unwrap_err();
    assert!(matches!(err, WorkbenchError::CandidateRefused { .. }));
    assert!(err.to_string().starts_with("N-2"), "{err}");
    assert_eq!(events(&wb), before);
}

#[test]
fn c7_a_valid_candidate_is_filed_as_a_draft_and_reads_back_as_typed() {
    let (_dir, mut wb) = demo_workbook();
    let draft = candidate_xx(&wb, "xxAA-");
    let filed = candidate::save_spec(&mut wb, &stamp(), &draft).unwrap();
    assert_eq!(filed.state, MethodologyState::Draft);
    assert_eq!(filed.version, "2026-11-01.1");
    let back = match candidate::open(wb.connection(), "sp-xx-table1", "2026-11-01.1").unwrap() {
        Editable::Spec(d) => d,
        other => panic!("{other:?}"),
    };
    assert_eq!(back.rows, draft.rows);
    assert_eq!(back.effective_date, "2026-11-01");
    // Keys the editor does not show travel unchanged.
    let stored = ratebook_workbench::catalogue::load(wb.connection()).unwrap();
    let spec = stored
        .national_specs
        .iter()
        .find(|e| e.version == "2026-11-01.1")
        .unwrap();
    assert_eq!(spec.value.countries, ["XX"]);
    assert_eq!(spec.value.agency, "S&P");
    // The base's reason for its own date does not travel to a new date.
    assert!(
        !spec.value.notes.contains("effective date:"),
        "{}",
        spec.value.notes
    );
    // A draft may be edited again under the same version.
    let again = {
        let mut draft = candidate_xx(&wb, "xxAA-");
        draft.rows[2].basis = "inferred".into();
        candidate::save_spec(&mut wb, &stamp(), &draft)
    }
    .unwrap();
    assert_eq!(again.state, MethodologyState::Draft);
    assert_ne!(again.body_sha256, filed.body_sha256);
}

#[test]
fn t3_candidate_weights_must_sum_to_100_and_the_sum_is_shown() {
    let (_dir, wb) = demo_workbook();
    let mut draft = weights_draft(&wb);
    draft.version = "2026.2".into();
    let liquidity = draft
        .weights
        .iter_mut()
        .find(|w| w.factor == "2.9")
        .unwrap();
    liquidity.weight = "5".into();
    let check = candidate::check_weights(wb.connection(), &draft).unwrap();
    let f = error_at(&check, "weights").expect("the sum error");
    assert_eq!(f.rule, "T-3");
    assert_eq!(check.weights_sum.unwrap().to_string(), "102.5");
    // A weight that is not a number is named at its factor, and nothing else is lost.
    draft
        .weights
        .iter_mut()
        .find(|w| w.factor == "2.9")
        .unwrap()
        .weight = "2,5".into();
    let check = candidate::check_weights(wb.connection(), &draft).unwrap();
    assert_eq!(error_at(&check, "weights.2.9").unwrap().rule, "T-3");
    assert_eq!(check.weights_sum, None);
    draft
        .weights
        .iter_mut()
        .find(|w| w.factor == "2.9")
        .unwrap()
        .weight = "2.5".into();
    assert!(
        candidate::check_weights(wb.connection(), &draft)
            .unwrap()
            .valid
    );
}

#[test]
fn t3_bands_out_of_order_are_an_error_at_the_band() {
    let (_dir, wb) = demo_workbook();
    let mut draft = weights_draft(&wb);
    draft.version = "2026.2".into();
    draft.bands[2].min_score = "95".into();
    let check = candidate::check_weights(wb.connection(), &draft).unwrap();
    assert_eq!(
        error_at(&check, "bands[2]").unwrap().rule,
        "T-3",
        "{check:#?}"
    );
}

#[test]
fn n13_the_impact_job_reports_progress_and_what_approval_then_observes() {
    let (_dir, mut wb) = demo_workbook();
    {
        let draft = candidate_xx(&wb, "xxAA-");
        candidate::save_spec(&mut wb, &stamp(), &draft)
    }
    .unwrap();
    let target = MethodologyRef {
        id: "sp-xx-table1".into(),
        version: "2026-11-01.1".into(),
    };
    let job = methodology::impact_job(wb.connection(), &target, d(2026, 11, 20)).unwrap();
    let mut progress: Vec<ImpactProgress> = Vec::new();
    let view = job.view(|p| progress.push(p));
    assert_eq!(
        progress.first(),
        Some(&ImpactProgress { done: 0, total: 12 })
    );
    assert_eq!(
        progress.last(),
        Some(&ImpactProgress {
            done: 12,
            total: 12
        })
    );
    assert_eq!(view.compared_with, "sp-xx-table1 2023-06-08.1");
    assert_eq!(view.report.compared, 12);
    let mut moved: Vec<(&str, &str, &str, i32, bool)> = view
        .rows
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.from.as_str(),
                r.to.as_str(),
                r.notches,
                r.upgrade,
            )
        })
        .collect();
    moved.sort();
    assert_eq!(
        moved,
        [
            ("DEMO-XX-01", "xxAA", "xxAA-", -1, false),
            ("DEMO-XX-04", "xxAA", "xxAA-", -1, false),
            ("DEMO-XX-07", "xxAA", "xxAA-", -1, false),
            ("DEMO-XX-10", "xxAA", "xxAA-", -1, false),
        ]
    );
    assert!(view.rows.iter().all(|r| !r.name.is_empty()));
    assert_eq!(view.report.downgrades, 4);
    // Approval compares the same way and observes the same ratings.
    let report = methodology::approve(&mut wb, &stamp(), &target, d(2026, 11, 20)).unwrap();
    assert_eq!(report.impact.as_ref(), Some(&view.report));
    // The demo committee already decided DEMO-XX-07 at xxAA-: that rating does not
    // change, so it is not observed; the other three are.
    let mut observed: Vec<&str> = report
        .approval
        .observations
        .iter()
        .map(|o| o.subject.id.as_str())
        .collect();
    observed.sort();
    assert_eq!(observed, ["DEMO-XX-01", "DEMO-XX-04", "DEMO-XX-10"]);
}

#[test]
fn c7_an_impact_needs_an_approved_version_to_compare_with() {
    let (_dir, wb) = demo_workbook();
    let target = MethodologyRef {
        id: "sp-xx-table1".into(),
        version: "2023-06-08.1".into(),
    };
    // The approved version compared with itself on a date before it was in force.
    let err = methodology::impact_job(wb.connection(), &target, d(2020, 1, 1))
        .err()
        .unwrap();
    assert!(err.to_string().starts_with("C-7"), "{err}");
}

#[test]
fn n1_row_notes_of_the_source_travel_to_the_candidate() {
    let (_dir, mut wb) = demo_workbook();
    let mut draft = match candidate::open(wb.connection(), "gcr-za-2017-04-26", "2017-04-26") {
        Ok(Editable::Spec(d)) => d,
        other => panic!("{other:?}"),
    };
    let noted = draft
        .rows
        .iter()
        .find(|r| r.global == "CCC")
        .unwrap()
        .note
        .clone();
    assert_eq!(noted, "GCR prints CCC without modifiers");
    draft.version = "2026-12-01.1".into();
    draft.effective_date = "2026-12-01".into();
    candidate::save_spec(&mut wb, &stamp(), &draft).unwrap();
    let stored = ratebook_workbench::catalogue::load(wb.connection()).unwrap();
    let spec = stored
        .national_specs
        .iter()
        .find(|e| e.version == "2026-12-01.1")
        .unwrap();
    let ccc = spec
        .value
        .row(ratebook_core::scale::GlobalRating::Ccc)
        .unwrap();
    assert_eq!(ccc.note.as_deref(), Some(noted.as_str()));
}
