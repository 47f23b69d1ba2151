//! The signing commands' contract (SPEC ): `keys demo-ca`, `keys member`, `sign`,
//! `verify --json`; PKCS#12 files made by OpenSSL (default and `-legacy`) sign; a wrong
//! passphrase and an Ed25519 key are refused clearly; and flipping bytes anywhere in the
//! signed ranges is caught by pdfsig, pyHanko and `ratebook verify` every time
//! (`RATEBOOK_FLIPS=1000 cargo test -p ratebook-cli --test signing_cli r3_tampering` for the
//! long run; CI flips 20).

#[path = "../../report/tests/support/mod.rs"]
mod support;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use support::*;

fn ratebook() -> Command {
    Command::cargo_bin("ratebook").expect("binary built")
}

struct Demo {
    dir: tempfile::TempDir,
}

impl Demo {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A demo CA, a passphrase file and an unsigned sample report.
    fn new() -> Demo {
        let demo = Demo {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(demo.path("pass"), "s3cret passphrase\n").unwrap();
        let out = ratebook()
            .args(["keys", "demo-ca", "--json", "--out"])
            .arg(demo.path("ca"))
            .arg("--passphrase-file")
            .arg(demo.path("pass"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["subject"].as_str().unwrap().contains("Demo CA"));
        let key = std::fs::read_to_string(demo.path("ca/ca-key.pem")).unwrap();
        assert!(
            key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "R-4: CA key encrypted at rest"
        );
        let pdf = ratebook_report::sample::render_sample(
            &ratebook_report::sample::SampleReport::demo(12),
            ratebook_report::layout::Lang::Es,
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
        std::fs::write(demo.path("report.pdf"), pdf).unwrap();
        demo
    }

    fn member(&self, name: &str, title: &str, file: &str) -> PathBuf {
        let p12 = self.path(file);
        let out = ratebook()
            .args(["keys", "member", "--json", "--ca"])
            .arg(self.path("ca"))
            .args(["--name", name, "--title", title, "--out"])
            .arg(&p12)
            .arg("--passphrase-file")
            .arg(self.path("pass"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["name"], name);
        assert_eq!(v["title"], title);
        p12
    }

    fn sign(
        &self,
        input: &Path,
        p12: &Path,
        role: &str,
        extra: &[&str],
        out: &Path,
    ) -> std::process::Output {
        ratebook()
            .arg("sign")
            .arg(input)
            .arg("--p12")
            .arg(p12)
            .arg("--passphrase-file")
            .arg(self.path("pass"))
            .args(["--role", role])
            .args(extra)
            .arg("--out")
            .arg(out)
            .arg("--json")
            .output()
            .unwrap()
    }

    /// Certify with the manager's key (pre-creating `chair`) and approve with the chair's.
    fn signed_report(&self) -> PathBuf {
        let manager = self.member(
            "Econ. Andrés Cevallos Ordóñez",
            "Gerente General",
            "manager.p12",
        );
        let chair = self.member(
            "Dra. María José Peñafiel",
            "Presidenta del Comité",
            "chair.p12",
        );
        let certified = self.path("certified.pdf");
        let out = self.sign(
            &self.path("report.pdf"),
            &manager,
            "certify",
            &["--fields", "chair"],
            &certified,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["field"], "certification");
        assert_eq!(v["fields_created"], serde_json::json!(["chair"]));
        let signed = self.path("signed.pdf");
        let out = self.sign(
            &certified,
            &chair,
            "approve",
            &["--field", "chair"],
            &signed,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        signed
    }
}

fn verify_json(pdf: &Path) -> (Option<i32>, serde_json::Value) {
    let out = ratebook()
        .args(["verify", "--json"])
        .arg(pdf)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "verify --json is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code(), v)
}

#[test]
fn r3_verify_json_has_the_contract_shape() {
    let demo = Demo::new();
    let signed = demo.signed_report();
    let (code, v) = verify_json(&signed);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(
        v,
        serde_json::json!({
            "ok": true,
            "signatures": [
                {"field": "certification", "signer": "Econ. Andrés Cevallos Ordóñez", "intact": true,
                 "certification": 2, "covers_document": false, "modifications_allowed": true},
                {"field": "chair", "signer": "Dra. María José Peñafiel", "intact": true,
                 "certification": null, "covers_document": true, "modifications_allowed": true}
            ]
        })
    );
    // Text output for people.
    let out = ratebook().arg("verify").arg(&signed).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("certification P=2") && text.ends_with("OK\n"),
        "{text}"
    );
}

#[test]
fn r3_verify_json_keeps_problems_in_english_and_adds_their_codes() {
    let demo = Demo::new();
    let signed = std::fs::read(demo.signed_report()).unwrap();
    // A byte of the first stream's data: every signature covers it, the file still parses.
    let at = signed.windows(7).position(|w| w == b"stream\n").unwrap() + 7 + 10;
    let mut bad = signed.clone();
    bad[at] ^= 0x01;
    let tampered = demo.path("tampered.pdf");
    std::fs::write(&tampered, &bad).unwrap();
    let (code, v) = verify_json(&tampered);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["ok"], false);
    let sigs = v["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 2, "{v}");
    for s in sigs {
        assert_eq!(s["intact"], false, "{v}");
        // The contract as before: English problems; the coded findings beside them.
        assert_eq!(
            s["problems"],
            serde_json::json!(["digest mismatch: the signed bytes were changed"]),
            "{v}"
        );
        assert_eq!(
            s["findings"],
            serde_json::json!([{"code": "digest_mismatch"}]),
            "{v}"
        );
    }
    let out = ratebook().arg("verify").arg(&tampered).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  problem: digest mismatch: the signed bytes were changed\n")
            && text.ends_with("NOT OK\n"),
        "{text}"
    );
}

#[test]
fn r4_openssl_pkcs12_default_and_legacy_both_sign() {
    let demo = Demo::new();
    let d = demo.dir.path();
    let openssl = tool("openssl");
    let ssl = |args: &[&str]| {
        let out = std::process::Command::new(&openssl)
            .current_dir(d)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // An RSA-2048 signer and an ECDSA P-256 signer, both issued by the demo CA with the key
    // usage signing certificates carry (pyHanko requires non-repudiation by default).
    std::fs::write(
        d.join("ext.cnf"),
        "keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    ssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "rsa.key",
    ]);
    ssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        "ec.key",
    ]);
    for (key, cn) in [("rsa", "Ing. Rosa Sáenz"), ("ec", "Lcdo. Elías Cárdenas")] {
        ssl(&[
            "req",
            "-new",
            "-key",
            &format!("{key}.key"),
            "-subj",
            &format!("/CN={cn}/O=Demo"),
            "-utf8",
            "-out",
            &format!("{key}.csr"),
        ]);
        ssl(&[
            "x509",
            "-req",
            "-in",
            &format!("{key}.csr"),
            "-CA",
            "ca/ca.pem",
            "-CAkey",
            "ca/ca-key.pem",
            "-passin",
            "file:pass",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
            "-set_serial",
            if key == "rsa" { "1001" } else { "1002" },
            "-out",
            &format!("{key}.crt"),
        ]);
    }
    ssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        "rsa.key",
        "-in",
        "rsa.crt",
        "-certfile",
        "ca/ca.pem",
        "-passout",
        "file:pass",
        "-out",
        "rsa-default.p12",
    ]);
    ssl(&[
        "pkcs12",
        "-export",
        "-legacy",
        "-inkey",
        "ec.key",
        "-in",
        "ec.crt",
        "-certfile",
        "ca/ca.pem",
        "-passout",
        "file:pass",
        "-out",
        "ec-legacy.p12",
    ]);

    let certified = demo.path("certified.pdf");
    let out = demo.sign(
        &demo.path("report.pdf"),
        &demo.path("rsa-default.p12"),
        "certify",
        &["--fields", "member-2"],
        &certified,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signed = demo.path("signed.pdf");
    let out = demo.sign(
        &certified,
        &demo.path("ec-legacy.p12"),
        "approve",
        &[],
        &signed,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["field"], "member-2",
        "approve without --field fills the first empty field"
    );

    let (code, v) = verify_json(&signed);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["signatures"][0]["signer"], "Ing. Rosa Sáenz");
    assert_eq!(v["signatures"][1]["signer"], "Lcdo. Elías Cárdenas");
    let nss = nss_db(d, &demo.path("ca/ca.pem"));
    assert_pdfsig_all_valid(&signed, &nss, 2);
    assert_pyhanko_cli_valid(&signed, &demo.path("ca/ca.pem"));
}

