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
    let (code, stdout, stderr) =
        impact_stdout(&fixture("fixtures/cases/national/impact-entities.json"));
    assert_eq!(code, Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
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

/// A temporary directory of this test process, removed by the caller.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ratebook-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The impact entities fixture as a spreadsheet would export it to CSV.
const IMPACT_CSV: &str = "id,global_lc,sovereign_country,sovereign_global_lc,peer_position
demo-za-01,BBB,ZA,BBB-,upper
demo-za-02,BBB-,ZA,BBB-,upper
demo-za-03,BBB-,ZA,BBB-,lower
demo-za-04,BB+,ZA,BBB-,middle
demo-za-05,BB,ZA,BBB-,lower
demo-za-06,BB-,ZA,BBB-,
demo-za-07,B,ZA,BBB-,
";

/// `ratebook national impact --json` of `entities` from GCR's 2016 table to its 2017 one.
fn impact_command(entities: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ratebook"));
    cmd.args([
        "national",
        "impact",
        "--spec-from",
        "gcr-za-2016-12-09",
        "--spec-to",
        "gcr-za-2017-04-26",
        "--entities",
        entities,
        "--json",
    ]);
    cmd
}

fn impact_stdout(entities: &str) -> (Option<i32>, String, String) {
    let out = impact_command(entities).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn n13_impact_reads_csv_entities_exactly_as_the_json_ones() {
    let dir = scratch("n13-csv");
    let from_json = impact_stdout(&fixture("fixtures/cases/national/impact-entities.json"));
    assert_eq!(from_json.0, Some(0));
    // Plain, and as a Spanish-locale spreadsheet saves it: BOM, ';', CRLF, header reordered.
    let plain = dir.join("entities.csv");
    std::fs::write(&plain, IMPACT_CSV).unwrap();
    let spanish = dir.join("entities-es.CSV");
    let mut text = String::from("\u{feff}");
    for line in IMPACT_CSV.lines() {
        let cells: Vec<&str> = line.split(',').collect();
        text.push_str(&format!(
            "{};{};{};{};{}\r\n",
            cells[4], cells[0], cells[3], cells[1], cells[2]
        ));
    }
    text.push_str(";;;;\r\n");
    std::fs::write(&spanish, text).unwrap();
    for file in [&plain, &spanish] {
        let from_csv = impact_stdout(file.to_str().unwrap());
        assert_eq!(from_csv.0, Some(0), "{}", from_csv.2);
        assert_eq!(from_csv.1, from_json.1, "same report from CSV and JSON");
    }
    let v: Value = serde_json::from_str(&from_json.1).unwrap();
    assert_eq!(v["changed"], 6);
    assert_eq!(v["failures"][0]["id"], "demo-za-07");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn n13_plain_batch_rerate_reads_csv_with_every_optional_column() {
    let dir = scratch("n13-csv-all");
    let file = dir.join("all.csv");
    std::fs::write(
        &file,
        "id,entity_type,country,global_lc,global_fc,sovereign_country,sovereign_global_lc,sovereign_global_fc,sovereign_national,peer_position,peer_rank,peer_of,chosen_option,expected_transition,holistic_notches,holistic_rationale,above_sovereign_stress_passed,liquidity_alternative
fund-1,fund,ZA,BB,BB-,ZA,BBB-,BB+,,,1,9,,Positive,-1,\"weaker liquidity, a fictional example\",FALSE,true
",
    )
    .unwrap();
    let (code, v) = json(&[
        "national",
        "rate",
        "--spec",
        "gcr-za-2016-12-09",
        "--entities",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["ratings"][0]["id"], "fund-1");
    assert_eq!(v["ratings"].as_array().unwrap().len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_csv_row_exits_1_naming_line_column_value_and_what_is_accepted() {
    let dir = scratch("csv-bad");
    let header = "id,global_lc,sovereign_country,sovereign_global_lc,peer_position\n";
    let cases: [(&str, &str, &[&str]); 8] = [
        (
            "a,BB,ZA,BBB-,upper\nb,BB++,ZA,BBB-,upper\n",
            "symbol",
            &["line 3", "global_lc", "'BB++'", "accepted: AAA"],
        ),
        (
            "a,BB,ZA,BBB-,top\n",
            "position",
            &["line 2", "peer_position", "'top'", "upper", "lower"],
        ),
        (
            "a,BB,ZA,,upper\n",
            "missing",
            &["line 2", "sovereign_global_lc", "required"],
        ),
        (
            "a,BB,ZA,BBB-\n",
            "short row",
            &["line 2", "4 field(s)", "5"],
        ),
        (
            "a,BB,ZA,BBB-,upper\n\"b\nc\",BB,ZA,BBB-,upper\nd,BB,ZA,XYZ,upper\n",
            "line after a quoted line break",
            &["line 5", "sovereign_global_lc", "'XYZ'"],
        ),
        (
            "a,BB,ZA,BBB-,upper\n",
            "unknown column",
            &["line 1", "colour", "accepted: id, entity_type"],
        ),
        (
            "a,BB,ZA,BBB-,upper\n",
            "missing column",
            &["line 1", "global_lc", "required"],
        ),
        (
            "a,BB,ZA,BBB-,upper,maybe\n",
            "flag",
            &[
                "line 2",
                "above_sovereign_stress_passed",
                "'maybe'",
                "true, false",
            ],
        ),
    ];
    for (i, (rows, what, expected)) in cases.iter().enumerate() {
        let head = match *what {
            "unknown column" => header.replace("peer_position", "colour"),
            "missing column" => header.replace("global_lc,sov", "global_fc,sov"),
            "flag" => header.replace('\n', ",above_sovereign_stress_passed\n"),
            _ => header.to_string(),
        };
        let file = dir.join(format!("bad-{i}.csv"));
        std::fs::write(&file, format!("{head}{rows}")).unwrap();
        let (code, stdout, stderr) = impact_stdout(file.to_str().unwrap());
        assert_eq!(code, Some(1), "{what}: {stderr}");
        assert!(stderr.contains("--entities"), "{what}: {stderr}");
        for e in *expected {
            assert!(stderr.contains(e), "{what}: expected {e:?} in {stderr}");
        }
        let v: Value = serde_json::from_str(&stdout).unwrap();
        assert!(v["error"].as_str().unwrap().contains(expected[0]), "{what}");
    }
    let latin1 = dir.join("latin1.csv");
    std::fs::write(
        &latin1,
        b"id,global_lc,sovereign_country,sovereign_global_lc\nPe\xf1a,BB,ZA,BBB-\n",
    )
    .unwrap();
    let (code, _, stderr) = impact_stdout(latin1.to_str().unwrap());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("line 2") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A fictional entity list of `n` rows as CSV text: several ratings, peer positions and a
/// blank cell, so that the changes differ in grades and notches.
fn many_entities_csv(n: usize) -> String {
    let globals = ["BBB", "BBB-", "BB+", "BB", "BB-", "B+", "B", "CCC"];
    let positions = ["upper", "middle", "lower", ""];
    let mut text =
        String::from("id,global_lc,sovereign_country,sovereign_global_lc,peer_position\n");
    for i in 0..n {
        text.push_str(&format!(
            "fictional-{i:06},{},ZA,BBB-,{}\n",
            globals[i % globals.len()],
            positions[(i / 3) % positions.len()]
        ));
    }
    text
}

#[test]
fn n13_a_large_csv_file_read_in_parallel_parts_gives_the_report_of_its_json_list() {
    // More than a mebibyte: read in parallel and cut into parts on every core.
    let dir = scratch("n13-large");
    let text = many_entities_csv(40_000);
    assert!(text.len() > 1 << 20);
    let plain = dir.join("many.csv");
    std::fs::write(&plain, &text).unwrap();
    let json = dir.join("many.json");
    let list: Vec<Value> = text
        .lines()
        .skip(1)
        .map(|row| {
            let c: Vec<&str> = row.split(',').collect();
            let mut e = serde_json::json!({
                "id": c[0], "global_lc": c[1],
                "sovereign": {"country": c[2], "global_lc": c[3]},
            });
            if !c[4].is_empty() {
                e["peer_position"] = c[4].into();
            }
            e
        })
        .collect();
    std::fs::write(&json, serde_json::to_vec(&list).unwrap()).unwrap();
    let expected = impact_stdout(json.to_str().unwrap());
    assert_eq!(expected.0, Some(0), "{}", expected.2);
    let report: Value = serde_json::from_str(&expected.1).unwrap();
    assert_eq!(report["entities"], 40_000);
    assert!(report["notches"].as_array().unwrap().len() > 1);
    // The same rows with Windows line ends, and with a quoted cell (other readers).
    let crlf = dir.join("many-crlf.csv");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    let quoted = dir.join("many-quoted.csv");
    std::fs::write(
        &quoted,
        text.replacen("fictional-000000", "\"fictional-000000\"", 1),
    )
    .unwrap();
    for file in [&plain, &crlf, &quoted] {
        let got = impact_stdout(file.to_str().unwrap());
        assert_eq!(got.0, Some(0), "{}: {}", file.display(), got.2);
        assert!(
            got.1 == expected.1,
            "{}: the report of the JSON list",
            file.display()
        );
    }
    // A bad row near the end is refused with its own line, however the file was cut.
    let bad = dir.join("many-bad.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[39_990] = "fictional-039989,BBB*,ZA,BBB-,upper";
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let (code, _, stderr) = impact_stdout(bad.to_str().unwrap());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("line 39991, column global_lc: 'BBB*'"),
        "{stderr}"
    );
    // A reader that stops early: quiet success, as for any other command.
    assert_quiet_when_the_reader_stops(impact_command(plain.to_str().unwrap()), "impact");
    std::fs::remove_dir_all(&dir).ok();
}

/// `cmd`, its stdout closed before it writes: it ends with success and says nothing.
fn assert_quiet_when_the_reader_stops(mut cmd: std::process::Command, what: &str) {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
    assert!(stderr.is_empty(), "{what}: nothing on stderr: {stderr}");
}

#[test]
fn json_on_a_pipe_is_compact_and_the_same_document() {
    let (code, stdout, _) = impact_stdout(&fixture("fixtures/cases/national/impact-entities.json"));
    assert_eq!(code, Some(0));
    assert_eq!(stdout.lines().count(), 1, "one line of JSON on a pipe");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["spec_from"], "gcr-za-2016-12-09");
    assert!(v["changes"].is_array() && v["trace"].is_array());
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly_with_success() {
    // `ratebook … | head`: the pipe closes before the output (far larger than a pipe's
    // buffer) is written.
    let dir = scratch("broken-pipe");
    let file = dir.join("many.csv");
    let mut text = String::from("id,global_lc,sovereign_country,sovereign_global_lc\n");
    for i in 0..5000 {
        text.push_str(&format!("fictional-{i:05},BB,ZA,BBB-\n"));
    }
    std::fs::write(&file, text).unwrap();
    for json in [true, false] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ratebook"));
        cmd.args([
            "national",
            "rate",
            "--spec",
            "gcr-za-2016-12-09",
            "--trace",
            "--entities",
            file.to_str().unwrap(),
        ]);
        if json {
            cmd.arg("--json");
        }
        assert_quiet_when_the_reader_stops(cmd, &format!("rate, json {json}"));
    }
    std::fs::remove_dir_all(&dir).ok();
}
