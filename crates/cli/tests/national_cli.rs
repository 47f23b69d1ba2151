//! The stable contract of `ratebook spec` and `ratebook national`: JSON field names, exit
//! codes, messages naming the field and the value.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(rel: &str) -> String {
    root().join(rel).display().to_string()
}

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let out = ratebook().args(args).arg("--json").output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

#[test]
fn n2_spec_validate_reports_valid_errors_and_warnings() {
    let (code, v) = json(&[
        "spec",
        "validate",
        &fixture("fixtures/methodologies/national/sp-xx-table1.toml"),
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["valid"], true);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    assert!(v["warnings"].is_array());
}

#[test]
fn n2_spec_validate_exits_1_on_an_invalid_spec_with_rule_and_message() {
    let dir = std::env::temp_dir().join(format!("ratebook-n2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    let text =
        std::fs::read_to_string(fixture("fixtures/methodologies/national/sp-xx-table1.toml"))
            .unwrap()
            .replace(
                r#"{ global = "BB",   national = ["xxAA-", "xxA+", "xxA"]"#,
                r#"{ global = "BB",   national = ["xxAA-", "xxA"]"#,
            );
    std::fs::write(&file, text).unwrap();
    let (code, v) = json(&["spec", "validate", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(v["valid"], false);
    let e = &v["errors"][0];
    assert_eq!(e["rule"], "N-2");
    assert!(e["message"].as_str().unwrap().contains("contiguous"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn n3_map_prints_spec_global_and_options() {
    let (code, v) = json(&[
        "national",
        "map",
        "--spec",
        "sp-xx-table1",
        "--global",
        "BB",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["spec"], "sp-xx-table1");
    assert_eq!(v["global"], "BB");
    assert_eq!(v["options"], serde_json::json!(["xxAA-", "xxA+", "xxA"]));
}

#[test]
fn n3_map_takes_a_spec_file_and_picks_the_version_by_date() {
    let file = fixture("fixtures/methodologies/national/austin-br.toml");
    let (_, v) = json(&["national", "map", "--spec", &file, "--global", "BB"]);
    assert_eq!(v["options"], serde_json::json!(["brAA+", "brAA", "brAA-"]));
    let (_, v) = json(&[
        "national",
        "map",
        "--spec",
        "gcr-za-2017-04-26",
        "--global",
        "BB",
        "--date",
        "2017-01-01",
    ]);
    assert_eq!(v["spec"], "gcr-za-2016-12-09");
}

#[test]
fn n11_reverse_reports_ambiguity() {
    let (code, v) = json(&[
        "national",
        "reverse",
        "--spec",
        "sp-xx-table1",
        "--national",
        "xxAA",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["global"], serde_json::json!(["BBB-", "BB+"]));
    assert_eq!(v["ambiguous"], true);
    let (_, v) = json(&[
        "national",
        "reverse",
        "--spec",
        "sp-xx-table1",
        "--national",
        "xxA+",
    ]);
    assert_eq!(v["global"], serde_json::json!(["BB"]));
    assert_eq!(v["ambiguous"], false);
}

#[test]
fn n7_short_term_standard_and_alternative() {
    let (_, v) = json(&[
        "national",
        "short-term",
        "--spec",
        "sp-xx-table1",
        "--national",
        "xxA+",
    ]);
    assert_eq!(v["short_term"], "xxA-1");
    let (_, v) = json(&[
        "national",
        "short-term",
        "--spec",
        "sp-xx-table1",
        "--national",
        "xxA+",
        "--alternative",
    ]);
    assert_eq!(v["short_term"], "xxA-1+");
}

#[test]
fn n8_rate_prints_issuer_issues_and_trace() {
    let (code, v) = json(&[
        "national",
        "rate",
        "--case",
        &fixture("fixtures/cases/national/07-issues.json"),
    ]);
    assert_eq!(code, Some(0));
    let issuer = &v["issuer"];
    assert_eq!(
        issuer["options"],
        serde_json::json!(["xxAA-", "xxA+", "xxA"])
    );
    assert_eq!(issuer["selected"], "xxA+");
    assert_eq!(issuer["final"], "xxA+");
    assert_eq!(issuer["short_term"], "xxA-1");
    assert_eq!(v["issues"][2]["id"], "secured-term-loan");
    assert_eq!(v["issues"][2]["rating"], "xxAA+");
    let trace = v["trace"].as_array().unwrap();
    assert!(trace
        .iter()
        .all(|s| s["rule"].is_string() && s["section"].is_string()));
    assert_eq!(v["spec_version"], "2023-06-08.1");
}

#[test]
fn n13_impact_reports_changes_and_share() {
    let (code, v) = json(&[
        "national",
        "impact",
        "--spec-from",
        "gcr-za-2016-12-09",
        "--spec-to",
        "gcr-za-2017-04-26",
        "--entities",
        &fixture("fixtures/cases/national/impact-entities.json"),
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["compared"], 6);
    assert_eq!(v["changed"], 6);
    assert_eq!(v["upgrades"], 6);
    assert_eq!(v["downgrades"], 0);
    assert_eq!(v["share_affected"], 1.0);
    assert_eq!(v["failures"][0]["id"], "demo-za-07");
    assert_eq!(v["notches"][0]["notches"], 2);
}

#[test]
fn bad_input_exits_1_naming_the_field_and_value() {
    let out = ratebook()
        .args([
            "national",
            "map",
            "--spec",
            "sp-xx-table1",
            "--global",
            "BB++",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--global") && err.contains("'BB++'"), "{err}");
    let out = ratebook()
        .args([
            "national",
            "map",
            "--spec",
            "no-such-spec",
            "--global",
            "BB",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'no-such-spec'"));
    let out = ratebook()
        .args([
            "national",
            "map",
            "--spec",
            "sp-xx-table1",
            "--global",
            "BB",
            "--date",
            "31/12/2020",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date: '31/12/2020'"));
}

#[test]
fn usage_errors_exit_2() {
    let out = ratebook()
        .args(["national", "map", "--spec", "sp-xx-table1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn n13_plain_batch_rerate_lists_every_entity_or_its_failure() {
    let (code, v) = json(&[
        "national",
        "rate",
        "--spec",
        "gcr-za-2016-12-09",
        "--entities",
        &fixture("fixtures/cases/national/impact-entities.json"),
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["ratings"].as_array().unwrap().len(), 6);
    assert_eq!(v["ratings"][0]["final"], "AA(ZA)");
    assert_eq!(v["ratings"][0]["warnings"], serde_json::json!(["N-6"]));
    assert!(v["ratings"][0].get("trace").is_none());
    assert_eq!(v["failures"][0]["id"], "demo-za-07");
    let out = ratebook()
        .args(["national", "rate", "--entities", "x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--entities needs --spec");
}

#[test]
fn text_output_is_for_people() {
    let out = ratebook()
        .args([
            "national",
            "map",
            "--spec",
            "sp-xx-table1",
            "--global",
            "BB",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("global BB → xxAA-, xxA+, xxA"), "{text}");
    let out = ratebook()
        .args([
            "national",
            "rate",
            "--case",
            &fixture("fixtures/cases/national/04-sovereign-cap.json"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warning N-6"), "{text}");
    assert!(text.contains("trace:") && text.contains("N-4"), "{text}");
}
