//! The titularización operations over the demo workbook (SPEC T-2, T-3, T-6, T-7, T-8,
//! T-10): the live weighted score, a factor score written through the audit chain, refusals
//! that write nothing, the engine case built from the stored deal, and the Monte Carlo in
//! ranges with progress and cancel.

use chrono::{DateTime, NaiveDate};
use ratebook_core::titularizacion::caso::{Estres, ValidezInformacion};
use ratebook_core::titularizacion::flujo::{Escenario, Shocks, VariableClave};
use ratebook_core::titularizacion::indice::BaseIndice;
use ratebook_core::titularizacion::montecarlo::ParametrosMonteCarlo;
use ratebook_core::titularizacion::waterfall::PrioridadPagos;
use ratebook_store::audit;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::titularizacion::{self as tit, Analisis, Simulacion};
use ratebook_workbench::WorkbenchError;
use rust_decimal::Decimal;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn stamp() -> Stamp {
    // A fixed instant: tests read no clock.
    Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn demo_workbook() -> (tempfile::TempDir, Workbook) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let sources = DemoSources {
        demo_dir: fixtures().join("demo"),
        methodology_dirs: vec![fixtures().join("methodologies")],
    };
    demo::build(&path, &sources, &stamp()).unwrap();
    let wb = Workbook::open(&path).unwrap();
    (dir, wb)
}

fn analisis(variant: &str) -> Analisis {
    Analisis {
        committee_date: d(2026, 10, 15),
        information_validity: ValidezInformacion {
            no_false_antecedents: true,
            no_unreflected_significant_change: true,
            notes: String::new(),
        },
        index_variant: variant.into(),
        index_base: BaseIndice::Capital,
        priority_of_payments: PrioridadPagos::ClassByClass,
        recovery_rate: Decimal::ZERO,
        recovery_lag: 0,
        interest_share: Decimal::ZERO,
        stress: Estres {
            equilibrium_variable: VariableClave::Volume,
            scenarios: vec![Escenario {
                name: "volume -30 %".into(),
                shocks: Shocks::single(VariableClave::Volume, dec("0.3")),
            }],
        },
        montecarlo: ParametrosMonteCarlo {
            paths: 2_000,
            seed: 42,
            persistence: dec("0.3"),
        },
    }
}

fn rule_of(e: &WorkbenchError) -> (&str, &str, &str) {
    match e {
        WorkbenchError::Rule {
            rule, field, value, ..
        } => (rule, field, value),
        other => panic!("expected a rule refusal, got {other}"),
    }
}

#[test]
fn t3_the_detail_weighs_the_latest_scores_under_the_approved_weights() {
    let (_dir, wb) = demo_workbook();
    let detail = tit::detail(wb.connection(), "DEMO-TIT-CARTERA").unwrap();
    assert_eq!(detail.factors.len(), 9);
    let scoring = detail.scoring.expect("every demo factor has a score");
    // By hand from the rows shown: Σ score × weight / 100.
    let by_hand: Decimal = detail
        .factors
        .iter()
        .map(|f| f.assessment.as_ref().unwrap().score * f.weight / Decimal::ONE_HUNDRED)
        .sum();
    assert_eq!(scoring.weighted_score, by_hand);
    assert_eq!(
        detail.factors.iter().map(|f| f.weight).sum::<Decimal>(),
        Decimal::ONE_HUNDRED
    );
    assert!(scoring.trace.steps().iter().any(|s| s.rule == "T-3"));
    // The seed's sub-criteria of the asset type are listed for every factor (T-2, T-5).
    assert!(detail.factors.iter().all(|f| !f.subcriterios.is_empty()));
    assert_eq!(detail.asset_analyses.len(), 4);
}

