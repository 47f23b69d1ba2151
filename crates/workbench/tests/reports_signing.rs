//! The Reports screen's operations (SPEC, C-4) over a demo workbook in
//! which session 177/2026 was run through the engines: choosing a document, generating it,
//! the signing order (certification, then the pre-created fields), demo members' keys made
//! on first use, a wrong passphrase refused with nothing changed, and verification with
//! trust in the demo CA.

use chrono::DateTime;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_report::finding::FindingCode;
use ratebook_report::layout::Lang;
use ratebook_store::committee::Member;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::vocabulary::Role;
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::committee;
use ratebook_workbench::report::Issuer;
use ratebook_workbench::signing::{
    self, DocumentRequest, SignatureRole, SigningError, Trust, DEMO_PASSPHRASE,
};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn stamp() -> Stamp {
    // A fixed instant: tests read no clock.
    Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
}

fn now() -> time::OffsetDateTime {
    // Signing times must fall inside the demo certificates' validity (issued today).
    time::OffsetDateTime::now_utc()
}

fn issuer() -> Issuer {
    Issuer {
        rater: "Calificadora Demostración S.A. (ficticia)".into(),
        city: "Quito – Ecuador".into(),
    }
}

struct Demo {
    dir: tempfile::TempDir,
    wb: Workbook,
}

impl Demo {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn keys(&self) -> PathBuf {
        self.dir.path().join("demo-keys")
    }
}

/// The demo workbook with session 177/2026 run through the engines (stored indicative
/// results, an override, a dissent).
fn demo_with_session() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ratebook");
    let sources = DemoSources {
        demo_dir: fixtures().join("demo"),
        methodology_dirs: vec![fixtures().join("methodologies")],
    };
    demo::build(&path, &sources, &stamp()).unwrap();
    let mut wb = Workbook::open(&path).unwrap();
    let sessions = fixtures().join("sessions");
    let text = std::fs::read_to_string(sessions.join("demo-177-2026-ordinaria.json")).unwrap();
    let file: SessionFile = serde_json::from_str(&text).unwrap();
    let cases = committee::load_engine_cases(&file, &sessions).unwrap();
    committee::run(&mut wb, &stamp(), &file, &cases).unwrap();
    Demo { dir, wb }
}

fn first_reportable(demo: &Demo) -> i64 {
    signing::choices(demo.wb.connection())
        .unwrap()
        .decisions
        .iter()
        .find(|d| d.reportable)
        .expect("session 177/2026 stores the engine's results")
        .id
}

fn sign_next(demo: &mut Demo, file: &Path) -> signing::Signed {
    let status =
        signing::status(demo.wb.connection(), file, &std::fs::read(file).unwrap()).unwrap();
    let next = status.next.first().expect("someone signs next").clone();
    let member = signing::member(demo.wb.connection(), &next.member).unwrap();
    let identity = signing::demo_identity(&demo.keys(), &member, DEMO_PASSPHRASE).unwrap();
    signing::sign_file(&mut demo.wb, &stamp(), file, &next.member, &identity, now()).unwrap()
}

fn demo_ca(demo: &Demo) -> Vec<x509_cert::Certificate> {
    signing::anchors(&signing::demo_ca_dir(&demo.keys()).join("ca.pem")).unwrap()
}

#[test]
fn r1_choices_list_every_decision_and_session_and_which_can_have_a_report() {
    let demo = demo_with_session();
    let c = signing::choices(demo.wb.connection()).unwrap();
    assert!(
        c.sessions.contains(&"177/2026".to_string()),
        "{:?}",
        c.sessions
    );
    assert!(c.sessions.contains(&"150/2025".to_string()));
    // The demo's older decisions were recorded without an engine result; 177/2026's have one.
    assert!(c
        .decisions
        .iter()
        .any(|d| d.reportable && d.session == "177/2026"));
    assert!(c
        .decisions
        .iter()
        .any(|d| !d.reportable && d.session == "150/2025"));
    assert!(c
        .decisions
        .iter()
        .all(|d| d.reportable == (d.session == "177/2026")));
    // Most recent first.
    assert!(c
        .decisions
        .windows(2)
        .all(|w| w[0].decided_on >= w[1].decided_on));
}