#[test]
fn r4_wrong_passphrase_is_a_clear_error() {
    let demo = Demo::new();
    let p12 = demo.member("Ana", "Miembro", "ana.p12");
    std::fs::write(demo.path("wrong"), "not the passphrase").unwrap();
    let out = ratebook()
        .arg("sign")
        .arg(demo.path("report.pdf"))
        .arg("--p12")
        .arg(&p12)
        .arg("--passphrase-file")
        .arg(demo.path("wrong"))
        .args(["--role", "certify", "--out"])
        .arg(demo.path("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrong passphrase for") && err.contains("ana.p12"),
        "{err}"
    );
    assert!(!demo.path("x.pdf").exists(), "nothing written on failure");
    // The demo CA key too.
    let out = ratebook()
        .args(["keys", "member", "--ca"])
        .arg(demo.path("ca"))
        .args(["--name", "B", "--title", "T", "--out"])
        .arg(demo.path("b.p12"))
        .arg("--passphrase-file")
        .arg(demo.path("wrong"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase for"));
}

#[test]
fn r4_ed25519_and_other_unsupported_keys_are_refused_clearly() {
    let demo = Demo::new();
    let d = demo.dir.path();
    let openssl = tool("openssl");
    let cases: [(&str, Vec<&str>, &[&str]); 3] = [
        (
            "ed",
            vec!["-algorithm", "ed25519"],
            &["Ed25519 keys are not accepted", "ECDSA P-256"],
        ),
        (
            "p384",
            vec!["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
            &["ECDSA on secp384r1", "not accepted"],
        ),
        (
            "rsa1024",
            vec!["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
            &["RSA key of 1024 bits is too short"],
        ),
    ];
    for (name, genpkey, expected) in cases {
        let key = format!("{name}.key");
        let crt = format!("{name}.crt");
        let p12 = format!("{name}.p12");
        let mut gen = vec!["genpkey"];
        gen.extend(&genpkey);
        gen.extend(["-out", key.as_str()]);
        for args in [
            gen,
            vec![
                "req",
                "-x509",
                "-new",
                "-key",
                &key,
                "-subj",
                "/CN=Unsupported",
                "-days",
                "1",
                "-out",
                &crt,
            ],
            vec![
                "pkcs12",
                "-export",
                "-inkey",
                &key,
                "-in",
                &crt,
                "-passout",
                "file:pass",
                "-out",
                &p12,
            ],
        ] {
            let out = std::process::Command::new(&openssl)
                .current_dir(d)
                .args(&args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let out = demo.sign(
            &demo.path("report.pdf"),
            &demo.path(&p12),
            "certify",
            &[],
            &demo.path("x.pdf"),
        );
        assert_eq!(out.status.code(), Some(1), "{name}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let msg = v["error"].as_str().unwrap();
        for e in expected {
            assert!(msg.contains(e), "{name}: {msg}");
        }
        assert!(!demo.path("x.pdf").exists());
    }
}

#[test]
fn r3_usage_errors_exit_2() {
    let out = ratebook()
        .args(["sign", "x.pdf", "--role", "sideways"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = ratebook().args(["verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn r3_tampering_anywhere_in_the_signed_ranges_is_caught_by_every_validator() {
    let flips: usize = std::env::var("RATEBOOK_FLIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let demo = Demo::new();
    let signed_path = demo.signed_report();
    let signed = std::fs::read(&signed_path).unwrap();
    let positions = flip_positions(&signed, flips);
    assert_eq!(positions.len(), flips);
    let mut files = Vec::new();
    for (i, &p) in positions.iter().enumerate() {
        let mut bad = signed.clone();
        bad[p] ^= 0x01 << (i % 8);
        let path = demo.path(&format!("flip-{i:04}-at-{p}.pdf"));
        std::fs::write(&path, &bad).unwrap();
        files.push(path);
    }
    for f in &files {
        assert!(
            pdfsig_says_invalid(f, 2),
            "pdfsig accepted {}:\n{}",
            f.display(),
            pdfsig(f, None)
        );
        let out = ratebook()
            .args(["verify", "--json"])
            .arg(f)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "ratebook verify accepted {}",
            f.display()
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            v["ok"] == false || v.get("error").is_some(),
            "{}: {v}",
            f.display()
        );
    }
    // pyHanko in batches (one Python start-up per batch).
    for chunk in files.chunks(100) {
        for verdict in pyhanko_batch(&demo.path("ca/ca.pem"), chunk) {
            assert!(
                pyhanko_says_invalid(&verdict, 2),
                "pyHanko accepted a tampered file: {verdict}"
            );
        }
    }
}
