//! The app's demo workbook (SPEC §7, C-2, R-1): the store's fictional demo with session
//! 177/2026 decided by the engine, so its decisions can be reported on in the window; a
//! failure leaves nothing at the destination.

use chrono::DateTime;
use ratebook_store::{audit, Stamp, Workbook};
use ratebook_workbench::demo::{self, DemoError};
use ratebook_workbench::signing;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn stamp() -> Stamp {
    // A fixed instant: tests read no clock.
    Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
}

#[test]
fn c2_r1_the_apps_demo_holds_session_177_decided_by_the_engine_with_reportable_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.ratebook");
    let built = demo::build(&out, &fixtures(), &stamp()).unwrap();
    assert_eq!(built.session.session.number.to_string(), "177/2026");
    assert_eq!((built.session.decided, built.session.refused), (5, 0));
    let wb = Workbook::open(&out).unwrap();
    let choices = signing::choices(wb.connection()).unwrap();
    let reportable: Vec<_> = choices.decisions.iter().filter(|d| d.reportable).collect();
    // Exactly the five decisions of 177/2026 carry the engine's result; the demo's older
    // decisions were loaded as plain rows and say so by not being reportable.
    assert_eq!(reportable.len(), 5, "{:?}", choices.decisions);
    assert!(reportable.iter().all(|d| d.session == "177/2026"));
    assert!(choices.decisions.len() > reportable.len());
    assert!(choices.sessions.iter().any(|s| s == "177/2026"));
    assert!(audit::verify(wb.connection()).unwrap().ok);
    // Nothing of the build is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// A copy of the fixtures the demo reads, with `session` as its session file.
fn fixtures_with_session(dir: &Path, session: &str) -> PathBuf {
    let copy = dir.join("fixtures");
    for sub in ["demo", "methodologies", "sessions"] {
        copy_tree(&fixtures().join(sub), &copy.join(sub));
    }
    std::fs::write(copy.join(demo::DEMO_SESSION), session).unwrap();
    copy
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn c2_a_demo_whose_session_cannot_be_recorded_leaves_no_workbook_behind() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = fixtures_with_session(dir.path(), "{ \"format\": \"not-a-session\" }");
    let out = dir.path().join("demo.ratebook");
    let e = demo::build(&out, &fixtures, &stamp()).unwrap_err();
    assert!(matches!(e, DemoError::Session { .. }), "{e}");
    assert!(
        e.to_string().contains("demo-177-2026-ordinaria.json"),
        "{e}"
    );
    assert!(!out.exists());
    assert!(!out.with_extension("building").exists());
}

#[test]
fn c2_a_demo_session_with_a_refused_item_is_an_error_not_a_partial_demo() {
    let dir = tempfile::tempdir().unwrap();
    let mut session: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join(demo::DEMO_SESSION)).unwrap(),
    )
    .unwrap();
    // An indicative rating the engine does not produce is refused (C-2).
    session["items"][0]["proposal"]["indicative"]["rating"] = "xxB".into();
    let fixtures = fixtures_with_session(dir.path(), &session.to_string());
    let out = dir.path().join("demo.ratebook");
    let e = demo::build(&out, &fixtures, &stamp()).unwrap_err();
    match &e {
        DemoError::Refused { items, .. } => assert_eq!(items, "1"),
        other => panic!("expected the refused item, got {other}"),
    }
    assert!(!out.exists());
}
