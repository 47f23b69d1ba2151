//! The committee workflow over a demo workbook (SPEC C-2 … C-8, T-6, T-11): the shipped
//! session files of `fixtures/sessions/demo-*.json` run against `ratebook workbook demo`,
//! and variations of them that each break one rule.

use chrono::{DateTime, NaiveDate};
use ratebook_core::committee::guard::{self, Amendment};
use ratebook_core::committee::lifecycle::MethodologyRef;
use ratebook_core::committee::record::ActionType;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_core::committee::surveillance::DueReason;
use ratebook_core::committee::ItemOutcome;
use ratebook_store::committee::{self as store, ReportFile};
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::methodology::{self as store_methodology, file_document, Format};
use ratebook_store::vocabulary::{Language, MethodologyState};
use ratebook_store::workflow;
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::committee::{self, RunReport};
use ratebook_workbench::{methodology, WorkbenchError};
use serde_json::Value;
use std::path::{Path, PathBuf};

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

struct Demo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    wb: Workbook,
}

fn demo_workbook() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let sources = DemoSources {
        demo_dir: fixtures().join("demo"),
        methodology_dirs: vec![fixtures().join("methodologies")],
    };
    demo::build(&path, &sources, &stamp()).unwrap();
    let wb = Workbook::open(&path).unwrap();
    Demo {
        _dir: dir,
        path,
        wb,
    }
}

fn session_json(name: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join("sessions").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn run(demo: &mut Demo, json: &Value) -> Result<RunReport, WorkbenchError> {
    let file: SessionFile = serde_json::from_value(json.clone()).unwrap();
    let cases = committee::load_engine_cases(&file, &fixtures().join("sessions"))?;
    committee::run(&mut demo.wb, &stamp(), &file, &cases)
}

fn refusal<'a>(report: &'a RunReport, item: &str) -> (&'a str, &'a str, bool) {
    for o in &report.items {
        if let ItemOutcome::Refused {
            item: id, refusal, ..
        } = o
        {
            if id == item {
                return (&refusal.rule, &refusal.message, refusal.no_decision);
            }
        }
    }
    panic!("item {item} was not refused: {:#?}", report.items);
}

fn decided(report: &RunReport) -> Vec<(&str, &str)> {
    report
        .items
        .iter()
        .filter_map(|o| match o {
            ItemOutcome::Decided { item, decision } => {
                Some((item.as_str(), decision.rating.as_str()))
            }
            _ => None,
        })
        .collect()
}

