//! Several processes on one workbook.
//!
//! Crash safety: a writer process recording committee decisions (durable transactions:
//! decision, approvers, report file and its signature) is killed with SIGKILL at random,
//! seeded points; after each kill `PRAGMA integrity_check` is ok, `verify` is ok, and
//! every decision the writer reported committed is present. 200 runs by default; for
//! 1,000 (or any number, with another seed):
//!
//! ```text
//! RATEBOOK_CRASH_RUNS=1000 RATEBOOK_CRASH_SEED=7 cargo test -p ratebook-store --release --test processes -- c5_crash
//! ```
//!
//! Concurrency: two writers on one workbook both succeed without corrupting it or forking
//! the audit chain; a writer that cannot get the lock within its timeout gets "workbook is
//! busy" and writes nothing.
//!
//! The writer processes are this test binary itself, re-run with `--ignored --exact
//! child_process` and an environment variable naming the role.

mod support;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ratebook_store::committee::{self, ReportFile};
use ratebook_store::entities::{self, Issuer};
use ratebook_store::vocabulary::{Language, Sector};
use ratebook_store::{audit, StoreError, Workbook};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::*;

const ROLE: &str = "RATEBOOK_STORE_CHILD";
const WORKBOOK: &str = "RATEBOOK_STORE_CHILD_WORKBOOK";
const ARG: &str = "RATEBOOK_STORE_CHILD_ARG";

/// Entry point of the writer processes; does nothing unless started by a test below.
#[test]
#[ignore = "run as a child process by the tests of this file"]
fn child_process() {
    let (Ok(role), Ok(path)) = (std::env::var(ROLE), std::env::var(WORKBOOK)) else {
        return;
    };
    let arg = std::env::var(ARG).unwrap_or_default();
    let mut out = std::io::stdout();
    let mut wb = Workbook::open(Path::new(&path)).unwrap();
    match role.as_str() {
        "decisions" => {
            let item: i64 = arg.parse().unwrap();
            let mut previous: Option<i64> = wb
                .connection()
                .query_row(
                    "SELECT max(id) FROM decision WHERE agenda_item_id = ?1",
                    [item],
                    |r| r.get(0),
                )
                .unwrap();
            writeln!(out, "ready").unwrap();
            out.flush().unwrap();
            loop {
                let id = wb
                    .transact_durable(&stamp(), |w| {
                        let d = committee::record_decision(w, item, &decision("xxAA"), previous)?;
                        let report = committee::file_report(
                            w,
                            d,
                            &ReportFile {
                                language: Language::Es,
                                file_name: format!("informe-{d}.pdf"),
                                sha256: "a".repeat(64),
                                size_bytes: 1000,
                            },
                        )?;
                        committee::sign_report(w, report, "C", &"b".repeat(64), 1200)?;
                        Ok(d)
                    })
                    .unwrap();
                previous = Some(id);
                writeln!(out, "committed {id}").unwrap();
                out.flush().unwrap();
            }
        }
        "issuers" => {
            let (prefix, n) = arg.split_once(':').unwrap();
            for i in 0..n.parse::<u32>().unwrap() {
                wb.transact(&stamp(), |w| {
                    entities::put_issuer(w, &issuer(&format!("{prefix}-{i}"))).map(drop)
                })
                .unwrap();
            }
            writeln!(out, "done").unwrap();
        }
        "busy" => {
            wb.set_busy_timeout(Duration::from_millis(arg.parse().unwrap()))
                .unwrap();
            let result = wb.transact(&stamp(), |w| {
                entities::put_issuer(w, &issuer("BUSY-1"))?;
                entities::put_issuer(w, &issuer("BUSY-2")).map(drop)
            });
            match result {
                Err(e @ StoreError::Busy { .. }) => writeln!(out, "busy: {e}").unwrap(),
                other => writeln!(out, "unexpected: {other:?}").unwrap(),
            }
        }
        other => panic!("unknown child role {other}"),
    }
}

fn issuer(code: &str) -> Issuer {
    Issuer {
        code: code.into(),
        name: format!("Process issuer {code} (fictional)"),
        sector: Sector::Corporate,
        country: "XX".into(),
        sovereign: Some("XX".into()),
        national_scale: None,
        global_lc: None,
        global_fc: None,
        peer_position: None,
        fictional: true,
    }
}

