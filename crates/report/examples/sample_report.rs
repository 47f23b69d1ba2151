//! Generates the fictional sample report and signs it (certification, then the chair's
//! approval) with a fresh demo CA, timing each step. Used by `bench/report/run.sh`:
//!
//! `cargo run --release -p ratebook-report --example sample_report -- OUT_DIR [es|en] [MONTHS]`
//!
//! Writes `OUT_DIR/{ca/, manager.p12, chair.p12, passphrase, sample-unsigned.pdf,
//! sample-signed.pdf}` and prints one JSON line with the timings in milliseconds.

use ratebook_report::{keys, layout::Lang, sample, signature};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = std::path::PathBuf::from(
        args.first()
            .ok_or("usage: sample_report OUT_DIR [es|en] [MONTHS]")?,
    );
    let lang = match args.get(1).map(String::as_str) {
        Some("en") => Lang::En,
        _ => Lang::Es,
    };
    let months: u32 = args.get(2).map(|m| m.parse()).transpose()?.unwrap_or(36);
    std::fs::create_dir_all(&out)?;
    let pass = "demo passphrase";
    std::fs::write(out.join("passphrase"), pass)?;
    let ca_dir = out.join("ca");
    if !ca_dir.join(keys::CA_CERT_FILE).exists() {
        keys::write_demo_ca(&ca_dir, pass)?;
    }
    let manager = keys::issue_member(
        &ca_dir,
        pass,
        "Econ. Andrés Cevallos Ordóñez",
        "Gerente General",
        pass,
    )?;
    let chair = keys::issue_member(
        &ca_dir,
        pass,
        "Dra. María José Peñafiel",
        "Presidenta del Comité",
        pass,
    )?;
    std::fs::write(out.join("manager.p12"), &manager.pkcs12)?;
    std::fs::write(out.join("chair.p12"), &chair.pkcs12)?;
    let manager = keys::load_pkcs12(&manager.pkcs12, pass, "manager.p12")?;
    let chair = keys::load_pkcs12(&chair.pkcs12, pass, "chair.p12")?;

    let now = time::OffsetDateTime::now_utc();
    let t0 = Instant::now();
    let report = sample::SampleReport::demo(months);
    let pdf = sample::render_sample(&report, lang, now)?;
    let generate_ms = t0.elapsed().as_secs_f64() * 1e3;
    std::fs::write(out.join("sample-unsigned.pdf"), &pdf)?;

    let t1 = Instant::now();
    let certified = signature::sign(
        &pdf,
        &manager,
        &signature::SignRequest {
            role: signature::Role::Certify {
                field: "certification".into(),
                later_fields: vec!["chair".into(), "member-2".into()],
            },
            reason: Some("Certificación del informe".into()),
            location: Some("Quito – Ecuador".into()),
            time: now,
        },
    )?;
    let certify_ms = t1.elapsed().as_secs_f64() * 1e3;
    let t2 = Instant::now();
    let approved = signature::sign(
        &certified,
        &chair,
        &signature::SignRequest {
            role: signature::Role::Approve {
                field: Some("chair".into()),
            },
            reason: Some("Aprobación del comité".into()),
            location: Some("Quito – Ecuador".into()),
            time: now,
        },
    )?;
    let approve_ms = t2.elapsed().as_secs_f64() * 1e3;
    std::fs::write(out.join("sample-signed.pdf"), &approved)?;
    let pages = lopdf::Document::load_mem(&pdf)?.get_pages().len();
    println!(
        "{{\"pages\": {pages}, \"bytes\": {}, \"generate_ms\": {generate_ms:.2}, \"certify_ms\": {certify_ms:.2}, \"approve_ms\": {approve_ms:.2}}}",
        approved.len()
    );
    Ok(())
}
