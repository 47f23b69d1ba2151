//! `ratebook workbook …`: the stable contract (JSON shapes, exit codes) of the workbook
//! commands, end to end on real files.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

fn store_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures/methodologies")
}

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.ratebook");
    let out = ratebook()
        .args(["--json", "workbook", "demo", "--out"])
        .arg(&path)
        .arg("--methodologies")
        .arg(store_fixtures())
        .args(["--actor", "cli-test"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["national_scales"].as_u64().unwrap() >= 3, "{report}");
    assert!(report["issuers"].as_u64().unwrap() >= 30);
    path
}

fn verify(path: &Path) -> (Option<i32>, Value) {
    let out = ratebook()
        .args(["--json", "workbook", "verify"])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

#[test]
fn new_creates_a_workbook_that_verifies_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ratebook");
    ratebook()
        .args(["workbook", "new"])
        .arg(&path)
        .assert()
        .success();
    let (code, v) = verify(&path);
    assert_eq!(code, Some(0));
    assert_eq!(v["ok"], true);
    assert_eq!(v["events"], 0);
    assert_eq!(v["problems"], serde_json::json!([]));

    let before = std::fs::read(&path).unwrap();
    let out = ratebook()
        .args(["workbook", "new"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn c5_verify_reports_ok_then_a_tampered_row_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (code, v) = verify(&path);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["ok"], true);
    assert!(v["events"].as_i64().unwrap() > 500);

    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE titularizacion_class SET amount = '7500000.00' WHERE name = 'A1'",
            [],
        )
        .unwrap();
    let (code, v) = verify(&path);
    assert_eq!(code, Some(1));
    assert_eq!(v["ok"], false);
    let p = &v["problems"][0];
    assert_eq!(p["table"], "titularizacion_class");
    assert!(p["row"].is_i64() && p["event"].is_i64(), "{p}");
    assert!(p["what"].as_str().unwrap().contains("amount"), "{p}");

    let text = ratebook()
        .args(["workbook", "verify"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&text.stdout).contains("NOT OK"));
}

#[test]
fn import_with_bad_rows_exits_1_names_each_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (_, before) = verify(&path);
    let csv = dir.path().join("issues.csv");
    std::fs::write(
        &csv,
        "code,issuer,name,seniority,currency,foreign_currency,recovery_rating,amount,maturity\n\
         N-1,DEMO-XX-01,Good notes,senior-unsecured,XXD,false,,1000.00,2030-01-31\n\
         N-2,NOBODY,Orphan notes,senior-unsecured,XXD,false,,1000.00,2030-01-31\n\
         N-3,DEMO-XX-01,Odd notes,mezzanine,XXD,false,7,1.000,00,2030-13-01\n",
    )
    .unwrap();
    let out = ratebook()
        .args(["--json", "workbook", "import"])
        .arg(&path)
        .args(["--kind", "issues", "--from"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = v["problems"].as_array().unwrap();
    assert!(problems
        .iter()
        .any(|p| p["line"] == 3 && p["column"] == "issuer" && p["value"] == "NOBODY"));
    assert!(problems
        .iter()
        .any(|p| p["line"] == 4 && p["column"] == "seniority" && p["value"] == "mezzanine"));
    assert!(problems.iter().all(|p| p["accepted"].is_string()));
    let (_, after) = verify(&path);
    assert_eq!(after["events"], before["events"], "nothing written");
}

#[test]
fn import_export_and_backup_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    for ext in ["csv", "xlsx"] {
        let file = dir.path().join(format!("history.{ext}"));
        let out = ratebook()
            .args(["--json", "workbook", "export"])
            .arg(&path)
            .args(["--kind", "history", "--to"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["rows"].as_u64().unwrap() > 100);
        let out = ratebook()
            .args(["--json", "workbook", "import"])
            .arg(&path)
            .args(["--kind", "history", "--from"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["events"], 0, "re-importing an export changes nothing");
        // Export never writes over a file.
        ratebook()
            .args(["workbook", "export"])
            .arg(&path)
            .args(["--kind", "history", "--to"])
            .arg(&file)
            .assert()
            .code(1);
    }

    let copy = dir.path().join("copy.ratebook");
    ratebook()
        .args(["workbook", "backup"])
        .arg(&path)
        .arg("--to")
        .arg(&copy)
        .assert()
        .success();
    let (code, v) = verify(&copy);
    assert_eq!(code, Some(0));
    assert_eq!(v["events"], verify(&path).1["events"]);
    ratebook()
        .args(["workbook", "backup"])
        .arg(&path)
        .arg("--to")
        .arg(&copy)
        .assert()
        .code(1);
}

#[test]
fn a_busy_workbook_is_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (_, before) = verify(&path);
    let csv = dir.path().join("issuers.csv");
    std::fs::write(
        &csv,
        "code,name,sector,country,sovereign,national_scale,global_lc,global_fc,peer_position,fictional\n\
         NEW-1,New Issuer,corporate,XX,XX,xx,BB,,,true\n",
    )
    .unwrap();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = ratebook()
        .args(["workbook", "import"])
        .arg(&path)
        .args(["--kind", "issuers", "--busy-timeout-ms", "200", "--from"])
        .arg(&csv)
        .output()
        .unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is busy"));
    assert_eq!(verify(&path).1["events"], before["events"]);
}

#[test]
fn bad_files_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.ratebook");
    std::fs::write(
        &junk,
        b"not a database at all, just text that is long enough ".repeat(4),
    )
    .unwrap();
    let before = std::fs::read(&junk).unwrap();
    let out = ratebook()
        .args(["workbook", "verify"])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a SQLite file"));
    assert_eq!(std::fs::read(&junk).unwrap(), before);

    ratebook()
        .args([
            "workbook",
            "import",
            "x.ratebook",
            "--kind",
            "ratings",
            "--from",
            "x.csv",
        ])
        .assert()
        .code(2);
}

#[test]
fn whole_cases_and_methodologies_move_between_workbooks_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo(dir.path());
    let target = dir.path().join("target.ratebook");
    ratebook()
        .args(["workbook", "new"])
        .arg(&target)
        .assert()
        .success();
    for (kind, code) in [
        ("methodologies", None),
        ("issuer-case", Some("DEMO-BR-05")),
        ("titularizacion", Some("DEMO-TIT-INMUEBLES")),
    ] {
        let file = dir.path().join(format!("{kind}.json"));
        let mut export = ratebook();
        export
            .args(["workbook", "export"])
            .arg(&source)
            .args(["--kind", kind, "--to"])
            .arg(&file);
        if let Some(code) = code {
            export.args(["--code", code]);
        }
        export.assert().success();
        ratebook()
            .args(["workbook", "import"])
            .arg(&target)
            .args(["--kind", kind, "--from"])
            .arg(&file)
            .assert()
            .success();
    }
    let (code, v) = verify(&target);
    assert_eq!(code, Some(0), "{v}");
    // The imported deal's flows can now be re-imported from the source's export.
    let flows = dir.path().join("flows.csv");
    ratebook()
        .args(["workbook", "export"])
        .arg(&target)
        .args(["--kind", "flows", "--to"])
        .arg(&flows)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&flows)
        .unwrap()
        .contains("DEMO-TIT-INMUEBLES,inflow,,1,"));
    // A case needs its code.
    ratebook()
        .args(["workbook", "export"])
        .arg(&source)
        .args(["--kind", "titularizacion", "--to"])
        .arg(dir.path().join("x.json"))
        .assert()
        .code(1);
}