#[test]
fn r1_a_report_is_generated_to_a_new_file_and_filed_and_never_written_over_a_file() {
    let mut demo = demo_with_session();
    let decision = first_reportable(&demo);
    let out = demo.path("report.pdf");
    let g = signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision },
        Lang::Es,
        &issuer(),
        &out,
        now(),
    )
    .unwrap();
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert_eq!(g.size_bytes, pdf.len() as u64);
    assert_eq!(g.fields, vec!["m-carla".to_string()]);
    // A second generation to the same path is refused and the first file stays as it was.
    let again = signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision },
        Lang::En,
        &issuer(),
        &out,
        now(),
    )
    .unwrap_err();
    assert!(matches!(again, SigningError::Exists { .. }), "{again}");
    assert_eq!(again.to_report().code, "file.exists");
    assert_eq!(std::fs::read(&out).unwrap(), pdf);
    // A decision without a stored engine result has no report, and no file is left behind.
    let old = signing::choices(demo.wb.connection())
        .unwrap()
        .decisions
        .into_iter()
        .find(|d| !d.reportable)
        .unwrap();
    let none = demo.path("old.pdf");
    let refused = signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision: old.id },
        Lang::Es,
        &issuer(),
        &none,
        now(),
    )
    .unwrap_err();
    let report = refused.to_report();
    assert_eq!(report.code, "reports.data");
    assert_eq!(report.value.as_deref(), Some(old.id.to_string().as_str()));
    assert!(!none.exists());
}

#[test]
fn r3_c4_the_general_manager_certifies_first_then_the_chair_fills_the_field_and_it_verifies_against_the_demo_ca(
) {
    let mut demo = demo_with_session();
    let decision = first_reportable(&demo);
    let file = demo.path("report.pdf");
    signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision },
        Lang::En,
        &issuer(),
        &file,
        now(),
    )
    .unwrap();
    let status =
        signing::status(demo.wb.connection(), &file, &std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(status.decision, Some(decision));
    assert!(!status.complete);
    assert_eq!(status.next.len(), 1);
    assert_eq!(status.next[0].role, SignatureRole::Certification);
    let manager = status.next[0].member.clone();

    // The chair cannot sign before the certification.
    let chair = signing::member(demo.wb.connection(), "M-CARLA").unwrap();
    let identity = signing::demo_identity(&demo.keys(), &chair, DEMO_PASSPHRASE).unwrap();
    let early =
        signing::sign_file(&mut demo.wb, &stamp(), &file, "M-CARLA", &identity, now()).unwrap_err();
    let report = early.to_report();
    assert_eq!(report.code, "reports.not-next");
    assert_eq!(report.field.as_deref(), Some("member"));
    assert!(report.accepted.unwrap().contains(&manager));

    let certified = sign_next(&mut demo, &file);
    assert_eq!(certified.role, SignatureRole::Certification);
    assert!(certified.chain_head.is_some());
    assert_eq!(certified.status.next.len(), 1);
    assert_eq!(certified.status.next[0].member, "M-CARLA");
    assert_eq!(certified.status.next[0].role, SignatureRole::Approval);
    // C-4: the decision is now immutable.
    assert!(ratebook_store::committee::is_signed(demo.wb.connection(), decision).unwrap());

    let approved = sign_next(&mut demo, &file);
    assert_eq!(approved.role, SignatureRole::Approval);
    assert_eq!(approved.field, "m-carla");
    assert!(approved.status.complete);
    assert!(approved.status.next.is_empty());
    let done =
        signing::sign_file(&mut demo.wb, &stamp(), &file, "M-CARLA", &identity, now()).unwrap_err();
    assert!(matches!(done, SigningError::Complete { .. }), "{done}");

    let v = signing::verify_file(&file, &demo_ca(&demo)).unwrap();
    assert!(v.ok && v.trusted, "{v:?}");
    assert_eq!(v.signatures.len(), 2);
    let (cert, appr) = (&v.signatures[0], &v.signatures[1]);
    assert_eq!(cert.role, SignatureRole::Certification);
    assert_eq!(cert.certification_level, Some(2));
    assert!(cert.intact && cert.modifications_allowed && !cert.covers_document);
    assert_eq!(appr.role, SignatureRole::Approval);
    assert!(appr.intact && appr.covers_document);
    assert_eq!(appr.signer.as_deref(), Some(chair.name.as_str()));
    assert!(appr.signed_at.as_deref().is_some_and(|t| t.ends_with('Z')));
    assert!(matches!(&appr.trust, Trust::Trusted { anchor } if anchor.contains("Demo CA")));
    // No anchor: integrity is still checked, trust is not.
    let unanchored = signing::verify_file(&file, &[]).unwrap();
    assert!(unanchored.ok && !unanchored.trusted);
    assert_eq!(unanchored.signatures[0].trust, Trust::NotChecked);
    // Another demo CA of the same name: intact, but not trusted, and the reason is coded.
    let other = tempfile::tempdir().unwrap();
    ratebook_report::keys::write_demo_ca(other.path(), "pass").unwrap();
    let wrong = signing::anchors(&other.path().join(ratebook_report::keys::CA_CERT_FILE)).unwrap();
    let v = signing::verify_file(&file, &wrong).unwrap();
    assert!(v.ok && !v.trusted, "{v:?}");
    for s in &v.signatures {
        let Trust::Untrusted { anchor, reason } = &s.trust else {
            panic!("{:?} is trusted by another CA", s.field);
        };
        assert_eq!(anchor, ratebook_report::keys::DEMO_CA_NAME);
        assert_eq!(reason.code, FindingCode::DoesNotChain, "{reason:?}");
        assert_eq!(Some(&reason.args["certificate"]), s.signer.as_ref());
        assert_eq!(reason.args["anchor"], ratebook_report::keys::DEMO_CA_NAME);
        assert!(s.findings.is_empty(), "{:?}", s.findings);
    }
}