#[test]
fn t2_a_new_factor_score_is_committed_audited_and_rescored() {
    let (_dir, mut wb) = demo_workbook();
    let before = tit::detail(wb.connection(), "DEMO-TIT-CARTERA").unwrap();
    let old = before.scoring.clone().unwrap();
    let weight = before.factors[3].weight;
    let after = tit::set_factor_score(
        &mut wb,
        &stamp(),
        "DEMO-TIT-CARTERA",
        "2.4",
        "40",
        "Stress of the collections breaks coverage in period 5",
        d(2026, 10, 1),
    )
    .unwrap();
    let new = after.scoring.unwrap();
    // 84 → 40 on factor 2.4: the weighted score falls by 44 × weight / 100.
    assert_eq!(
        old.weighted_score - new.weighted_score,
        dec("44") * weight / Decimal::ONE_HUNDRED
    );
    let a = after.factors[3].assessment.as_ref().unwrap();
    assert_eq!(
        (a.score, a.assessed_on, a.evidence.as_str()),
        (
            dec("40"),
            d(2026, 10, 1),
            "Stress of the collections breaks coverage in period 5"
        )
    );
    assert_eq!(a.methodology.as_ref().unwrap().id, new.methodology_id);
    // The earlier assessment is kept (nothing is deleted) and the chain verifies.
    assert_eq!(
        after
            .case
            .factors
            .iter()
            .filter(|f| f.factor.as_str() == "2.4")
            .count(),
        2
    );
    assert!(audit::verify(wb.connection()).unwrap().ok);
}

#[test]
fn t2_a_score_out_of_range_or_not_a_number_is_refused_and_nothing_is_written() {
    let (_dir, mut wb) = demo_workbook();
    let events = audit::verify(wb.connection()).unwrap().events;
    for (score, value) in [("101", "101"), ("-1", "-1"), ("abc", "abc")] {
        let e = tit::set_factor_score(
            &mut wb,
            &stamp(),
            "DEMO-TIT-CARTERA",
            "2.4",
            score,
            "evidence",
            d(2026, 10, 1),
        )
        .unwrap_err();
        assert_eq!(rule_of(&e), ("T-2", "factor 2.4 score", value), "{e}");
        assert!(e.to_string().starts_with("T-2 "), "{e}");
    }
    let e = tit::set_factor_score(
        &mut wb,
        &stamp(),
        "DEMO-TIT-CARTERA",
        "2.4",
        "50",
        "  ",
        d(2026, 10, 1),
    )
    .unwrap_err();
    assert_eq!(rule_of(&e).1, "factor 2.4 evidence");
    assert_eq!(audit::verify(wb.connection()).unwrap().events, events);
}

#[test]
fn t7_t8_the_engine_rates_the_stored_deal_under_the_analysis() {
    let (_dir, wb) = demo_workbook();
    for (code, variant) in [
        ("DEMO-TIT-CARTERA", "weighted_average"),
        ("DEMO-TIT-FLUJOS", "mean_negative_deviation"),
        ("DEMO-TIT-INMUEBLES", "coefficient_of_variation"),
        ("DEMO-TIT-PROYECTO", "mean_negative_deviation"),
    ] {
        let detail = tit::detail(wb.connection(), code).unwrap();
        let c = tit::rate(wb.connection(), code, &analisis(variant)).unwrap();
        assert_eq!(
            c.weighted_score,
            detail.scoring.unwrap().weighted_score,
            "{code}"
        );
        let names: Vec<_> = c.classes.iter().map(|k| k.name.clone()).collect();
        let stored: Vec<_> = detail.case.classes.iter().map(|k| k.name.clone()).collect();
        assert_eq!(names, stored, "{code}");
        // Base scenario plus the analyst's one, each with coverage per period.
        assert!(c.stress.len() >= 2, "{code}");
        let periods = detail
            .case
            .flows
            .iter()
            .filter(|f| f.line.as_str() == "inflow")
            .count();
        assert_eq!(c.stress[0].coverage_by_period.len(), periods, "{code}");
        assert!(c.coverage.index > Decimal::ZERO, "{code}");
        assert!(c.freshness.ok, "{code}");
    }
}

