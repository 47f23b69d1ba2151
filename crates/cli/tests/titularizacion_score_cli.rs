//! `ratebook titularizacion score` over the demo workbook (T-2, T-3): the weighted score and
//! category of a stored deal, the number the app shows live; exit 1 naming the code when the
//! deal is not in the workbook.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

#[test]
fn t3_score_of_a_stored_deal_is_the_weighted_sum_of_its_latest_scores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    ratebook()
        .args(["workbook", "demo", "--actor", "test", "--out"])
        .arg(&path)
        .assert()
        .success();
    let out = ratebook()
        .args([
            "titularizacion",
            "score",
            "--json",
            "--code",
            "DEMO-TIT-CARTERA",
            "--workbook",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = |v: &Value| v.as_str().unwrap().parse::<Decimal>().unwrap();
    let factors = v["factors"].as_array().unwrap();
    assert_eq!(factors.len(), 9);
    let sum: Decimal = factors
        .iter()
        .map(|f| d(&f["score"]) * d(&f["weight"]) / Decimal::ONE_HUNDRED)
        .sum();
    assert_eq!(d(&v["weighted_score"]), sum);
    assert!(v["model_category"].as_str().is_some_and(|c| !c.is_empty()));
    assert!(v["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["rule"] == "T-3"));

    let missing = ratebook()
        .args(["titularizacion", "score", "--code", "NOPE", "--workbook"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("NOPE"));
}