fn count(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

const ORDINARIA: &str = "demo-177-2026-ordinaria.json";

#[test]
fn c2_to_c8_a_full_session_against_the_demo_workbook_from_agenda_to_history() {
    let mut demo = demo_workbook();
    let decisions_before = count(&demo.path, "SELECT count(*) FROM decision");
    let report = run(&mut demo, &session_json(ORDINARIA)).unwrap();
    assert_eq!(report.refused, 0, "{:#?}", report.items);
    assert_eq!(
        decided(&report),
        [
            ("1", "xxAA"),
            ("2", "xxBB+"),
            ("3", "xxAA"),
            ("4", "AA"),
            ("5", "AA")
        ]
    );
    assert!(report.quorum.as_ref().unwrap().met);

    // Persisted: session, attendance, five agenda items with the engine's full result and
    // methodology, 15 votes, five decisions with their records, the override on item 2.
    let path = demo.path.clone();
    let p = &path;
    assert_eq!(
        count(
            p,
            "SELECT count(*) FROM session WHERE year = 2026 AND number = 177"
        ),
        1
    );
    assert_eq!(
        count(p, "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id WHERE s.number = 177"),
        6
    );
    assert_eq!(
        count(p, "SELECT count(*) FROM agenda_item i JOIN session s ON s.id = i.session_id \
                  WHERE s.number = 177 AND json_valid(i.indicative_result) AND i.indicative_rating IS NOT NULL"),
        5
    );
    assert_eq!(
        count(p, "SELECT count(*) FROM agenda_item i JOIN session s ON s.id = i.session_id \
                  WHERE s.number = 177 AND json_extract(i.indicative_result, '$.issuer.final') = 'xxAA'"),
        2,
        "the national engine's result is stored whole"
    );
    assert_eq!(
        count(p, "SELECT count(*) FROM agenda_item i JOIN session s ON s.id = i.session_id \
                  WHERE s.number = 177 AND json_extract(i.indicative_result, '$.weighted_score') IS NOT NULL"),
        2,
        "the titularización engine's result is stored whole"
    );
    assert_eq!(
        count(
            p,
            "SELECT count(*) FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id \
                  JOIN session s ON s.id = i.session_id WHERE s.number = 177"
        ),
        15
    );
    assert_eq!(
        count(p, "SELECT count(*) FROM decision") - decisions_before,
        5
    );
    assert_eq!(count(p, "SELECT count(*) FROM decision_record"), 5);
    assert_eq!(
        count(p, "SELECT count(*) FROM decision WHERE override_code = 'QUAL-INFO' AND override_notches = 1 \
                  AND length(override_justification) > 80 AND json_array_length(override_factors) = 2"),
        1
    );
    // C-6: approvers are the members who voted the decided rating (two on item 2).
    assert_eq!(
        count(
            p,
            "SELECT count(*) FROM decision_approver a JOIN decision d ON d.id = a.decision_id \
                  WHERE d.override_code IS NOT NULL"
        ),
        2
    );

    // History: the class decisions of the deal in order, with action types.
    let h = committee::history(demo.wb.connection(), "DEMO-TIT-CARTERA").unwrap();
    let rows: Vec<(String, &str, &str)> = h
        .entries
        .iter()
        .map(|e| {
            (
                e.key.session.to_string(),
                e.subject.id.as_str(),
                e.rating.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("176/2026".to_string(), "DEMO-TIT-CARTERA/A1", "AAA-"),
            ("176/2026".to_string(), "DEMO-TIT-CARTERA/B", "AA"),
            ("177/2026".to_string(), "DEMO-TIT-CARTERA/A1", "AA"),
            ("177/2026".to_string(), "DEMO-TIT-CARTERA/A2", "AA"),
        ]
    );
    let actions: Vec<ActionType> = h.entries.iter().map(|e| e.record_action()).collect();
    assert_eq!(
        actions,
        [
            ActionType::New,
            ActionType::New,
            ActionType::Downgrade,
            ActionType::New
        ]
    );
    let faro = committee::history(demo.wb.connection(), "DEMO-XX-03").unwrap();
    assert!(faro.entries[0].overridden);

    // C-8: titularizaciones six months, issuers twelve.
    let due = committee::due(demo.wb.connection(), d(2027, 4, 30)).unwrap();
    let a1 = due
        .reviews
        .iter()
        .find(|r| r.subject.id == "DEMO-TIT-CARTERA/A1")
        .unwrap();
    assert_eq!((a1.due, a1.overdue), (d(2027, 4, 29), true));
    let faro = due
        .reviews
        .iter()
        .find(|r| r.subject.id == "DEMO-XX-03")
        .unwrap();
    assert_eq!((faro.due, faro.overdue), (d(2027, 10, 29), false));

    // The same session again is a clear error, and nothing is written twice.
    let again = run(&mut demo, &session_json(ORDINARIA)).unwrap_err();
    assert!(
        matches!(again, WorkbenchError::SessionExists { .. }),
        "{again}"
    );
    assert!(again.to_string().contains("177/2026"), "{again}");
    assert_eq!(count(p, "SELECT count(*) FROM decision_record"), 5);
    assert!(ratebook_store::audit::verify(demo.wb.connection())
        .unwrap()
        .problems
        .is_empty());
}

trait RecordAction {
    fn record_action(&self) -> ActionType;
}

impl RecordAction for ratebook_core::committee::history::HistoryEntry {
    fn record_action(&self) -> ActionType {
        self.action
    }
}

#[test]
fn c2_no_quorum_takes_no_decision_and_records_the_session() {
    let mut demo = demo_workbook();
    let before = count(&demo.path, "SELECT count(*) FROM decision");
    let report = run(
        &mut demo,
        &session_json("demo-178-2026-extraordinaria-sin-quorum.json"),
    )
    .unwrap();
    let (rule, message, no_decision) = refusal(&report, "1");
    assert_eq!(rule, "C-2");
    assert!(no_decision);
    assert!(
        message.starts_with("C-2") && message.contains("quorum"),
        "{message}"
    );
    assert_eq!(count(&demo.path, "SELECT count(*) FROM decision"), before);
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM session WHERE number = 178"
        ),
        1
    );
}

