//! The independent validators the signature tests hold Ratebook to: qpdf, poppler's
//! pdfsig/pdftotext/pdftoppm, NSS certutil and pyHanko. Each is looked up on PATH (pyHanko
//! also in `${RATEBOOK_CACHE:-$HOME/.cache/ratebook}/venv/bin`); a missing one FAILS the
//! test with the command that installs it, never skips.
#![allow(dead_code)] // each test crate uses part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cache_dir() -> PathBuf {
    std::env::var_os("RATEBOOK_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/ratebook")
        })
}

/// Finds a validator or fails with the remedy.
pub fn tool(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.push(cache_dir().join("venv/bin"));
    for d in dirs {
        let candidate = d.join(name);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "validator `{name}` not found on PATH nor in {}: run `make setup` \
         (scripts/setup-system.sh installs qpdf, poppler-utils, libnss3-tools, openssl; \
         scripts/setup-python.sh installs pyHanko)",
        cache_dir().join("venv/bin").display()
    );
}

/// The venv's Python that has pyHanko as a library.
pub fn pyhanko_python() -> PathBuf {
    let pyhanko = tool("pyhanko");
    let python = pyhanko.with_file_name("python");
    assert!(
        python.is_file(),
        "pyHanko found at {} but not its Python: run `make setup`",
        pyhanko.display()
    );
    python
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    out
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Where rendered pages are kept for a person to look at:
/// `$CARGO_TARGET_DIR/report-artifacts/` when set, else the workspace's `target/report-artifacts/`.
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("report-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts directory can be created");
    dir
}

/// `qpdf --check` must say the file is clean.
pub fn assert_qpdf_clean(pdf: &Path) {
    let out = run(Command::new(tool("qpdf")).arg("--check").arg(pdf));
    let t = text(&out);
    assert!(
        out.status.success()
            && t.contains("No syntax or stream encoding errors found")
            && !t.contains("WARNING"),
        "qpdf --check {}:\n{t}",
        pdf.display()
    );
}

/// An NSS database trusting the demo CA, for pdfsig's "Certificate is Trusted".
pub fn nss_db(dir: &Path, ca_pem: &Path) -> PathBuf {
    let db = dir.join("nssdb");
    std::fs::create_dir_all(&db).unwrap();
    let spec = format!("sql:{}", db.display());
    let out = run(Command::new(tool("certutil")).args(["-N", "-d", &spec, "--empty-password"]));
    assert!(out.status.success(), "certutil -N: {}", text(&out));
    let out = run(Command::new(tool("certutil"))
        .args([
            "-A",
            "-d",
            &spec,
            "-n",
            "ratebook-demo-ca",
            "-t",
            "CT,C,C",
            "-i",
        ])
        .arg(ca_pem));
    assert!(out.status.success(), "certutil -A: {}", text(&out));
    db
}

/// pdfsig's report (it exits 0 even when a signature is invalid: read the text).
pub fn pdfsig(pdf: &Path, nss: Option<&Path>) -> String {
    let mut cmd = Command::new(tool("pdfsig"));
    if let Some(db) = nss {
        cmd.arg("-nssdir").arg(format!("sql:{}", db.display()));
    }
    text(&run(cmd.arg(pdf)))
}

/// Every one of `expected` signatures valid and trusted according to pdfsig.
pub fn assert_pdfsig_all_valid(pdf: &Path, nss: &Path, expected: usize) {
    let report = pdfsig(pdf, Some(nss));
    let valid = report
        .matches("Signature Validation: Signature is Valid.")
        .count();
    let trusted = report
        .matches("Certificate Validation: Certificate is Trusted.")
        .count();
    assert_eq!(valid, expected, "pdfsig {}:\n{report}", pdf.display());
    assert_eq!(trusted, expected, "pdfsig {}:\n{report}", pdf.display());
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
}

/// pdfsig does NOT vouch for the file (a tampered file): it does not find the `expected`
/// signatures all valid with the last one covering the whole document. (A flip can break
/// a later revision so that pdfsig no longer sees that signature and reports the earlier
/// one as valid but "Not total document signed".)
pub fn pdfsig_says_invalid(pdf: &Path, expected: usize) -> bool {
    let report = pdfsig(pdf, None);
    let sigs = report.matches("Signature #").count();
    let valid = report
        .matches("Signature Validation: Signature is Valid.")
        .count();
    sigs != expected || valid < sigs || !report.contains("Total document signed")
}

/// `pyhanko sign validate --trust ca.pem` succeeds (exit 0, VALID) for every signature.
pub fn assert_pyhanko_cli_valid(pdf: &Path, ca_pem: &Path) {
    let out = run(Command::new(tool("pyhanko"))
        .args(["sign", "validate", "--trust-replace", "--trust"])
        .arg(ca_pem)
        .arg("--pretty-print")
        .arg(pdf));
    let t = text(&out);
    assert!(
        out.status.success(),
        "pyhanko sign validate {}:\n{t}",
        pdf.display()
    );
    assert!(!t.contains("INVALID"), "pyhanko:\n{t}");
    assert!(t.contains("The signature is judged VALID"), "pyhanko:\n{t}");
}

const PYHANKO_BATCH: &str = r#"
import json, sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

