//! Benchmark helper for `bench/report/run.sh`: generates the committee report of one
//! stored decision from a workbook (values read from the store, layout, fonts) and
//! certifies it with a PKCS#12 key, timing both in-process (key loading excluded).
//! Writes `<out>/committee-unsigned.pdf` for pyHanko and prints one JSON line.
//!
//!   committee_report WORKBOOK DECISION P12 PASSPHRASE OUT_DIR

use ratebook_report::committee_report::render_report;
use ratebook_report::keys;
use ratebook_report::layout::Lang;
use ratebook_report::signature::{self, Role, SignRequest};
use ratebook_workbench::report::{committee_report, Issuer};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, workbook, decision, p12, pass, out] = args.as_slice() else {
        return Err("usage: committee_report WORKBOOK DECISION P12 PASSPHRASE OUT_DIR".into());
    };
    let conn = rusqlite::Connection::open(workbook)?;
    let identity = keys::load_pkcs12(&std::fs::read(p12)?, pass, p12)?;
    let issuer = Issuer {
        rater: "Calificadora Demostración S.A. (ficticia)".into(),
        city: "Quito – Ecuador".into(),
    };
    let t0 = Instant::now();
    let values = committee_report(&conn, decision.parse()?, Lang::Es, &issuer)?;
    let pdf = render_report(&values, Lang::Es, time::OffsetDateTime::now_utc())?;
    let t1 = Instant::now();
    let signed = signature::sign(
        &pdf,
        &identity,
        &SignRequest {
            role: Role::Certify {
                field: "certification".into(),
                later_fields: values.approver_fields(),
            },
            reason: Some("Certificación del informe".into()),
            location: Some("Quito – Ecuador".into()),
            time: time::OffsetDateTime::now_utc(),
        },
    )?;
    let t2 = Instant::now();
    std::fs::write(format!("{out}/committee-unsigned.pdf"), &pdf)?;
    std::fs::write(format!("{out}/committee-certified.pdf"), &signed)?;
    println!(
        "{{\"bytes\": {}, \"generate_ms\": {:.2}, \"certify_ms\": {:.2}}}",
        signed.len(),
        (t1 - t0).as_secs_f64() * 1000.0,
        (t2 - t1).as_secs_f64() * 1000.0
    );
    Ok(())
}