#[test]
fn c3_an_override_with_a_missing_or_empty_justification_is_refused() {
    let mut demo = demo_workbook();
    let mut json = session_json(ORDINARIA);
    json["items"][1]["override"]["justification"] = Value::from("   ");
    let report = run(&mut demo, &json).unwrap();
    let (rule, message, _) = refusal(&report, "2");
    assert_eq!(rule, "C-3", "{message}");
    assert!(message.contains("justification"), "{message}");
    assert_eq!(report.decided, 4, "the other items are decided");

    let mut demo = demo_workbook();
    let mut json = session_json(ORDINARIA);
    json["items"][1].as_object_mut().unwrap().remove("override");
    let report = run(&mut demo, &json).unwrap();
    assert_eq!(refusal(&report, "2").0, "C-3");
}

#[test]
fn c3_an_override_beyond_the_limit_needs_unanimity_or_the_chairs_confirmation() {
    let json = session_json("demo-2-2027-refusals.json");
    let mut demo = demo_workbook();
    let report = run(&mut demo, &json).unwrap();
    let (rule, message, _) = refusal(&report, "2");
    assert_eq!(rule, "C-3");
    assert!(message.contains("beyond the limit"), "{message}");

    let mut confirmed = json.clone();
    confirmed["session"]["number"] = Value::from("3/2027");
    confirmed["items"][1]["override"]["confirmed_by"] = Value::from("M-CARLA");
    let report = run(&mut demo, &confirmed).unwrap();
    assert_eq!(decided(&report), [("2", "xxA")]);
}

#[test]
fn c2_votes_are_not_revealed_before_every_present_member_has_voted() {
    let mut demo = demo_workbook();
    let mut json = session_json(ORDINARIA);
    json["items"][0]["votes"].as_array_mut().unwrap().pop();
    let report = run(&mut demo, &json).unwrap();
    let (rule, message, _) = refusal(&report, "1");
    assert_eq!(rule, "C-2");
    assert!(
        message.contains("M-SOFIA"),
        "names the missing voter: {message}"
    );
    // Sealed: no vote of the incomplete ballot is stored (nor revealed in the outcome).
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id \
             JOIN session s ON s.id = i.session_id WHERE s.number = 177 AND i.position = 1"
        ),
        0
    );
    let text = serde_json::to_string(&report.items[0]).unwrap();
    assert!(!text.contains("\"votes\""), "{text}");
}

#[test]
fn t6_a_decision_on_a_stale_titularizacion_is_refused() {
    let mut demo = demo_workbook();
    let report = run(&mut demo, &session_json("demo-2-2027-refusals.json")).unwrap();
    let (rule, message, _) = refusal(&report, "1");
    assert_eq!(rule, "T-6");
    assert!(message.contains("2026-08-30"), "{message}");
}

/// The shipped sp-xx-table1 as a new version, filed as a draft; `bb_plus` replaces the
/// options of the BB+ row.
fn draft_spec(version: &str, effective: &str, bb_plus: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join("methodologies/national/sp-xx-table1.toml"))
        .unwrap();
    text.replace(
        "version = \"2023-06-08.1\"",
        &format!("version = \"{version}\""),
    )
    .replace(
        "effective_date = \"2023-06-08\"",
        &format!("effective_date = \"{effective}\""),
    )
    .replace(
        "{ global = \"BB+\",  national = [\"xxAA\", \"xxAA-\"]",
        &format!("{{ global = \"BB+\",  national = {bb_plus}"),
    )
}

fn file_draft(demo: &mut Demo, body: &str) {
    let doc = file_document(body, Format::Toml).unwrap();
    assert_eq!(doc.state, MethodologyState::Draft);
    demo.wb
        .transact(&stamp(), |w| store_methodology::put(w, &doc))
        .unwrap();
}

#[test]
fn c7_a_decision_on_a_draft_methodology_is_refused() {
    let mut demo = demo_workbook();
    file_draft(
        &mut demo,
        &draft_spec("2026-10-01.1", "2026-10-01", "[\"xxAA\", \"xxAA-\"]"),
    );
    let mut json = session_json(ORDINARIA);
    json["items"][0]["proposal"]["methodology"]["version"] = Value::from("2026-10-01.1");
    let report = run(&mut demo, &json).unwrap();
    let (rule, message, _) = refusal(&report, "1");
    assert_eq!(rule, "C-7");
    assert!(message.contains("draft"), "{message}");
    // The database refuses it too, whatever the caller.
    let err = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "INSERT INTO decision (agenda_item_id, version, rating, action, solicited, issuer_participation, \
             lead_analyst_id, methodology_version_id, info_cutoff, sources, key_assumptions, decided_on) \
             SELECT (SELECT min(id) FROM agenda_item), 1, 'xxAA', 'new', 1, 1, (SELECT min(id) FROM member), \
             id, '2026-09-30', 's', 'k', '2026-10-29' FROM methodology_version WHERE version = '2026-10-01.1'",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("C-7"), "{err}");
}