#[test]
fn t8_a_formula_variant_of_the_other_index_is_refused() {
    let (_dir, wb) = demo_workbook();
    let e = tit::rate(
        wb.connection(),
        "DEMO-TIT-CARTERA",
        &analisis("coefficient_of_variation"),
    )
    .unwrap_err();
    assert_eq!(
        rule_of(&e),
        ("T-8", "index_variant", "coefficient_of_variation")
    );
}

#[test]
fn t6_a_stale_cutoff_is_flagged_as_blocking() {
    let (_dir, wb) = demo_workbook();
    let mut a = analisis("weighted_average");
    a.committee_date = d(2026, 12, 1);
    let c = tit::rate(wb.connection(), "DEMO-TIT-CARTERA", &a).unwrap();
    assert!(!c.freshness.ok);
    assert!(c.flags.iter().any(|f| f.rule == "T-6" && f.blocks_decision));
}

#[test]
fn t10_the_montecarlo_in_ranges_equals_the_rating_run_and_stops_when_cancelled() {
    let (_dir, wb) = demo_workbook();
    let a = analisis("weighted_average");
    let rated = tit::rate(wb.connection(), "DEMO-TIT-CARTERA", &a).unwrap();
    let sim = Simulacion::prepare(wb.connection(), "DEMO-TIT-CARTERA", &a).unwrap();
    let mut seen = Vec::new();
    let full = sim.run(300, |done, total| {
        seen.push((done, total));
        true
    });
    assert_eq!(seen.last(), Some(&(2_000, 2_000)));
    assert_eq!(seen.len(), 7, "2,000 paths in ranges of 300");
    assert!(!full.cancelled);
    assert_eq!(full.loss_histogram.iter().sum::<u64>(), 2_000);
    for (mc, class) in full.classes.iter().zip(&rated.classes) {
        assert_eq!(mc.name, class.name);
        assert_eq!(mc.p_timely, class.p_timely, "{}", mc.name);
        assert_eq!(mc.expected_loss, class.expected_loss, "{}", mc.name);
    }
    let cancelled = sim.run(300, |done, _| done < 600);
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.paths_run, 600);
    assert_eq!(cancelled.loss_histogram.iter().sum::<u64>(), 600);
}

#[test]
fn c2_the_analysis_recorded_for_the_committee_is_kept_audited_and_only_if_the_engine_accepts_it() {
    let (_dir, mut wb) = demo_workbook();
    assert_eq!(
        tit::detail(wb.connection(), "DEMO-TIT-CARTERA")
            .unwrap()
            .analysis,
        None
    );
    let a = analisis("weighted_average");
    let events = audit::verify(wb.connection()).unwrap().events;
    let detail = tit::record_analysis(&mut wb, &stamp(), "DEMO-TIT-CARTERA", &a).unwrap();
    assert_eq!(detail.analysis.as_ref(), Some(&a));
    assert_eq!(audit::verify(wb.connection()).unwrap().events, events + 1);
    // The committee rates the deal with it on the session's date (T-6), not the form's.
    let on = d(2026, 10, 20);
    let case = tit::recorded_case(wb.connection(), "DEMO-TIT-CARTERA", on)
        .unwrap()
        .unwrap();
    assert_eq!(case.committee_date, on);
    // An analysis the engine refuses is not recorded: the earlier one stays.
    let e = tit::record_analysis(
        &mut wb,
        &stamp(),
        "DEMO-TIT-CARTERA",
        &analisis("coefficient_of_variation"),
    )
    .unwrap_err();
    assert_eq!(
        rule_of(&e),
        ("T-8", "index_variant", "coefficient_of_variation")
    );
    assert_eq!(
        tit::recorded_analysis(wb.connection(), "DEMO-TIT-CARTERA").unwrap(),
        Some(a)
    );
    assert!(audit::verify(wb.connection()).unwrap().ok);
    assert_eq!(
        tit::recorded_case(wb.connection(), "DEMO-TIT-FLUJOS", on).unwrap(),
        None
    );
}