ca = load_cert_from_pemder(sys.argv[1])
results = []
for path in sys.argv[2:]:
    entry = {"file": path, "signatures": []}
    try:
        with open(path, "rb") as f:
            reader = PdfFileReader(f, strict=False)
            for sig in reader.embedded_signatures:
                status = validate_pdf_signature(sig, ValidationContext(trust_roots=[ca]))
                level = sig.docmdp_level
                entry["signatures"].append({
                    "field": sig.field_name,
                    "intact": bool(status.intact),
                    "valid": bool(status.valid),
                    "trusted": bool(status.trusted),
                    "docmdp_level": level.name if level is not None else None,
                    "docmdp_ok": status.docmdp_ok,
                    "modification_level": status.modification_level.name if status.modification_level is not None else None,
                    "bottom_line": bool(status.bottom_line),
                })
    except Exception as e:
        entry["error"] = repr(e)
    results.append(entry)
print(json.dumps(results))
"#;

/// pyHanko's verdict on each file, one Python process for all (startup costs ~1 s).
pub fn pyhanko_batch(ca_pem: &Path, pdfs: &[PathBuf]) -> Vec<serde_json::Value> {
    let out = run(Command::new(pyhanko_python())
        .arg("-c")
        .arg(PYHANKO_BATCH)
        .arg(ca_pem)
        .args(pdfs));
    assert!(out.status.success(), "pyHanko batch: {}", text(&out));
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap_or_else(|e| panic!("pyHanko batch output is not JSON ({e}): {}", text(&out)))
}

/// pyHanko judges the file bad: a parse error, not the `expected` number of signatures,
/// or any signature not OK.
pub fn pyhanko_says_invalid(entry: &serde_json::Value, expected: usize) -> bool {
    if entry.get("error").is_some() {
        return true;
    }
    let sigs = entry["signatures"].as_array().cloned().unwrap_or_default();
    sigs.len() != expected
        || sigs
            .iter()
            .any(|s| s["bottom_line"] != true || s["intact"] != true || s["valid"] != true)
}

/// Renders every page to PNG in the artifacts directory under `stem`.
pub fn render_pages(pdf: &Path, stem: &str) -> Vec<PathBuf> {
    let dir = artifacts_dir();
    for old in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = old.file_name().to_string_lossy().to_string();
        if name.starts_with(&format!("{stem}-")) && name.ends_with(".png") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    let out = run(Command::new(tool("pdftoppm"))
        .args(["-r", "70", "-png"])
        .arg(pdf)
        .arg(dir.join(stem)));
    assert!(out.status.success(), "pdftoppm: {}", text(&out));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with(&format!("{stem}-")) && n.ends_with(".png")
        })
        .collect();
    pages.sort();
    pages
}

/// The text pdftotext extracts, with line breaks turned into spaces.
pub fn pdftotext(pdf: &Path) -> String {
    let out = run(Command::new(tool("pdftotext"))
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-"));
    assert!(out.status.success(), "pdftotext: {}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Positions spread over both signed ranges of the last signature (not the /Contents gap),
/// `count` of them, deterministic.
pub fn flip_positions(pdf: &[u8], count: usize) -> Vec<usize> {
    let report = ratebook_report::verify::verify(pdf).expect("signed sample verifies");
    assert!(report.ok);
    // Every signature's excluded /Contents gap, read from its /ByteRange text.
    let mut gaps = Vec::new();
    let needle = b"/ByteRange";
    let mut from = 0;
    while let Some(i) = pdf[from..].windows(needle.len()).position(|w| w == needle) {
        let at = from + i + needle.len();
        let close = at + pdf[at..].iter().position(|&b| b == b']').unwrap();
        let nums: Vec<usize> = String::from_utf8_lossy(&pdf[at..close])
            .trim_start_matches([' ', '['])
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        gaps.push((nums[1], nums[2]));
        from = close;
    }
    assert!(!gaps.is_empty(), "no /ByteRange found");
    let in_gap = |p: usize| gaps.iter().any(|&(s, e)| p >= s && p < e);
    let mut positions = Vec::new();
    let step = pdf.len() / count.max(1);
    let mut p = step / 2;
    while positions.len() < count && p < pdf.len() {
        let mut q = p;
        while in_gap(q) && q < pdf.len() - 1 {
            q += 1;
        }
        if !in_gap(q) {
            positions.push(q);
        }
        p += step;
    }
    positions
}

/// pyHanko's ETSI EN 319 102-1 basic validation (`pyhanko sign adesverify`): every
/// signature INTACT and TRUSTED, with only acceptable later modifications. Returns the lines.
pub fn assert_pyhanko_adesverify(pdf: &Path, ca_pem: &Path, expected: usize) -> Vec<String> {
    let out = run(Command::new(tool("pyhanko"))
        .args([
            "sign",
            "adesverify",
            "--no-revocation-check",
            "--trust-replace",
            "--trust",
        ])
        .arg(ca_pem)
        .arg(pdf));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "pyhanko sign adesverify {}:\n{}",
        pdf.display(),
        text(&out)
    );
    let lines: Vec<String> = stdout
        .lines()
        .filter(|l| l.contains(':'))
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), expected, "adesverify:\n{stdout}");
    for l in &lines {
        assert!(l.contains(":INTACT:TRUSTED"), "adesverify:\n{stdout}");
        assert!(
            l.contains("UNTOUCHED") || l.contains("ACCEPTABLE_MODIFICATIONS"),
            "adesverify:\n{stdout}"
        );
    }
    lines
}