#[test]
fn c4_an_edit_to_a_signed_decision_is_refused_by_the_core_and_by_the_database() {
    let mut demo = demo_workbook();
    run(&mut demo, &session_json(ORDINARIA)).unwrap();
    let stored = workflow::stored_decisions(demo.wb.connection()).unwrap();
    let faro = stored
        .iter()
        .find(|s| s.subject_code == "DEMO-XX-03")
        .unwrap()
        .decision;
    let sha = "a".repeat(64);
    demo.wb
        .transact_durable(&stamp(), |w| {
            let report = store::file_report(
                w,
                faro,
                &ReportFile {
                    language: Language::Es,
                    file_name: "faro.pdf".into(),
                    sha256: sha.clone(),
                    size_bytes: 10,
                },
            )?;
            store::sign_report(w, report, "M-CARLA", &"b".repeat(64), 12)
        })
        .unwrap();

    // The core: the decision as the workbook now knows it is signed; an amendment is refused.
    let ctx = committee::context(demo.wb.connection()).unwrap();
    let decision = ctx
        .decisions
        .iter()
        .find(|d| d.subject.id == "DEMO-XX-03")
        .unwrap();
    assert!(decision.is_signed());
    let amendment = Amendment {
        note: "publication moved".into(),
        publication_date: Some(d(2026, 11, 9)),
        information_sources: None,
        key_assumptions: None,
    };
    let err = guard::amend(decision, &amendment).unwrap_err();
    assert_eq!(err.rule(), "C-4");
    // A change is a new version linked to the signed one.
    let next = guard::new_version(decision, &amendment).unwrap();
    assert_eq!((next.version, next.supersedes), (2, Some(1)));

    // The store refuses in code, the database by its trigger (raw SQL).
    let err = demo
        .wb
        .transact_durable(&stamp(), |w| {
            store::set_published_on(w, faro, d(2026, 11, 9))
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("C-4") || err.to_string().contains("signed"),
        "{err}"
    );
    let err = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute("UPDATE decision SET rating = 'xxBB' WHERE id = ?1", [faro])
        .unwrap_err();
    assert!(err.to_string().contains("C-4"), "{err}");
    let err = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE decision_record SET record = '{}' WHERE decision_id = ?1",
            [faro],
        )
        .unwrap_err();
    assert!(err.to_string().contains("C-4"), "{err}");
}

