//! Import checks every row first and writes nothing if any row is bad, reporting each bad
//! row (line, column, value, what is accepted); export writes the columns import reads.

mod support;

use ratebook_store::import::{self, ImportError, Kind};
use ratebook_store::{audit, demo, export, Workbook};
use support::*;

fn demo_wb(dir: &tempfile::TempDir) -> Workbook {
    let path = dir.path().join("demo.ratebook");
    demo::build(&path, &demo_sources(), &stamp()).unwrap();
    Workbook::open(&path).unwrap()
}

fn snapshot(wb: &Workbook) -> (i64, Vec<Vec<String>>, Vec<Vec<String>>) {
    (
        audit::verify(wb.connection()).unwrap().events,
        export::rows(wb, Kind::Issuers).unwrap(),
        export::rows(wb, Kind::Flows).unwrap(),
    )
}

#[test]
fn csv_with_bad_rows_writes_nothing_and_reports_each_bad_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo_wb(&dir);
    let before = snapshot(&wb);
    let csv = dir.path().join("issuers.csv");
    std::fs::write(
        &csv,
        "code,name,sector,country,sovereign,national_scale,global_lc,global_fc,peer_position,fictional\n\
         NEW-1,New Good Issuer,corporate,XX,XX,xx,BB,BB-,upper,true\n\
         NEW-2,Bad Rating,corporate,XX,XX,xx,BBB++,,,true\n\
         NEW-3,Bad Sector,banking,XX,XX,xx,,,,true\n\
         NEW-4,Unknown Sovereign,bank,EC,EC,,,,,no\n",
    )
    .unwrap();
    let err = import::import_file(&mut wb, &stamp(), Kind::Issuers, &csv).unwrap_err();
    let ImportError::BadRows(problems) = err else {
        panic!("expected bad rows, got {err}")
    };
    let found: Vec<(usize, &str, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "global_lc", "BBB++"),
            (4, "sector", "banking"),
            (5, "sovereign", "EC")
        ]
    );
    assert!(
        problems[0].accepted.contains("BBB-"),
        "{}",
        problems[0].accepted
    );
    assert!(problems[1].accepted.contains("corporate"));
    assert!(problems[2].accepted.contains("XX"));
    assert_eq!(
        snapshot(&wb),
        before,
        "nothing written, not even the good row"
    );
}

#[test]
fn xlsx_with_bad_rows_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo_wb(&dir);
    let before = snapshot(&wb);
    let path = dir.path().join("flows.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in Kind::Flows.columns().iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [[&str; 6]; 3] = [
        [
            "DEMO-TIT-FLUJOS",
            "inflow",
            "",
            "9",
            "2027-06-30",
            "1000.50",
        ],
        ["DEMO-TIT-FLUJOS", "interest", "Z", "9", "2027-06-30", "10"],
        ["DEMO-TIT-FLUJOS", "principal", "A", "9", "2027-02-30", "-5"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if c == 3 {
                sheet.write_number(r as u32 + 1, c as u16, 9.0).unwrap();
            } else if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    book.save(&path).unwrap();
    let err = import::import_file(&mut wb, &stamp(), Kind::Flows, &path).unwrap_err();
    let ImportError::BadRows(problems) = err else {
        panic!("expected bad rows, got {err}")
    };
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str()))
        .collect();
    assert_eq!(found, vec![(3, "class"), (4, "due_on"), (4, "amount")]);
    assert_eq!(snapshot(&wb), before);
}

#[test]
fn a_wrong_header_is_refused_naming_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo_wb(&dir);
    let csv = dir.path().join("h.csv");
    std::fs::write(
        &csv,
        "titularizacion,series,periodo,value\nX,portfolio,2026-01-31,1\n",
    )
    .unwrap();
    let err = import::import_file(&mut wb, &stamp(), Kind::History, &csv).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("unknown column 'periodo'"), "{text}");
    assert!(text.contains("missing column 'period'"), "{text}");
}

