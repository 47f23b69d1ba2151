//! Committee reports and actas from stored decisions (SPEC, C-5), signed
//! and held to independent validators. `ratebook demo` runs once per test binary (one demo
//! CA): it records a national-scale issuer and a titularización class with their engine
//! results, writes a certified report per decision in Spanish and English (the general
//! manager certifies, the chair fills the pre-created field) and an acta the secretary
//! certifies and each voting member signs. Each file must pass `qpdf --check`, `pdfsig`
//! (every signature valid, read from its output), pyHanko with the demo CA as trust root
//! (certification intact after the later signatures), and `pdftotext` must find every
//! factor's name, the rating, the override justification and the certification statement.

#[path = "../../report/tests/support/mod.rs"]
mod support;

use assert_cmd::Command;
use ratebook_report::committee_report::Analysis;
use ratebook_report::layout::Lang;
use ratebook_workbench::report::{self, Issuer};
use std::path::PathBuf;
use std::sync::OnceLock;
use support::*;

struct Demo {
    dir: tempfile::TempDir,
    json: serde_json::Value,
}

impl Demo {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::cargo_bin("ratebook")
            .unwrap()
            .args(["demo", "--json", "--out"])
            .arg(dir.path().join("demo"))
            .output()
            .unwrap();
        assert!(out.status.success(), "ratebook demo: {}", text(&out));
        let json = serde_json::from_slice(&out.stdout).unwrap();
        Demo { dir, json }
    })
}

fn nss() -> &'static PathBuf {
    static NSS: OnceLock<PathBuf> = OnceLock::new();
    NSS.get_or_init(|| {
        let d = demo();
        nss_db(d.dir.path(), &d.path("demo/ca/ca.pem"))
    })
}

