//! `ratebook committee` and `ratebook methodology approve` against the demo workbook: the
//! CLI contract (JSON on stdout, exit 1 when a rule refuses, rule id first).

use assert_cmd::Command;
use ratebook_store::methodology::{file_document, Format};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn session(name: &str) -> String {
    fixtures().join("sessions").join(name).display().to_string()
}

fn demo(dir: &Path) -> String {
    let path = dir.join("demo.ratebook");
    let out = ratebook()
        .args(["workbook", "demo", "--actor", "test", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path.display().to_string()
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON document ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn c2_to_c8_committee_run_then_history_and_due_on_the_demo_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let wb = demo(dir.path());
    let out = ratebook()
        .args([
            "committee",
            "run",
            "--json",
            "--actor",
            "test",
            "--workbook",
            &wb,
        ])
        .args(["--session", &session("demo-177-2026-ordinaria.json")])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["decided"], 5);
    assert_eq!(v["refused"], 0);
    assert_eq!(v["items"][1]["outcome"], "decided");
    assert_eq!(v["items"][1]["decision"]["override"]["notches"], 1);

    // Running the same session twice is a clear error.
    let again = ratebook()
        .args(["committee", "run", "--workbook", &wb])
        .args(["--session", &session("demo-177-2026-ordinaria.json")])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("177/2026") && err.contains("already recorded"),
        "{err}"
    );

    let h = ratebook()
        .args(["committee", "history", "--json", "--workbook", &wb])
        .args(["--entity", "DEMO-TIT-CARTERA"])
        .output()
        .unwrap();
    assert!(h.status.success());
    let h = json(&h);
    let rows: Vec<(String, String)> = h["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["subject"]["id"].as_str().unwrap().to_string(),
                e["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("DEMO-TIT-CARTERA/A1".into(), "new".into()),
            ("DEMO-TIT-CARTERA/B".into(), "new".into()),
            ("DEMO-TIT-CARTERA/A1".into(), "downgrade".into()),
            ("DEMO-TIT-CARTERA/A2".into(), "new".into()),
        ]
    );

    let due = ratebook()
        .args([
            "committee",
            "due",
            "--workbook",
            &wb,
            "--as-of",
            "2027-04-30",
        ])
        .output()
        .unwrap();
    assert!(due.status.success());
    let text = String::from_utf8_lossy(&due.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("OVERDUE DEMO-TIT-CARTERA/A1") && l.contains("2027-04-29")),
        "{text}"
    );
    assert!(text.contains("DEMO-XX-03 xxBB+"), "{text}");
}

#[test]
fn refusals_print_the_rule_id_first_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let wb = demo(dir.path());
    let out = ratebook()
        .args(["committee", "run", "--workbook", &wb])
        .args(["--session", &session("demo-2-2027-refusals.json")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("T-6")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("C-3")), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 of 2 item(s) refused"), "{err}");

    // With --json: one document on stdout, still exit 1.
    let out = ratebook()
        .args(["committee", "run", "--json", "--workbook", &wb])
        .args([
            "--session",
            &session("demo-178-2026-extraordinaria-sin-quorum.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["items"][0]["refusal"]["rule"], "C-2");
    assert_eq!(v["items"][0]["refusal"]["no_decision"], true);
}

#[test]
fn c2_an_indicative_rating_other_than_the_engines_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wb = demo(dir.path());
    let text = std::fs::read_to_string(session("demo-177-2026-ordinaria.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["items"][0]["proposal"]["indicative"]["rating"] = Value::from("xxAA-");
    v["items"][0]["override"] = serde_json::json!({
        "reason_code": "PEER",
        "justification": "unused",
        "factors": ["unused"]
    });
    // Engine cases are found relative to the session file: copy the case beside it.
    let tmp = dir.path().join("mismatch.json");
    std::fs::write(&tmp, serde_json::to_string(&v).unwrap()).unwrap();
    std::fs::create_dir_all(dir.path().join("cases")).unwrap();
    std::fs::copy(
        fixtures().join("sessions/cases/demo-tit-cartera.json"),
        dir.path().join("cases/demo-tit-cartera.json"),
    )
    .unwrap();
    let out = ratebook()
        .args(["committee", "run", "--workbook", &wb, "--session"])
        .arg(&tmp)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.contains("item 1")).unwrap();
    assert!(line.starts_with("C-2"), "{line}");
    assert!(
        line.contains("'xxAA-'") && line.contains("engine's 'xxAA'"),
        "{line}"
    );
}

#[test]
fn c7_methodology_approve_lists_the_ratings_it_changes_and_due_shows_the_observation() {
    let dir = tempfile::tempdir().unwrap();
    let wb = demo(dir.path());
    // A new version of sp-xx-table1 mapping BB+ one notch lower, filed as a draft.
    let body = std::fs::read_to_string(fixtures().join("methodologies/national/sp-xx-table1.toml"))
        .unwrap()
        .replace("version = \"2023-06-08.1\"", "version = \"2026-11-01.1\"")
        .replace(
            "effective_date = \"2023-06-08\"",
            "effective_date = \"2026-11-01\"",
        )
        .replace(
            "{ global = \"BB+\",  national = [\"xxAA\", \"xxAA-\"]",
            "{ global = \"BB+\",  national = [\"xxAA-\", \"xxA+\"]",
        );
    let doc = file_document(&body, Format::Toml).unwrap();
    let draft = dir.path().join("draft.json");
    std::fs::write(&draft, serde_json::to_string(&vec![doc]).unwrap()).unwrap();
    let out = ratebook()
        .args([
            "workbook",
            "import",
            &wb,
            "--kind",
            "methodologies",
            "--actor",
            "test",
            "--from",
        ])
        .arg(&draft)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = ratebook()
        .args(["methodology", "approve", "--json", "--workbook", &wb])
        .args([
            "--version",
            "sp-xx-table1@2026-11-01.1",
            "--on",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let mut observed: Vec<String> = v["approval"]["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["subject"]["id"].as_str().unwrap().to_string())
        .collect();
    observed.sort();
    assert_eq!(observed, ["DEMO-XX-01", "DEMO-XX-04", "DEMO-XX-10"]);
    assert_eq!(v["approval"]["observations"][0]["review_by"], "2027-05-20");
    assert_eq!(v["approval"]["retired"][0]["version"], "2023-06-08.1");

    let due = ratebook()
        .args([
            "committee",
            "due",
            "--json",
            "--workbook",
            &wb,
            "--as-of",
            "2026-12-01",
        ])
        .output()
        .unwrap();
    let due = json(&due);
    let altavista = due["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["subject"]["id"] == "DEMO-XX-01")
        .unwrap()
        .clone();
    assert_eq!(altavista["due"], "2027-05-20");
    assert!(
        altavista["reason"]["observation"].is_object(),
        "{altavista}"
    );

    // Approving an approved version is refused with the rule id.
    let again = ratebook()
        .args(["methodology", "approve", "--workbook", &wb])
        .args([
            "--version",
            "sp-xx-table1@2026-11-01.1",
            "--on",
            "2026-11-21",
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("C-7"));
}

#[test]
fn committee_run_without_a_session_file_is_a_usage_error() {
    let out = ratebook()
        .args(["committee", "run", "--workbook", "x.ratebook"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