#[test]
fn r4_a_wrong_passphrase_is_refused_by_field_and_changes_nothing() {
    let mut demo = demo_with_session();
    let decision = first_reportable(&demo);
    let file = demo.path("report.pdf");
    signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision },
        Lang::Es,
        &issuer(),
        &file,
        now(),
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    let manager = ratebook_store::committee_records::general_manager(demo.wb.connection())
        .unwrap()
        .unwrap();
    // First use makes the demo CA and the member's key (with the demo passphrase) ...
    let wrong = signing::demo_identity(&demo.keys(), &manager, "not the passphrase").unwrap_err();
    let report = wrong.to_report();
    assert_eq!(report.code, "reports.passphrase");
    assert_eq!(report.field.as_deref(), Some("passphrase"));
    assert!(!report.message.contains("not the passphrase"));
    let empty = signing::demo_identity(&demo.keys(), &manager, "").unwrap_err();
    assert_eq!(empty.to_report().code, "reports.passphrase-empty");
    // ... labelled as fictional, with the member's key encrypted at rest.
    let readme = std::fs::read_to_string(demo.keys().join("README-DEMO-KEYS.txt")).unwrap();
    assert!(readme.contains("FICTIONAL"));
    let p12 = std::fs::read(demo.keys().join("m-carla.p12"));
    assert!(
        p12.is_err(),
        "keys are made for the member who signs, not in advance"
    );
    assert!(ratebook_report::keys::load_pkcs12(
        &std::fs::read(demo.keys().join(format!(
            "{}.p12",
            ratebook_workbench::report::field_name(&manager)
        )))
        .unwrap(),
        "",
        "x"
    )
    .is_err());
    // Nothing was signed or recorded.
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(!ratebook_store::committee::is_signed(demo.wb.connection(), decision).unwrap());
    // The right passphrase then signs.
    let identity = signing::demo_identity(&demo.keys(), &manager, DEMO_PASSPHRASE).unwrap();
    signing::sign_file(
        &mut demo.wb,
        &stamp(),
        &file,
        &manager.code,
        &identity,
        now(),
    )
    .unwrap();
}

#[test]
fn r4_demo_certificates_are_only_for_fictional_members() {
    let dir = tempfile::tempdir().unwrap();
    let real = Member {
        code: "M-REAL".into(),
        name: "A Real Person".into(),
        title: "Gerente General".into(),
        role: Role::GeneralManager,
        certificate_sha256: None,
        fictional: false,
    };
    let refused = signing::demo_identity(dir.path(), &real, DEMO_PASSPHRASE).unwrap_err();
    assert_eq!(refused.to_report().code, "reports.not-fictional");
    assert!(!dir.path().join("ca").exists());
}

#[test]
fn r5_the_acta_is_certified_by_the_secretary_and_approved_by_every_voting_member() {
    let mut demo = demo_with_session();
    let file = demo.path("acta.pdf");
    let g = signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Acta {
            session: "177/2026".into(),
        },
        Lang::Es,
        &issuer(),
        &file,
        now(),
    )
    .unwrap();
    assert_eq!(g.fields.len(), 3, "{:?}", g.fields);
    let first = sign_next(&mut demo, &file);
    assert_eq!(first.status.session.as_deref(), Some("177/2026"));
    let mut last = first;
    for _ in 0..3 {
        assert!(!last.status.complete);
        last = sign_next(&mut demo, &file);
    }
    assert!(last.status.complete);
    let v = signing::verify_file(&file, &demo_ca(&demo)).unwrap();
    assert!(v.ok && v.trusted, "{v:?}");
    assert_eq!(v.signatures.len(), 4);
}

