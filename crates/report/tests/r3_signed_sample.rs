//! on the fictional sample report, in Spanish and in English: the file is
//! clean for qpdf, every signature is valid and trusted for pdfsig (with an NSS database
//! holding the demo CA) and for pyHanko (demo CA as trust root), the certification stays
//! intact after the chair's approval, Ratebook's own verification agrees, and pdftotext
//! reads the accented text back. Pages are rendered to PNG for a person to look at.

mod support;

use ratebook_report::finding::FindingCode;
use ratebook_report::keys::{self, SigningIdentity};
use ratebook_report::layout::Lang;
use ratebook_report::sample::{render_sample, SampleReport};
use ratebook_report::signature::{self, Role, SignRequest};
use ratebook_report::verify::verify;
use std::path::Path;
use support::*;

struct Signers {
    manager: SigningIdentity,
    chair: SigningIdentity,
    member: SigningIdentity,
}

fn demo_signers(dir: &Path) -> Signers {
    let ca = dir.join("ca");
    keys::write_demo_ca(&ca, "ca pass").unwrap();
    let issue = |name: &str, title: &str| {
        let m = keys::issue_member(&ca, "ca pass", name, title, "p").unwrap();
        keys::load_pkcs12(&m.pkcs12, "p", name).unwrap()
    };
    Signers {
        manager: issue("Econ. Andrés Cevallos Ordóñez", "Gerente General"),
        chair: issue("Dra. María José Peñafiel", "Presidenta del Comité"),
        member: issue("Ing. Íñigo Núñez Ayala", "Miembro del Comité"),
    }
}

fn request(role: Role) -> SignRequest {
    SignRequest {
        role,
        reason: Some("Aprobación del informe".into()),
        location: Some("Quito – Ecuador".into()),
        time: time::OffsetDateTime::now_utc(),
    }
}

fn certify_and_approve(pdf: &[u8], s: &Signers) -> Vec<u8> {
    let certified = signature::sign(
        pdf,
        &s.manager,
        &request(Role::Certify {
            field: "certification".into(),
            later_fields: vec!["chair".into(), "member-2".into()],
        }),
    )
    .unwrap();
    assert!(
        certified.starts_with(pdf),
        "R-3: the certification is an incremental update"
    );
    let chair = signature::sign(
        &certified,
        &s.chair,
        &request(Role::Approve {
            field: Some("chair".into()),
        }),
    )
    .unwrap();
    assert!(chair.starts_with(&certified));
    let member = signature::sign(
        &chair,
        &s.member,
        &request(Role::Approve {
            field: Some("member-2".into()),
        }),
    )
    .unwrap();
    assert!(member.starts_with(&chair));
    member
}