#[test]
fn export_then_import_round_trips_in_csv_and_xlsx_without_new_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo_wb(&dir);
    for kind in [Kind::Issuers, Kind::Issues, Kind::Flows, Kind::History] {
        for ext in ["csv", "xlsx"] {
            let path = dir.path().join(format!("{}.{ext}", kind.as_str()));
            let rows = export::export_file(&wb, kind, &path).unwrap().rows;
            assert!(rows > 0, "{kind:?}");
            let report = import::import_file(&mut wb, &stamp(), kind, &path).unwrap();
            assert_eq!(report.rows, rows);
            assert_eq!(
                report.events, 0,
                "{kind:?} {ext}: identical rows change nothing"
            );
        }
    }
    // Export never writes over a file.
    let existing = dir.path().join("issuers.csv");
    assert!(export::export_file(&wb, Kind::Issuers, &existing).is_err());
}

#[test]
fn an_import_that_changes_a_row_records_a_correction() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo_wb(&dir);
    let csv = dir.path().join("fix.csv");
    std::fs::write(
        &csv,
        "code,name,sector,country,sovereign,national_scale,global_lc,global_fc,peer_position,fictional\n\
         DEMO-XX-01,Altavista Cement,corporate,XX,XX,xx,BBB-,BB+,upper,true\n",
    )
    .unwrap();
    let report = import::import_file(&mut wb, &stamp(), Kind::Issuers, &csv).unwrap();
    assert_eq!(report.events, 1);
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    let (action, before): (String, String) = wb
        .connection()
        .query_row(
            "SELECT action, before FROM audit_event ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "update");
    assert!(before.contains("\"global_lc\":\"BB+\""), "{before}");
}

#[test]
fn cases_round_trip_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let wb = demo_wb(&dir);
    let json = export::titularizacion_json(&wb, "DEMO-TIT-CARTERA").unwrap();
    let case: ratebook_store::titularizacion::TitularizacionCase =
        serde_json::from_str(&json).unwrap();
    let source: ratebook_store::titularizacion::TitularizacionCase = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("fixtures/demo/titularizaciones/cartera.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(case.titularizacion, source.titularizacion);
    assert_eq!(case.classes.len(), source.classes.len());
    assert_eq!(case.flows.len(), source.flows.len());
    assert_eq!(case.mechanisms, source.mechanisms);
    assert_eq!(case.factors.len(), 9);

    let issuer: ratebook_store::entities::IssuerCase =
        serde_json::from_str(&export::issuer_json(&wb, "DEMO-XX-01").unwrap()).unwrap();
    assert_eq!(issuer.sovereign.unwrap().code, "XX");
    assert!(!issuer.issues.is_empty());

    let docs: Vec<ratebook_store::methodology::MethodologyDocument> =
        serde_json::from_str(&export::methodologies_json(&wb).unwrap()).unwrap();
    assert!(docs.iter().any(|d| d.id == "sp-xx-table1"));
}

#[test]
fn json_cases_and_methodologies_import_into_another_workbook_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_wb(&dir);
    let mut target = Workbook::create(&dir.path().join("other.ratebook")).unwrap();
    let docs = export::methodologies_json(&source).unwrap();
    assert!(import::methodologies_json(&mut target, &stamp(), &docs).unwrap() >= 3);
    let issuer = export::issuer_json(&source, "DEMO-ZA-02").unwrap();
    import::issuer_json(&mut target, &stamp(), &issuer).unwrap();
    let deal = export::titularizacion_json(&source, "DEMO-TIT-PROYECTO").unwrap();
    import::titularizacion_json(&mut target, &stamp(), &deal).unwrap();
    assert_eq!(
        export::titularizacion_json(&target, "DEMO-TIT-PROYECTO").unwrap(),
        deal
    );
    assert_eq!(export::issuer_json(&target, "DEMO-ZA-02").unwrap(), issuer);
    assert_eq!(export::methodologies_json(&target).unwrap(), docs);
    assert!(audit::verify(target.connection()).unwrap().ok);

    // A malformed case is refused and writes nothing.
    let before = audit::verify(target.connection()).unwrap().events;
    let broken = deal
        .replace("\"cartera_credito\"", "\"leasing\"")
        .replace("\"proyectos_inmobiliarios\"", "\"leasing\"");
    let err = import::titularizacion_json(&mut target, &stamp(), &broken).unwrap_err();
    assert!(err.to_string().contains("leasing"), "{err}");
    assert_eq!(audit::verify(target.connection()).unwrap().events, before);
}