#[test]
fn history_lists_every_decision_in_order_with_its_action_and_version_links() {
    let demo = demo_workbook();
    // The demo holds 150/2025 (new) and 176/2026 (affirmation, then a corrected version).
    let h = committee::history(demo.wb.connection(), "DEMO-XX-05").unwrap();
    let rows: Vec<(String, u32, ActionType, Option<u32>)> = h
        .entries
        .iter()
        .map(|e| {
            (
                e.key.session.to_string(),
                e.version,
                e.action,
                e.superseded_by,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("150/2025".to_string(), 1, ActionType::New, None),
            ("176/2026".to_string(), 1, ActionType::Affirmation, Some(2)),
            ("176/2026".to_string(), 2, ActionType::Affirmation, None),
        ]
    );
    assert!(h.entries.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn c8_due_dates_are_calendar_months_clamped_at_month_end() {
    let mut demo = demo_workbook();
    // A session on 31 August: six months for a class is 28 February (2027 is not a leap
    // year), twelve for an issuer 31 August.
    let mut json = session_json(ORDINARIA);
    json["session"]["number"] = Value::from("120/2026");
    json["session"]["date"] = Value::from("2026-08-31");
    let items = json["items"].as_array().unwrap().clone();
    let mut issuer = items[2].clone();
    issuer["proposal"]["information_cutoff"] = Value::from("2026-07-31");
    issuer["proposal"]["record"]["publication_date"] = Value::Null;
    let mut class = items[4].clone();
    class["proposal"]["id"] = Value::from("2");
    json["items"] = Value::from(vec![issuer, class]);
    let report = run(&mut demo, &json).unwrap();
    assert_eq!(report.refused, 0, "{:#?}", report.items);

    let on_the_day = committee::due(demo.wb.connection(), d(2027, 2, 28)).unwrap();
    let a2 = on_the_day
        .reviews
        .iter()
        .find(|r| r.subject.id == "DEMO-TIT-CARTERA/A2")
        .unwrap();
    assert_eq!(a2.due, d(2027, 2, 28));
    assert!(!a2.overdue, "due on the day is not overdue");
    let next_day = committee::due(demo.wb.connection(), d(2027, 3, 1)).unwrap();
    assert!(next_day
        .overdue()
        .any(|r| r.subject.id == "DEMO-TIT-CARTERA/A2"));
    let cordillera = next_day
        .reviews
        .iter()
        .find(|r| r.subject.id == "DEMO-XX-04")
        .unwrap();
    assert_eq!(cordillera.due, d(2027, 8, 31));
}

#[test]
fn c7_approving_a_methodology_lists_the_ratings_it_changes_and_puts_them_under_observation() {
    let mut demo = demo_workbook();
    run(&mut demo, &session_json(ORDINARIA)).unwrap();
    // The new version maps BB+ one notch lower: every BB+ issuer of XX moves.
    file_draft(
        &mut demo,
        &draft_spec("2026-11-01.1", "2026-11-01", "[\"xxAA-\", \"xxA+\"]"),
    );
    let ctx = committee::context(demo.wb.connection()).unwrap();
    let target = methodology::resolve(&ctx.methodologies, "sp-xx-table1").unwrap();
    assert_eq!(
        target,
        MethodologyRef {
            id: "sp-xx-table1".into(),
            version: "2026-11-01.1".into()
        }
    );
    let report = methodology::approve(&mut demo.wb, &stamp(), &target, d(2026, 11, 20)).unwrap();
    let impact = report.impact.as_ref().unwrap();
    assert_eq!(impact.compared, 12, "every XX issuer of the workbook");
    let mut observed: Vec<(&str, &str, &str)> = report
        .approval
        .observations
        .iter()
        .map(|o| {
            (
                o.subject.id.as_str(),
                o.current.as_str(),
                o.candidate.as_str(),
            )
        })
        .collect();
    observed.sort();
    assert_eq!(
        observed,
        [
            ("DEMO-XX-01", "xxAA", "xxAA-"),
            ("DEMO-XX-04", "xxAA", "xxAA-"),
            ("DEMO-XX-10", "xxAA", "xxAA-"),
        ]
    );
    assert!(report
        .approval
        .observations
        .iter()
        .all(|o| o.review_by == d(2027, 5, 20)));
    // The predecessor is retired the same day; both moves are recorded with their date.
    let transitions = workflow::transitions(demo.wb.connection()).unwrap();
    assert_eq!(transitions.len(), 2);
    let docs = store_methodology::list(demo.wb.connection()).unwrap();
    let state = |v: &str| {
        docs.iter()
            .find(|x| x.id == "sp-xx-table1" && x.version == v)
            .unwrap()
            .state
    };
    assert_eq!(state("2023-06-08.1"), MethodologyState::Retired);
    assert_eq!(state("2026-11-01.1"), MethodologyState::Approved);

    // The calendar brings the observed ratings' reviews forward.
    let due = committee::due(demo.wb.connection(), d(2026, 12, 1)).unwrap();
    let altavista = due
        .reviews
        .iter()
        .find(|r| r.subject.id == "DEMO-XX-01")
        .unwrap();
    assert_eq!(altavista.due, d(2027, 5, 20));
    assert!(matches!(altavista.reason, DueReason::Observation { .. }));

    // Approving again is refused (no longer a draft).
    let err = methodology::approve(&mut demo.wb, &stamp(), &target, d(2026, 11, 21)).unwrap_err();
    assert!(err.to_string().starts_with("C-7"), "{err}");
}

#[test]
fn n8_an_issue_on_the_agenda_is_rated_by_the_engine_from_the_workbooks_rows() {
    let mut demo = demo_workbook();
    let mut json = session_json(ORDINARIA);
    let mut item = json["items"][0].clone();
    item["proposal"]["id"] = Value::from("1");
    item["proposal"]["subject"] = serde_json::json!({
        "kind": "issue", "id": "DEMO-XX-01-SUB1",
        "name": "Altavista Cement subordinated notes (fictional)", "parent": "DEMO-XX-01"
    });
    // Subordinated, speculative-grade issuer: two notches below the issuer (N-8).
    item["proposal"]["indicative"]["rating"] = Value::from("xxA+");
    item["proposal"]["recommendation"] = Value::from("xxA+");
    for v in item["votes"].as_array_mut().unwrap() {
        v["rating"] = Value::from("xxA+");
    }
    json["items"] = Value::from(vec![item]);
    let report = run(&mut demo, &json).unwrap();
    assert_eq!(decided(&report), [("1", "xxA+")], "{:#?}", report.items);
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM agenda_item WHERE issue_id IS NOT NULL \
                           AND json_array_length(json_extract(indicative_result, '$.issues')) = 1"
        ),
        1
    );
}

#[test]
fn c7_approving_titularizacion_weights_rescores_every_deal_and_observes_the_changed_ones() {
    let mut demo = demo_workbook();
    let body = std::fs::read_to_string(
        fixtures().join("methodologies/titularizacion/class-titularizacion-default.toml"),
    )
    .unwrap()
    .replace(
        "version = \"2026.1-project-default\"",
        "version = \"2026.2-test\"",
    )
    .replace(
        "effective_date = \"2026-01-01\"",
        "effective_date = \"2026-11-01\"",
    )
    // Weight moves from cash-flow certainty to liquidity (the total stays 100).
    .replace("\"2.4\" = \"25\"", "\"2.4\" = \"5\"")
    .replace("\"2.9\" = \"2.5\"", "\"2.9\" = \"22.5\"");
    file_draft(&mut demo, &body);
    let target = MethodologyRef {
        id: "class-titularizacion-default".into(),
        version: "2026.2-test".into(),
    };
    let report = methodology::approve(&mut demo.wb, &stamp(), &target, d(2026, 11, 30)).unwrap();
    assert_eq!(report.rescores.len(), 4, "every demo deal is re-scored");
    assert!(report.impact.is_none());
    let changed: Vec<&str> = report
        .rescores
        .iter()
        .filter(|r| r.category_before != r.category_after)
        .map(|r| r.titularizacion.as_str())
        .collect();
    assert!(!changed.is_empty(), "{:#?}", report.rescores);
    // A deal's ratings are its classes': each rated class of a changed deal is observed
    // (the demo rates classes A1 and B of DEMO-TIT-CARTERA), an unrated deal as a whole.
    let mut expected: Vec<String> = Vec::new();
    for deal in &changed {
        if *deal == "DEMO-TIT-CARTERA" {
            expected.push("DEMO-TIT-CARTERA/A1".into());
            expected.push("DEMO-TIT-CARTERA/B".into());
        } else {
            expected.push(deal.to_string());
        }
    }
    let mut observed: Vec<String> = report
        .approval
        .observations
        .iter()
        .map(|o| o.subject.id.clone())
        .collect();
    observed.sort();
    expected.sort();
    assert_eq!(observed, expected);
    // Six months later.
    assert!(report
        .approval
        .observations
        .iter()
        .all(|o| o.review_by == d(2027, 5, 30)));
    assert_eq!(report.approval.retired.len(), 1);
}

/// Item 1 of the shipped session 177/2026, put on issuer `code` with `engine` inputs.
fn issuer_item(
    code: &str,
    engine: Option<Value>,
) -> ratebook_core::committee::session_file::SessionItem {
    let mut json = session_json("demo-177-2026-ordinaria.json")["items"][0].clone();
    json["proposal"]["subject"]["id"] = Value::from(code);
    json["proposal"]["subject"]["name"] = Value::from(format!("{code} (fictional)"));
    match engine {
        Some(e) => json["engine"] = e,
        None => {
            json.as_object_mut().unwrap().remove("engine");
        }
    }
    serde_json::from_value(json).unwrap()
}

fn indicative(
    demo: &Demo,
    item: &ratebook_core::committee::session_file::SessionItem,
) -> Result<String, String> {
    let c = demo.wb.connection();
    let cat = ratebook_workbench::catalogue::load(c).unwrap();
    committee::engine_indicative(c, &cat, item, &Default::default(), d(2026, 8, 31))
        .unwrap()
        .map(|e| e.rating)
        .map_err(|r| {
            // A refusal's message starts with its rule id.
            assert!(r.message.starts_with(&format!("{}: ", r.rule)), "{r:?}");
            // Its catalogue message words it in Spanish with every placeholder filled.
            let reason = r.reason.as_ref().expect("a refusal carries its reason");
            assert_eq!(ratebook_core::trace::english().render(reason), r.message);
            let es = ratebook_core::trace::spanish().render(reason);
            assert!(es.starts_with("C-") && !es.contains('{'), "{es}");
            r.message
        })
}

#[test]
fn c2_an_agenda_item_rates_an_issuer_with_the_analyst_inputs_the_workbook_stores() {
    let demo = demo_workbook();
    // DEMO-XX-02 stores a +1 holistic adjustment (fixtures/demo/analyst_inputs.json): its
    // screen shows xxA-, one notch above the suggested xxBBB+ (Table 1, global BB-).
    let screen =
        ratebook_workbench::issuer::detail(demo.wb.connection(), "DEMO-XX-02", d(2026, 10, 29))
            .unwrap()
            .rating
            .unwrap()
            .issuer
            .final_rating;
    assert_eq!(screen, "xxA-");
    assert_eq!(
        indicative(&demo, &issuer_item("DEMO-XX-02", None)),
        Ok(screen.clone())
    );
    // An empty engine object states no input either.
    assert_eq!(
        indicative(
            &demo,
            &issuer_item("DEMO-XX-02", Some(serde_json::json!({})))
        ),
        Ok(screen.clone())
    );
    // Stating the stored inputs again is the same rating.
    let stored = ratebook_store::analyst_input::get(demo.wb.connection(), "DEMO-XX-02")
        .unwrap()
        .unwrap();
    let same = issuer_item("DEMO-XX-02", Some(serde_json::to_value(&stored).unwrap()));
    assert_eq!(indicative(&demo, &same), Ok(screen));
    // An issuer without stored inputs takes the item's own, as before.
    let chosen = issuer_item(
        "DEMO-XX-01",
        Some(serde_json::json!({"chosen_option": "xxAA-"})),
    );
    assert_eq!(indicative(&demo, &chosen), Ok("xxAA-".to_string()));
}

#[test]
fn c2_an_agenda_item_whose_inputs_differ_from_the_stored_ones_is_refused_naming_them() {
    let demo = demo_workbook();
    let other = issuer_item(
        "DEMO-XX-02",
        Some(serde_json::json!({
            "holistic": {"notches": -1, "rationale": "A different view (fictional)"},
            "liquidity_alternative": true
        })),
    );
    let refused = indicative(&demo, &other).unwrap_err();
    assert!(refused.starts_with("C-2: item 1: "), "{refused}");
    assert!(
        refused.contains("holistic, liquidity_alternative"),
        "{refused}"
    );
    assert!(refused.contains("'DEMO-XX-02'"), "{refused}");
}

#[test]
fn n13_c7_impact_rates_each_issuer_with_the_analyst_inputs_the_workbook_stores() {
    let mut demo = demo_workbook();
    // The candidate maps global BB- one notch lower. DEMO-XX-02 (global BB-, middle of its
    // peers) stores a +1 holistic adjustment: xxA- on its screen today, xxBBB+ under the
    // candidate. Without its inputs the comparison would read xxBBB+ -> xxBBB instead.
    let body = draft_spec("2026-11-01.1", "2026-11-01", "[\"xxAA\", \"xxAA-\"]").replace(
        "{ global = \"BB-\",  national = [\"xxA-\", \"xxBBB+\"]",
        "{ global = \"BB-\",  national = [\"xxBBB+\", \"xxBBB\"]",
    );
    file_draft(&mut demo, &body);
    let ctx = committee::context(demo.wb.connection()).unwrap();
    let target = methodology::resolve(&ctx.methodologies, "sp-xx-table1").unwrap();
    let report = methodology::approve(&mut demo.wb, &stamp(), &target, d(2026, 11, 20)).unwrap();
    let observed: Vec<(&str, &str)> = report
        .approval
        .observations
        .iter()
        .filter(|o| o.subject.id == "DEMO-XX-02")
        .map(|o| (o.current.as_str(), o.candidate.as_str()))
        .collect();
    assert_eq!(observed, [("xxA-", "xxBBB+")]);
}