fn spawn(role: &str, path: &Path, arg: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ROLE, role)
        .env(WORKBOOK, path)
        .env(ARG, arg)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Lines the child printed, as they arrive.
fn lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn integrity(path: &Path) -> String {
    raw(path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn c5_crash_sigkill_during_decision_writes_loses_nothing_reported_committed() {
    let runs: u32 = std::env::var("RATEBOOK_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("RATEBOOK_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_261_125);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut path = dir.path().to_path_buf();
    let mut item = 0;
    let mut reported = BTreeSet::new();
    let mut total = 0;
    for run in 0..runs {
        // A fresh workbook every 25 kills keeps each check's cost bounded; within a
        // workbook, every run recovers from the previous runs' kills.
        if run % 25 == 0 {
            total += reported.len();
            reported.clear();
            path = dir.path().join(format!("crash-{run}.ratebook"));
            let (wb, id) = committee_workbook(&path);
            drop(wb);
            item = id;
        }
        let mut child = spawn("decisions", &path, &item.to_string());
        let rx = lines(&mut child);
        // libtest may print "test child_process ... " before the child's first line.
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) if line.ends_with("ready") => break,
                Ok(_) => continue,
                Err(e) => {
                    let _ = child.kill();
                    panic!("run {run}: the writer never got ready: {e}")
                }
            }
        }
        // Anywhere from before the first commit to several commits in.
        let delay = rng.random_range(0..25_000u64);
        std::thread::sleep(Duration::from_micros(delay));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(10)) {
            if let Some((_, id)) = line.split_once("committed ") {
                reported.insert(id.trim().parse::<i64>().unwrap());
            }
        }

        assert_eq!(
            integrity(&path),
            "ok",
            "run {run} (seed {seed}, delay {delay} µs)"
        );
        let wb = Workbook::open(&path).unwrap();
        let v = audit::verify(wb.connection()).unwrap();
        assert!(v.ok, "run {run} (seed {seed}): {:?}", v.problems);
        let present: BTreeSet<i64> = committee::decision_ids(wb.connection())
            .unwrap()
            .into_iter()
            .collect();
        let lost: Vec<_> = reported.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "run {run} (seed {seed}): reported committed but lost: {lost:?}"
        );
    }
    total += reported.len();
    eprintln!("{runs} runs, {total} decisions reported committed");
    assert!(total > 0, "the writer committed something over {runs} runs");
}

#[test]
fn two_writer_processes_share_one_workbook_without_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.ratebook");
    drop(committee_workbook(&path));
    let mut a = spawn("issuers", &path, "A:40");
    let mut b = spawn("issuers", &path, "B:40");
    let (ra, rb) = (lines(&mut a), lines(&mut b));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    assert!(ra.iter().any(|l| l.ends_with("done")));
    assert!(rb.iter().any(|l| l.ends_with("done")));
    assert_eq!(integrity(&path), "ok");
    let wb = Workbook::open(&path).unwrap();
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(entities::issuers(wb.connection()).unwrap().len(), 81);
}

#[test]
fn a_writer_that_cannot_get_the_lock_gets_workbook_is_busy_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.ratebook");
    drop(committee_workbook(&path));
    let events = |p: &Path| -> i64 {
        raw(p)
            .query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))
            .unwrap()
    };
    let before = events(&path);

    // Another process (this one) holds the write lock for longer than the writer waits.
    let holder = raw(&path);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = spawn("busy", &path, "200");
    let rx = lines(&mut child);
    assert!(child.wait().unwrap().success());
    let said: Vec<String> = rx.iter().collect();
    assert!(
        said.iter()
            .any(|l| l.contains("busy: ") && l.contains("workbook") && l.contains("is busy")),
        "{said:?}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);

    assert_eq!(events(&path), before, "no partial write");
    let wb = Workbook::open(&path).unwrap();
    assert!(entities::issuer(wb.connection(), "BUSY-1")
        .unwrap()
        .is_none());
    assert!(audit::verify(wb.connection()).unwrap().ok);
}
