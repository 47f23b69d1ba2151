//! The CLI's stable contract: JSON shape, exit codes.

use assert_cmd::Command;

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

#[test]
fn scale_json_lists_every_global_symbol() {
    let out = ratebook().args(["scale", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 23);
    assert_eq!(rows[0]["symbol"], "AAA");
    assert_eq!(rows[0]["notch"], 1);
    assert_eq!(rows[0]["short_term"], "A-1+");
    assert_eq!(rows[22]["symbol"], "D");
    assert!(rows[22]["notch"].is_null());
}

#[test]
fn usage_errors_exit_2() {
    let out = ratebook().args(["no-such-command"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