#[test]
fn r3_a_changed_byte_is_reported_and_a_file_not_filed_here_cannot_be_certified() {
    let mut demo = demo_with_session();
    let decision = first_reportable(&demo);
    let file = demo.path("report.pdf");
    signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision },
        Lang::Es,
        &issuer(),
        &file,
        now(),
    )
    .unwrap();
    // A copy with one more byte is not the filed document.
    let copy = demo.path("copy.pdf");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend_from_slice(b"\n");
    std::fs::write(&copy, &bytes).unwrap();
    let manager = ratebook_store::committee_records::general_manager(demo.wb.connection())
        .unwrap()
        .unwrap();
    let identity = signing::demo_identity(&demo.keys(), &manager, DEMO_PASSPHRASE).unwrap();
    let refused = signing::sign_file(
        &mut demo.wb,
        &stamp(),
        &copy,
        &manager.code,
        &identity,
        now(),
    )
    .unwrap_err();
    assert_eq!(refused.to_report().code, "reports.not-filed");

    sign_next(&mut demo, &file);
    let mut signed = std::fs::read(&file).unwrap();
    let at = signed.len() / 3;
    signed[at] ^= 0x01;
    let tampered = demo.path("tampered.pdf");
    std::fs::write(&tampered, &signed).unwrap();
    let v = signing::verify_file(&tampered, &demo_ca(&demo));
    match v {
        Ok(v) => {
            assert!(!v.ok && v.signatures.iter().any(|s| !s.intact), "{v:?}");
            // Every signature that is not intact says why, with a code.
            assert!(
                v.signatures
                    .iter()
                    .all(|s| s.intact || !s.findings.is_empty()),
                "{v:?}"
            );
        }
        // A flip in the structure can make the file unreadable: also a refusal.
        Err(e) => assert_eq!(e.to_report().code, "reports.not-pdf"),
    }
    let garbage = demo.path("garbage.pdf");
    std::fs::write(&garbage, b"not a pdf").unwrap();
    assert_eq!(
        signing::verify_file(&garbage, &[])
            .unwrap_err()
            .to_report()
            .code,
        "reports.not-pdf"
    );
}

#[test]
fn r3_r4_a_member_signs_with_their_own_p12_file_and_a_bad_file_is_named() {
    let mut demo = demo_with_session();
    let decision = first_reportable(&demo);
    let file = demo.path("report.pdf");
    signing::generate(
        &mut demo.wb,
        &stamp(),
        &DocumentRequest::Report { decision },
        Lang::Es,
        &issuer(),
        &file,
        now(),
    )
    .unwrap();
    let manager = ratebook_store::committee_records::general_manager(demo.wb.connection())
        .unwrap()
        .unwrap();
    // A .p12 of the manager's own (here issued by a CA made for the test).
    let ca = demo.path("own-ca");
    ratebook_report::keys::write_demo_ca(&ca, "ca-pass").unwrap();
    let issued = ratebook_report::keys::issue_member(
        &ca,
        "ca-pass",
        &manager.name,
        &manager.title,
        "own-pass",
    )
    .unwrap();
    let p12 = demo.path("manager.p12");
    std::fs::write(&p12, &issued.pkcs12).unwrap();
    let keys = demo.keys();
    let source = signing::KeySource::P12 {
        path: p12.display().to_string(),
    };
    let wrong = signing::sign_as(
        &mut demo.wb,
        &stamp(),
        &file,
        &manager.code,
        &source,
        "own-pas",
        &keys,
        now(),
    )
    .unwrap_err();
    assert_eq!(wrong.to_report().field.as_deref(), Some("passphrase"));
    let not_p12 = demo.path("not.p12");
    std::fs::write(&not_p12, b"not a key file").unwrap();
    let bad = signing::sign_as(
        &mut demo.wb,
        &stamp(),
        &file,
        &manager.code,
        &signing::KeySource::P12 {
            path: not_p12.display().to_string(),
        },
        "own-pass",
        &keys,
        now(),
    )
    .unwrap_err()
    .to_report();
    assert_eq!(
        (bad.code.as_str(), bad.field.as_deref()),
        ("reports.p12", Some("p12"))
    );
    let absent = demo.path("absent.p12").display().to_string();
    let missing = signing::sign_as(
        &mut demo.wb,
        &stamp(),
        &file,
        &manager.code,
        &signing::KeySource::P12 { path: absent },
        "own-pass",
        &keys,
        now(),
    )
    .unwrap_err();
    assert_eq!(missing.to_report().code, "file.read");
    let signed = signing::sign_as(
        &mut demo.wb,
        &stamp(),
        &file,
        &manager.code,
        &source,
        "own-pass",
        &keys,
        now(),
    )
    .unwrap();
    assert_eq!(signed.signer, manager.name);
    // No demo key was made for a .p12 signer, and the demo CA does not vouch for this one.
    assert!(!demo.keys().exists());
    let v = signing::verify_file(&file, &signing::anchors(&ca.join("ca.pem")).unwrap()).unwrap();
    assert!(v.ok && v.trusted);
}