fn check_language(lang: Lang, stem: &str, expected_text: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let signers = demo_signers(dir.path());
    let pdf = render_sample(
        &SampleReport::demo(36),
        lang,
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    assert!(
        pdf.starts_with(b"%PDF-1.7"),
        "R-3: header must be PDF 1.7 before signing"
    );
    let unsigned = dir.path().join(format!("{stem}-unsigned.pdf"));
    std::fs::write(&unsigned, &pdf).unwrap();
    assert_qpdf_clean(&unsigned);

    let signed = certify_and_approve(&pdf, &signers);
    let path = dir.path().join(format!("{stem}.pdf"));
    std::fs::write(&path, &signed).unwrap();
    std::fs::copy(&path, artifacts_dir().join(format!("{stem}.pdf"))).unwrap();

    // qpdf
    assert_qpdf_clean(&path);
    // pdfsig, trusting the demo CA through NSS
    let ca_pem = dir.path().join("ca").join(keys::CA_CERT_FILE);
    let nss = nss_db(dir.path(), &ca_pem);
    assert_pdfsig_all_valid(&path, &nss, 3);
    // pyHanko: the command line, then the library for the certification level
    assert_pyhanko_cli_valid(&path, &ca_pem);
    let ades = assert_pyhanko_adesverify(&path, &ca_pem, 3);
    assert!(
        ades[0].starts_with("certification:") && ades[0].contains("EXTENDED_WITH_FORM_FILLING"),
        "{ades:?}"
    );
    let verdict = &pyhanko_batch(&ca_pem, std::slice::from_ref(&path))[0];
    let sigs = verdict["signatures"]
        .as_array()
        .unwrap_or_else(|| panic!("{verdict}"));
    assert_eq!(sigs.len(), 3, "{verdict}");
    for s in sigs {
        assert_eq!(s["bottom_line"], true, "{verdict}");
        assert_eq!(s["trusted"], true, "{verdict}");
    }
    let cert = sigs.iter().find(|s| s["field"] == "certification").unwrap();
    assert_eq!(cert["docmdp_level"], "FILL_FORMS", "{verdict}");
    assert_eq!(
        cert["docmdp_ok"], true,
        "certification intact after approvals: {verdict}"
    );
    assert_eq!(cert["modification_level"], "FORM_FILLING", "{verdict}");

    // Ratebook's own verification agrees.
    let report = verify(&signed).unwrap();
    assert!(report.ok, "{report:#?}");
    let fields: Vec<&str> = report.signatures.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(fields, ["certification", "chair", "member-2"]);
    assert_eq!(report.signatures[0].certification, Some(2));
    assert_eq!(
        report.signatures[0].signer.as_deref(),
        Some("Econ. Andrés Cevallos Ordóñez")
    );
    assert!(!report.signatures[0].covers_document);
    assert!(report
        .signatures
        .iter()
        .all(|s| s.intact && s.modifications_allowed));
    assert!(report.signatures[2].covers_document);

    // pdftotext reads the text back, accents and ñ included.
    let text = pdftotext(&path);
    for needle in expected_text {
        assert!(text.contains(needle), "pdftotext lacks {needle:?}:\n{text}");
    }
    // A person can look at the pages.
    let pages = render_pages(&path, stem);
    assert!(pages.len() >= 4, "{pages:?}");
}

#[test]
fn r3_spanish_sample_is_valid_for_every_validator() {
    check_language(
        Lang::Es,
        "sample-es",
        &[
            "Informe de Calificación de Riesgo",
            "cinco millones de dólares (USD 5'000.000,00)",
            "Sesión de Comité",
            "18 de noviembre de 2026",
            "30 de septiembre de 2026",
            "Cañaverales del Ñuque",
            "Página 1 de",
            "Fundamentación de la calificación",
            "no constituye una recomendación",
            "Econ. Andrés Cevallos Ordóñez",
            "Presidenta del Comité",
        ],
    );
}

#[test]
fn r3_english_sample_is_valid_for_every_validator() {
    check_language(
        Lang::En,
        "sample-en",
        &[
            "Credit Rating Report",
            "USD 5,000,000.00",
            "cinco millones de dólares",
            "November 18, 2026",
            "Page 1 of",
            "is not a recommendation to buy, sell or hold",
            "Dra. María José Peñafiel",
        ],
    );
}

#[test]
fn r3_certification_must_be_first_and_fields_are_filled_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo_signers(dir.path());
    let pdf = render_sample(
        &SampleReport::demo(6),
        Lang::Es,
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    // Approving an uncertified document: no field to fill.
    let err = signature::sign(&pdf, &s.chair, &request(Role::Approve { field: None })).unwrap_err();
    assert!(
        err.to_string().contains("no empty signature field"),
        "{err}"
    );
    let certified = signature::sign(
        &pdf,
        &s.manager,
        &request(Role::Certify {
            field: "certification".into(),
            later_fields: vec!["chair".into()],
        }),
    )
    .unwrap();
    // A second certification is refused.
    let err = signature::sign(
        &certified,
        &s.manager,
        &request(Role::Certify {
            field: "again".into(),
            later_fields: vec![],
        }),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("must be the first signature"),
        "{err}"
    );
    // Unknown field names the available ones.
    let err = signature::sign(
        &certified,
        &s.chair,
        &request(Role::Approve {
            field: Some("nope".into()),
        }),
    )
    .unwrap_err();
    assert!(err.to_string().contains("chair"), "{err}");
    // Without --field the first empty one is taken; then it cannot be signed twice.
    let approved = signature::sign(
        &certified,
        &s.chair,
        &request(Role::Approve { field: None }),
    )
    .unwrap();
    let err = signature::sign(
        &approved,
        &s.member,
        &request(Role::Approve {
            field: Some("chair".into()),
        }),
    )
    .unwrap_err();
    assert!(err.to_string().contains("already signed"), "{err}");
    assert!(verify(&approved).unwrap().ok);
}

#[test]
fn r3_later_changes_beyond_form_filling_break_the_certification() {
    // Append an incremental update that changes page content after certifying: Ratebook's
    // verification must report the certification's modifications as not allowed.
    let dir = tempfile::tempdir().unwrap();
    let s = demo_signers(dir.path());
    let pdf = render_sample(
        &SampleReport::demo(6),
        Lang::Es,
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    let certified = signature::sign(
        &pdf,
        &s.manager,
        &request(Role::Certify {
            field: "certification".into(),
            later_fields: vec!["chair".into()],
        }),
    )
    .unwrap();
    let prev = lopdf::Document::load_mem(&certified).unwrap();
    let mut inc = lopdf::IncrementalDocument::create_from(certified.clone(), prev);
    let info_id = inc
        .get_prev_documents()
        .trailer
        .get(b"Info")
        .unwrap()
        .as_reference()
        .unwrap();
    inc.opt_clone_object_to_new_document(info_id).unwrap();
    inc.new_document.get_dictionary_mut(info_id).unwrap().set(
        "Title",
        lopdf::Object::string_literal("Changed after certification"),
    );
    let mut changed = Vec::new();
    inc.save_to(&mut changed).unwrap();
    let report = verify(&changed).unwrap();
    assert!(!report.ok);
    assert!(
        report.signatures[0].intact,
        "the signed bytes themselves are unchanged"
    );
    assert!(!report.signatures[0].modifications_allowed, "{report:#?}");
    // The finding names the changed object by code and argument; the English is the CLI's.
    let findings = &report.signatures[0].findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, FindingCode::ObjectChanged);
    let object = format!("{} {}", info_id.0, info_id.1);
    assert_eq!(findings[0].args["object"], object);
    assert_eq!(
        report.signatures[0].problems(),
        [format!(
            "a later revision changed object {object} beyond filling a signature field"
        )]
    );
}

#[test]
fn r3_a_pdf_with_cross_reference_streams_signs_and_verifies() {
    // PDFs from other producers often use object and cross-reference streams; the
    // incremental update then carries an XRef stream, which is structure, not a change.
    let dir = tempfile::tempdir().unwrap();
    let s = demo_signers(dir.path());
    let pdf = render_sample(
        &SampleReport::demo(6),
        Lang::Es,
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    let plain = dir.path().join("plain.pdf");
    let streams = dir.path().join("streams.pdf");
    std::fs::write(&plain, pdf).unwrap();
    let out = run(std::process::Command::new(tool("qpdf"))
        .arg("--object-streams=generate")
        .arg(&plain)
        .arg(&streams));
    assert!(out.status.success(), "{}", text(&out));
    let signed = certify_and_approve(&std::fs::read(&streams).unwrap(), &s);
    let report = verify(&signed).unwrap();
    assert!(report.ok, "{report:#?}");
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &signed).unwrap();
    assert_qpdf_clean(&path);
    let ca_pem = dir.path().join("ca").join(keys::CA_CERT_FILE);
    assert_pdfsig_all_valid(&path, &nss_db(dir.path(), &ca_pem), 3);
    assert_pyhanko_cli_valid(&path, &ca_pem);
}