fn normalized(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What pdftotext must find in a report: the values the workbench read from the store.
fn expected_phrases(decision: i64, lang: Lang) -> Vec<String> {
    let d = demo();
    let conn = rusqlite::Connection::open(d.path("demo/demo.ratebook")).unwrap();
    let issuer = Issuer {
        rater: "x".into(),
        city: "y".into(),
    };
    let r = report::committee_report(&conn, decision, lang, &issuer).unwrap();
    let mut phrases: Vec<String> = r.factors.iter().map(|f| f.name.clone()).collect();
    assert!(!phrases.is_empty(), "R-1: the report lists factors");
    phrases.push(r.ratings[0].rating.clone());
    if let Some(o) = &r.override_ {
        phrases.push(o.justification.clone());
    }
    phrases.push(ratebook_report::text::CERTIFICATION.s(lang));
    phrases.push(ratebook_report::text::LEGEND.s(lang));
    match &r.analysis {
        Analysis::National { trace, .. } => {
            assert!(trace.len() > 1, "R-1: the national trace is printed whole");
            phrases.extend(trace.iter().map(|s| s.rule.clone()));
        }
        Analysis::Titularizacion { classes, chart, .. } => {
            assert!(chart.is_some(), "R-1: the coverage chart is drawn");
            phrases.extend(classes.iter().map(|c| c.rating.clone()));
        }
    }
    phrases.iter().map(|p| normalized(p)).collect()
}

fn check_report(file: &str, decision: i64, lang: Lang, stem: &str) {
    let d = demo();
    let pdf = d.path(&format!("demo/{file}"));
    assert_qpdf_clean(&pdf);
    assert_pdfsig_all_valid(&pdf, nss(), 2);
    assert_pyhanko_cli_valid(&pdf, &d.path("demo/ca/ca.pem"));
    let verdict = &pyhanko_batch(&d.path("demo/ca/ca.pem"), std::slice::from_ref(&pdf))[0];
    assert!(!pyhanko_says_invalid(verdict, 2), "pyHanko: {verdict}");
    let sigs = verdict["signatures"].as_array().unwrap();
    let cert = sigs.iter().find(|s| s["field"] == "certification").unwrap();
    assert_eq!(cert["docmdp_level"], "FILL_FORMS", "{verdict}");
    assert_eq!(
        cert["docmdp_ok"], true,
        "certification intact after the chair's signature: {verdict}"
    );
    let text = pdftotext(&pdf);
    for phrase in expected_phrases(decision, lang) {
        assert!(
            text.contains(&phrase),
            "{file}: pdftotext does not find «{phrase}»"
        );
    }
    // SPEC §7: the trace is worded in the report's language from the trace catalogue.
    let (national, titularizacion) = match lang {
        Lang::Es => (
            ("ajuste holístico", "holistic adjustment"),
            ("el puntaje ponderado", "weighted score"),
        ),
        Lang::En => (
            ("holistic adjustment", "ajuste holístico"),
            ("weighted score", "puntaje ponderado"),
        ),
    };
    let (wanted, foreign) = if stem.contains("national") {
        national
    } else {
        titularizacion
    };
    assert!(
        text.contains(wanted),
        "{file}: the trace does not read «{wanted}»"
    );
    assert!(
        !text.contains(foreign),
        "{file}: the trace reads «{foreign}» in the other language"
    );
    let head = ratebook_store::audit::verify(
        &rusqlite::Connection::open(d.path("demo/demo.ratebook")).unwrap(),
    )
    .unwrap();
    assert!(head.ok, "C-5: the demo workbook's chain verifies");
    assert!(render_pages(&pdf, stem).len() >= 2);
}

fn decisions() -> (i64, i64) {
    let ids = demo().json["decisions"].as_array().unwrap();
    (ids[0].as_i64().unwrap(), ids[1].as_i64().unwrap())
}

#[test]
fn r1_national_scale_report_es_is_signed_valid_and_complete() {
    check_report(
        "report-national-es.pdf",
        decisions().0,
        Lang::Es,
        "r1-national-es",
    );
}

#[test]
fn r1_national_scale_report_en_is_signed_valid_and_complete() {
    check_report(
        "report-national-en.pdf",
        decisions().0,
        Lang::En,
        "r1-national-en",
    );
}

#[test]
fn r1_titularizacion_report_es_is_signed_valid_and_complete() {
    check_report(
        "report-titularizacion-es.pdf",
        decisions().1,
        Lang::Es,
        "r1-titularizacion-es",
    );
}

#[test]
fn r1_titularizacion_report_en_is_signed_valid_and_complete() {
    check_report(
        "report-titularizacion-en.pdf",
        decisions().1,
        Lang::En,
        "r1-titularizacion-en",
    );
}

#[test]
fn r5_acta_signed_by_each_voting_member_validates() {
    let d = demo();
    assert_eq!(d.json["ok"], true, "{}", d.json);
    for (file, stem) in [("acta-es.pdf", "r5-acta-es"), ("acta-en.pdf", "r5-acta-en")] {
        let pdf = d.path(&format!("demo/{file}"));
        // The secretary certifies; the chair and the two voting members approve.
        assert_qpdf_clean(&pdf);
        assert_pdfsig_all_valid(&pdf, nss(), 4);
        assert_pyhanko_cli_valid(&pdf, &d.path("demo/ca/ca.pem"));
        let verdict = &pyhanko_batch(&d.path("demo/ca/ca.pem"), std::slice::from_ref(&pdf))[0];
        assert!(!pyhanko_says_invalid(verdict, 4), "pyHanko: {verdict}");
        let text = pdftotext(&pdf);
        for name in [
            "Carla Demo Andrade",
            "Jorge Demo Villacís",
            "Sofía Demo Cevallos",
        ] {
            assert!(text.contains(name), "{file}: voting member {name} missing");
        }
        render_pages(&pdf, stem);
    }
}

#[test]
fn r1_report_of_a_decision_without_engine_result_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("w.ratebook");
    std::fs::copy(demo().path("demo/demo.ratebook"), &wb).unwrap();
    // Decision 1 comes from the demo fixtures, recorded without an indicative result.
    let out = Command::cargo_bin("ratebook")
        .unwrap()
        .args(["report", "--decision", "1", "--lang", "es", "--workbook"])
        .arg(&wb)
        .arg("--out")
        .arg(dir.path().join("r.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("indicative result"), "{}", text(&out));
}
