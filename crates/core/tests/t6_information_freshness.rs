//! T-6: the information cut-off may be no older than the committee date minus two calendar
//! months, end-of-month clamped; stale or invalid information blocks the decision.

mod titularizacion_case;

use ratebook_core::titularizacion::rate;
use serde_json::json;
use titularizacion_case as tc;

fn run(cutoff: &str, committee: &str) -> ratebook_core::titularizacion::Calificacion {
    let mut v = tc::json();
    v["information_cutoff"] = json!(cutoff);
    v["committee_date"] = json!(committee);
    rate(&tc::case(&v), &tc::methodology()).unwrap()
}

#[test]
fn t6_month_end_31_august_accepts_30_june() {
    let r = run("2022-06-30", "2022-08-31");
    assert!(r.freshness.ok);
    assert_eq!(r.freshness.earliest_cutoff.to_string(), "2022-06-30");
    assert!(r.flags.iter().all(|f| !f.blocks_decision));
    let stale = run("2022-06-29", "2022-08-31");
    assert!(!stale.freshness.ok);
    let flag = stale.flags.iter().find(|f| f.rule == "T-6").unwrap();
    assert!(flag.blocks_decision);
    assert!(
        flag.message.contains("older than 2022-06-30"),
        "{}",
        flag.message
    );
}

#[test]
fn t6_leap_years_clamp_to_29_february() {
    assert!(run("2024-02-29", "2024-04-30").freshness.ok);
    assert!(!run("2024-02-28", "2024-04-30").freshness.ok);
    assert_eq!(
        run("2023-02-28", "2023-04-30")
            .freshness
            .earliest_cutoff
            .to_string(),
        "2023-02-28"
    );
}

#[test]
fn t6_cutoff_after_the_committee_is_refused() {
    let mut v = tc::json();
    v["information_cutoff"] = json!("2025-09-01");
    let err = rate(&tc::case(&v), &tc::methodology()).unwrap_err();
    assert!(
        err.to_string().contains("information_cutoff = 2025-09-01"),
        "{err}"
    );
}

#[test]
fn t6_failed_validity_tests_block_the_decision() {
    let mut v = tc::json();
    v["information_validity"]["no_unreflected_significant_change"] = json!(false);
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert!(r.freshness.ok);
    assert!(r
        .flags
        .iter()
        .any(|f| f.blocks_decision && f.subject.contains("no_unreflected_significant_change")));
}
