//! The `ratebook titularizacion` contract: JSON shape, exit codes, messages naming the field.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/cases/titularizacion")
        .join(format!("{name}.json"))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

/// Writes `v` to a temporary file under the target directory and returns its path.
fn temp_case(tag: &str, v: &Value) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("titularizacion_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{tag}.json"));
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn t3_rate_json_has_exactly_the_contract_keys() {
    for name in [
        "cartera_credito",
        "bienes_inmuebles",
        "proyectos_inmobiliarios",
        "flujos_futuros",
    ] {
        let out = ratebook()
            .args(["titularizacion", "rate", "--json", "--case"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            keys(&v),
            [
                "breakeven_stress",
                "caps",
                "classes",
                "coverage",
                "factors",
                "freshness",
                "methodology_version",
                "model_category",
                "stress",
                "trace",
                "weighted_score"
            ],
            "{name}"
        );
        assert!(v["weighted_score"].is_number());
        assert!(v["model_category"].is_string());
        let factors = v["factors"].as_array().unwrap();
        assert_eq!(factors.len(), 9);
        assert_eq!(keys(&factors[0]), ["contribution", "id", "score", "weight"]);
        assert_eq!(factors[0]["id"], "2.1");
        let total: f64 = factors.iter().map(|f| f["weight"].as_f64().unwrap()).sum();
        assert!((total - 100.0).abs() < 1e-9);
        assert_eq!(
            keys(&v["coverage"]),
            ["index", "meets_minimum", "minimum", "multiple"]
        );
        assert_eq!(v["coverage"]["minimum"], 1.5);
        let stress = v["stress"].as_array().unwrap();
        assert_eq!(stress[0]["scenario"], "base");
        assert_eq!(keys(&stress[0]), ["all_paid", "min_coverage", "scenario"]);
        assert!(v["breakeven_stress"].is_number());
        let classes = v["classes"].as_array().unwrap();
        assert!(classes.len() >= 2);
        assert_eq!(
            keys(&classes[0]),
            ["category", "expected_loss", "name", "p_timely"]
        );
        assert_eq!(keys(&v["freshness"]), ["earliest_cutoff", "ok"]);
        assert_eq!(v["freshness"]["ok"], true);
        assert_eq!(v["methodology_version"], "2026.1-project-default");
        let trace = v["trace"].as_array().unwrap();
        assert!(trace
            .iter()
            .any(|s| s["rule"] == "T-10" && s["section"] == "003 §2"));
        // SPEC §7: each step also carries its reason (and a phrase subject) as a catalogue
        // message, so the window and the reports word it in Spanish or English.
        assert_eq!(
            keys(&trace[0]),
            [
                "after",
                "before",
                "message",
                "reason",
                "rule",
                "section",
                "subject",
                "subject_message"
            ]
        );
        assert_eq!(
            trace[0]["message"]["key"],
            "titularizacion.methodology_rating"
        );
    }
}

#[test]
fn t7_rate_text_is_for_people() {
    let out = ratebook()
        .args(["titularizacion", "rate", "--case"])
        .arg(fixture("proyectos_inmobiliarios"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("weighted score"), "{text}");
    assert!(text.contains("retraso de entregas 3 meses"), "{text}");
    assert!(text.contains("PAYMENT MISSED"), "{text}");
}

#[test]
fn t6_freshness_command_at_month_ends_and_leap_years() {
    let run = |cutoff: &str, committee: &str| -> Value {
        let out = ratebook()
            .args([
                "titularizacion",
                "freshness",
                "--json",
                "--cutoff",
                cutoff,
                "--committee",
                committee,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(
        run("2022-06-30", "2022-08-31"),
        serde_json::json!({"ok": true, "earliest_cutoff": "2022-06-30"})
    );
    assert_eq!(
        run("2022-06-29", "2022-08-31"),
        serde_json::json!({"ok": false, "earliest_cutoff": "2022-06-30"})
    );
    assert_eq!(
        run("2024-02-29", "2024-04-30"),
        serde_json::json!({"ok": true, "earliest_cutoff": "2024-02-29"})
    );
    assert_eq!(
        run("2023-02-27", "2023-04-30"),
        serde_json::json!({"ok": false, "earliest_cutoff": "2023-02-28"})
    );
}

#[test]
fn t6_cutoff_after_committee_exits_1_and_bad_date_exits_2() {
    let out = ratebook()
        .args([
            "titularizacion",
            "freshness",
            "--cutoff",
            "2022-09-01",
            "--committee",
            "2022-08-31",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2022-09-01"));
    let out = ratebook()
        .args([
            "titularizacion",
            "freshness",
            "--cutoff",
            "31/08/2022",
            "--committee",
            "2022-08-31",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn t7_invalid_case_exits_1_naming_field_and_value() {
    let mut v = fixture_json("cartera_credito");
    v["flows"]["periods"][4]["collections"] = Value::from("-1.00");
    let p = temp_case("negative", &v);
    let out = ratebook()
        .args(["titularizacion", "rate", "--json", "--case"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    let msg = err["error"].as_str().unwrap();
    assert!(
        msg.contains("flows.periods[4].collections = -1.00"),
        "{msg}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("amounts must be >= 0"));

    let mut v = fixture_json("flujos_futuros");
    v["classes"][2]["schedule"] = Value::Array(vec![]);
    let out = ratebook()
        .args(["titularizacion", "rate", "--case"])
        .arg(temp_case("noschedule", &v))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("classes[2].schedule (class C) = []"));

    let mut v = fixture_json("bienes_inmuebles");
    v["flows"]["periods"][7]["period"] = Value::from(9);
    let out = ratebook()
        .args(["titularizacion", "rate", "--case"])
        .arg(temp_case("order", &v))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("flows.periods[7].period = 9"));
}

#[test]
fn t4_originator_rating_is_refused_by_the_cli() {
    let mut v = fixture_json("cartera_credito");
    v["originator_rating"] = Value::from("AAA");
    let out = ratebook()
        .args(["titularizacion", "rate", "--case"])
        .arg(temp_case("t4", &v))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("originator_rating") && err.contains("T-4"),
        "{err}"
    );
}

#[test]
fn t3_methodology_whose_weights_do_not_sum_to_100_is_refused() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/methodologies/titularizacion/class-titularizacion-default.toml"),
    )
    .unwrap()
    .replace("\"2.3\" = \"20\"", "\"2.3\" = \"30\"");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let p = dir.join("bad-weights.toml");
    std::fs::write(&p, text).unwrap();
    let out = ratebook()
        .args(["titularizacion", "rate", "--case"])
        .arg(fixture("cartera_credito"))
        .arg("--methodology")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("weights sum to 110 %"));
}

#[test]
fn t10_simulate_is_reproducible_whatever_the_threads() {
    let run = |threads: &str| -> Value {
        let out = ratebook()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "titularizacion",
                "simulate",
                "--json",
                "--paths",
                "2000",
                "--seed",
                "7",
                "--case",
            ])
            .arg(fixture("proyectos_inmobiliarios"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one["paths"], 2000);
    assert_eq!(one["classes"].as_array().unwrap().len(), 2);
}

#[test]
fn missing_case_file_exits_1() {
    let out = ratebook()
        .args(["titularizacion", "rate", "--case", "/no/such/case.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/case.json"));
}
