//! Reports in the window: the documents a workbook can produce, generating
//! one to a chosen file, who signs it next, signing it with a PKCS#12 identity or a demo
//! member's, and verifying any PDF with a per-signature verdict and trust in a chosen anchor.
//!
//! The order of signatures is the CLI's (`ratebook demo`): the certifier first (the general
//! manager for a committee report, the secretary for an acta) with DocMDP P=2 and one
//! pre-created empty field per later signer, then each later signer fills their own field.
//! The workbook records the certification (C-4: the decision is immutable from then on).
//!
//! Architecture invariant: signing only appends to the file (`ratebook_report::signature`),
//! and a signed file replaces the old one only after the workbook has recorded the
//! certification, so a refused step leaves both the file and the workbook as they were.

use crate::report::{self, acta_signers, field_name, report_signers, Issuer};
use crate::WorkbenchError;
use ratebook_report::finding::{FindingCode, SignatureFinding};
use ratebook_report::keys::{self, KeyError, SigningIdentity};
use ratebook_report::layout::Lang;
use ratebook_report::signature::{self, FieldState, Role, SignError, SignRequest};
use ratebook_report::trust;
use ratebook_report::verify::{self, VerifyError};
use ratebook_store::committee::{self, Member};
use ratebook_store::committee_records;
use ratebook_store::error_report::ErrorReport;
use ratebook_store::report_files::{self, FiledDocument};
use ratebook_store::{Stamp, Workbook};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use x509_cert::Certificate;

/// The passphrase protecting the demo CA and the demo members' keys. A demo secret, shown
/// in the window next to the demo members: it protects fictional keys only.
pub const DEMO_PASSPHRASE: &str = "demo-only-passphrase-not-a-secret";

/// The field a certification signature takes.
pub const CERTIFICATION_FIELD: &str = signature::DEFAULT_CERTIFICATION_FIELD;

/// Why a document could not be listed, generated, signed or verified. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error(transparent)]
    Workbench(#[from] WorkbenchError),
    #[error(transparent)]
    Store(#[from] ratebook_store::StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error(transparent)]
    Verify(#[from] VerifyError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} already exists; a generated document never replaces a file (choose another name)"
    )]
    Exists { path: PathBuf },
    #[error("{path} is not a report or acta filed in this workbook (unsigned), so it cannot be certified; generate it here first")]
    NotFiled { path: PathBuf },
    #[error("member {member} is not who signs {path} next; expected: {expected}")]
    NotNextSigner {
        member: String,
        path: PathBuf,
        expected: String,
    },
    #[error("{path} carries every signature it was prepared for; nothing is left to sign")]
    Complete { path: PathBuf },
    #[error("member {member} is not fictional: demo certificates are only for the demo's fictional members (use their .p12 file)")]
    NotFictional { member: String },
    #[error("the CA certificate {path} cannot be read: {detail}")]
    Anchor { path: PathBuf, detail: String },
}

impl SigningError {
    /// The error as the window shows it: a stable code, the field it belongs next to and
    /// the value concerned (the passphrase itself is never echoed).
    pub fn to_report(&self) -> ErrorReport {
        let message = self.to_string();
        let path = |p: &Path| Some(p.display().to_string());
        let with = |code: &str, field: &str, value: String| {
            ErrorReport::new(code, message.clone()).with_field(field, value)
        };
        match self {
            SigningError::Store(e) | SigningError::Workbench(WorkbenchError::Store(e)) => e.into(),
            SigningError::Workbench(WorkbenchError::ReportData { decision, .. }) => {
                with("reports.data", "decision", decision.to_string())
            }
            SigningError::Workbench(_) => ErrorReport::new("reports.workbench", message),
            SigningError::Key(KeyError::WrongPassphrase { what }) => ErrorReport {
                path: Some(what.clone()),
                ..with("reports.passphrase", "passphrase", String::new())
            },
            SigningError::Key(KeyError::EmptyPassphrase) => {
                with("reports.passphrase-empty", "passphrase", String::new())
            }
            SigningError::Key(KeyError::UnsupportedKey { algorithm }) => ErrorReport {
                accepted: Some("RSA ≥ 2048, ECDSA P-256".into()),
                ..with("reports.key-algorithm", "p12", algorithm.clone())
            },
            SigningError::Key(KeyError::RsaTooShort { bits }) => ErrorReport {
                accepted: Some("RSA ≥ 2048, ECDSA P-256".into()),
                ..with("reports.key-algorithm", "p12", format!("RSA {bits}"))
            },
            SigningError::Key(KeyError::NotPkcs12 { what, .. })
            | SigningError::Key(KeyError::NoPrivateKey { what })
            | SigningError::Key(KeyError::NoMatchingCertificate { what }) => {
                with("reports.p12", "p12", what.clone())
            }
            SigningError::Key(_) => ErrorReport::new("reports.key", message),
            SigningError::Sign(_) => ErrorReport::new("reports.sign", message),
            SigningError::Verify(_) => ErrorReport::new("reports.not-pdf", message),
            SigningError::Read { path: p, .. } => ErrorReport {
                path: path(p),
                ..ErrorReport::new("file.read", message)
            },
            SigningError::Write { path: p, .. } => ErrorReport {
                path: path(p),
                ..ErrorReport::new("file.write", message)
            },
            SigningError::Exists { path: p } => ErrorReport {
                path: path(p),
                ..ErrorReport::new("file.exists", message)
            },
            SigningError::NotFiled { path: p } => ErrorReport {
                path: path(p),
                ..ErrorReport::new("reports.not-filed", message)
            },
            SigningError::NotNextSigner {
                member, expected, ..
            } => ErrorReport {
                accepted: Some(expected.clone()),
                ..with("reports.not-next", "member", member.clone())
            },
            SigningError::Complete { path: p } => ErrorReport {
                path: path(p),
                ..ErrorReport::new("reports.complete", message)
            },
            SigningError::NotFictional { member } => {
                with("reports.not-fictional", "member", member.clone())
            }
            SigningError::Anchor { path: p, .. } => ErrorReport {
                path: path(p),
                ..ErrorReport::new("reports.anchor", message)
            },
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, SigningError> {
    std::fs::read(path).map_err(|source| SigningError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// A recorded decision as the Reports screen offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionChoice {
    pub id: i64,
    /// The session (`number/year`) that decided it.
    pub session: String,
    /// The rated entity, issue or class, by name.
    pub subject: String,
    pub rating: String,
    /// YYYY-MM-DD.
    pub decided_on: String,
    /// Its agenda item stored the engine's indicative result, which a report prints;
    /// a decision without one cannot have a committee report.
    pub reportable: bool,
}

/// What the open workbook can produce: a committee report per decision, an acta per session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentChoices {
    /// Most recent first.
    pub decisions: Vec<DecisionChoice>,
    /// Session labels, most recent first.
    pub sessions: Vec<String>,
}

/// Every decision and session of the workbook, for the document picker.
pub fn choices(conn: &Connection) -> Result<DocumentChoices, SigningError> {
    let mut decisions = Vec::new();
    for id in committee::decision_ids(conn)? {
        let d = committee_records::decision_record(conn, id)?;
        decisions.push(DecisionChoice {
            id,
            session: d.session.label.clone(),
            subject: d.subject.name.clone(),
            rating: d.rating.clone(),
            decided_on: d.decided_on.to_string(),
            reportable: d.indicative_result.is_some(),
        });
    }
    decisions.sort_by(|a, b| b.decided_on.cmp(&a.decided_on).then(b.id.cmp(&a.id)));
    Ok(DocumentChoices {
        decisions,
        sessions: report_files::session_labels(conn)?,
    })
}

/// Which document to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocumentRequest {
    /// The committee report of one decision.
    Report { decision: i64 },
    /// The acta of one session, by label `number/year`.
    Acta { session: String },
}

/// A generated, filed, still unsigned document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Generated {
    pub file: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub report_file_id: i64,
    /// The audit chain's head printed in the document (C-5).
    pub chain_head: String,
    /// The empty signature fields the certification will pre-create.
    pub fields: Vec<String>,
}

/// Renders the document from stored data only, writes it to `out` (never over an existing
/// file) and files its SHA-256 in the workbook. `created` is the document's creation time.
pub fn generate(
    wb: &mut Workbook,
    stamp: &Stamp,
    request: &DocumentRequest,
    lang: Lang,
    issuer: &Issuer,
    out: &Path,
    created: time::OffsetDateTime,
) -> Result<Generated, SigningError> {
    if out.exists() {
        return Err(SigningError::Exists {
            path: out.to_path_buf(),
        });
    }
    let (pdf, chain_head, fields) = match request {
        DocumentRequest::Report { decision } => {
            let values = report::committee_report(wb.connection(), *decision, lang, issuer)?;
            let pdf = ratebook_report::committee_report::render_report(&values, lang, created)
                .map_err(WorkbenchError::from)?;
            (pdf, values.chain_head.clone(), values.approver_fields())
        }
        DocumentRequest::Acta { session } => {
            let values = report::acta(wb.connection(), session, lang, issuer)?;
            let pdf = ratebook_report::acta::render_acta(&values, lang, created)
                .map_err(WorkbenchError::from)?;
            (pdf, values.chain_head.clone(), values.fields())
        }
    };
    write_new(out, &pdf)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let filed = match request {
        DocumentRequest::Report { decision } => {
            report::file_report(wb, stamp, *decision, lang, &name, &pdf)
        }
        DocumentRequest::Acta { session } => {
            report::file_acta(wb, stamp, session, lang, &name, &pdf)
        }
    };
    let report_file_id = match filed {
        Ok(id) => id,
        Err(e) => {
            // Not filed: the file must not stay behind as if it were.
            let _ = std::fs::remove_file(out);
            return Err(e.into());
        }
    };
    Ok(Generated {
        file: out.display().to_string(),
        sha256: report::sha256_hex(&pdf),
        size_bytes: pdf.len() as u64,
        report_file_id,
        chain_head,
        fields,
    })
}

/// Writes `bytes` to a new file `path` (refused if it exists).
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), SigningError> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => SigningError::Exists {
                path: path.to_path_buf(),
            },
            _ => SigningError::Write {
                path: path.to_path_buf(),
                source,
            },
        })?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|source| SigningError::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// What a signature does in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SignatureRole {
    /// The first signature: DocMDP P=2, pre-creating the later signers' fields.
    Certification,
    /// Fills a pre-created field.
    Approval,
}

/// A member who may sign the document next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NextSigner {
    /// The member's code in the workbook.
    pub member: String,
    pub name: String,
    pub title: String,
    pub role: SignatureRole,
    /// The field the signature goes into.
    pub field: String,
    /// A fictional member: a demo certificate can be made for them.
    pub fictional: bool,
}

/// Where a document stands: its signature fields and who signs next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentStatus {
    pub file: String,
    /// Every signature field, signed or empty, in the document's order.
    pub fields: Vec<SignatureField>,
    /// The decision of a filed committee report (found by the file's hash).
    pub decision: Option<i64>,
    /// The session of a filed report or acta.
    pub session: Option<String>,
    /// Who may sign next (empty when complete or when the file is not filed here).
    pub next: Vec<NextSigner>,
    /// Every prepared field is signed.
    pub complete: bool,
}

/// A signature field and whether it is signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatureField {
    pub name: String,
    pub signed: bool,
}

impl From<FieldState> for SignatureField {
    fn from(f: FieldState) -> Self {
        SignatureField {
            name: f.name,
            signed: f.signed,
        }
    }
}

/// The certifier and later signers of a filed document.
fn prepared_signers(
    conn: &Connection,
    filed: &FiledDocument,
) -> Result<(Member, Vec<Member>), SigningError> {
    Ok(match filed.decision {
        Some(d) => report_signers(conn, &committee_records::decision_record(conn, d)?)?,
        None => acta_signers(&committee_records::session_record(conn, &filed.session)?),
    })
}

fn next_signer(m: &Member, role: SignatureRole, field: String) -> NextSigner {
    NextSigner {
        member: m.code.clone(),
        name: m.name.clone(),
        title: m.title.clone(),
        role,
        field,
        fictional: m.fictional,
    }
}

/// Where the document `pdf` (read from `file`) stands in the workbook's signing order.
pub fn status(conn: &Connection, file: &Path, pdf: &[u8]) -> Result<DocumentStatus, SigningError> {
    let fields = signature::field_states(pdf)?;
    let filed = report_files::filed_by_sha256(conn, &report::sha256_hex(pdf))?;
    let any_signed = fields.iter().any(|f| f.signed);
    let mut next = Vec::new();
    if !any_signed {
        // Unsigned: the certifier of the filed document signs first.
        if let Some(filed) = filed.as_ref().filter(|f| !f.signed) {
            let (certifier, _) = prepared_signers(conn, filed)?;
            next.push(next_signer(
                &certifier,
                SignatureRole::Certification,
                CERTIFICATION_FIELD.into(),
            ));
        }
    } else {
        // Certified: each empty pre-created field belongs to the member it is named after.
        let members = report_files::members(conn)?;
        for f in fields.iter().filter(|f| !f.signed) {
            if let Some(m) = members.iter().find(|m| field_name(m) == f.name) {
                next.push(next_signer(m, SignatureRole::Approval, f.name.clone()));
            }
        }
    }
    let complete = any_signed && fields.iter().all(|f| f.signed);
    Ok(DocumentStatus {
        file: file.display().to_string(),
        decision: filed.as_ref().and_then(|f| f.decision),
        session: filed.map(|f| f.session),
        fields: fields.into_iter().map(SignatureField::from).collect(),
        next,
        complete,
    })
}

/// A signature just added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signed {
    pub file: String,
    pub field: String,
    pub role: SignatureRole,
    /// The signer as the certificate names them.
    pub signer: String,
    /// The audit chain's head recorded with a certification (C-5).
    pub chain_head: Option<String>,
    /// The document after this signature.
    pub status: DocumentStatus,
}

/// Adds the next signature to `file` in place, as `member` with `identity`: the
/// certification when the document is unsigned (recorded in the workbook, C-4), else the
/// approval into the member's pre-created field. The file is replaced only once the new
/// bytes are written beside it and the workbook has recorded what it must.
pub fn sign_file(
    wb: &mut Workbook,
    stamp: &Stamp,
    file: &Path,
    member: &str,
    identity: &SigningIdentity,
    now: time::OffsetDateTime,
) -> Result<Signed, SigningError> {
    let pdf = read(file)?;
    let before = status(wb.connection(), file, &pdf)?;
    if before.complete {
        return Err(SigningError::Complete {
            path: file.to_path_buf(),
        });
    }
    if before.next.is_empty() {
        return Err(SigningError::NotFiled {
            path: file.to_path_buf(),
        });
    }
    let Some(signer) = before.next.iter().find(|s| s.member == member) else {
        return Err(SigningError::NotNextSigner {
            member: member.to_string(),
            path: file.to_path_buf(),
            expected: before
                .next
                .iter()
                .map(|s| format!("{} ({})", s.member, s.name))
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let (role, reason) = match signer.role {
        SignatureRole::Certification => {
            let filed = report_files::filed_by_sha256(wb.connection(), &report::sha256_hex(&pdf))?
                .ok_or_else(|| SigningError::NotFiled {
                    path: file.to_path_buf(),
                })?;
            let (_, later) = prepared_signers(wb.connection(), &filed)?;
            (
                Role::Certify {
                    field: CERTIFICATION_FIELD.into(),
                    later_fields: later.iter().map(field_name).collect(),
                },
                if filed.decision.is_some() {
                    "Certificación del informe de calificación"
                } else {
                    "Certificación del acta de la sesión"
                },
            )
        }
        SignatureRole::Approval => (
            Role::Approve {
                field: Some(signer.field.clone()),
            },
            "Aprobación del comité de calificación",
        ),
    };
    let signed = signature::sign(
        &pdf,
        identity,
        &SignRequest {
            role,
            reason: Some(reason.into()),
            location: None,
            time: now,
        },
    )?;
    // Beside the file, so the final rename stays on one file system.
    let staged = staged_path(file);
    write_new(&staged, &signed)?;
    let chain_head = if signer.role == SignatureRole::Certification {
        let filed = report_files::filed_by_sha256(wb.connection(), &report::sha256_hex(&pdf))?
            .ok_or_else(|| SigningError::NotFiled {
                path: file.to_path_buf(),
            });
        let recorded = filed.and_then(|filed| {
            report::record_signature(wb, stamp, filed.id, member, &signed).map_err(Into::into)
        });
        match recorded {
            Ok(head) => Some(head),
            Err(e) => {
                let _ = std::fs::remove_file(&staged);
                return Err(e);
            }
        }
    } else {
        None
    };
    std::fs::rename(&staged, file).map_err(|source| SigningError::Write {
        path: file.to_path_buf(),
        source,
    })?;
    Ok(Signed {
        file: file.display().to_string(),
        field: signer.field.clone(),
        role: signer.role,
        signer: identity.signer_name(),
        chain_head,
        status: status(wb.connection(), file, &signed)?,
    })
}

fn staged_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!(".{name}.signing-{}", std::process::id()))
}

/// Opens a PKCS#12 file with its passphrase (the real path: an accredited issuer's .p12).
pub fn p12_identity(path: &Path, passphrase: &str) -> Result<SigningIdentity, SigningError> {
    if passphrase.is_empty() {
        return Err(KeyError::EmptyPassphrase.into());
    }
    let data = read(path)?;
    Ok(keys::load_pkcs12(
        &data,
        passphrase,
        &path.display().to_string(),
    )?)
}

/// The demo CA's directory inside the demo keys directory.
pub fn demo_ca_dir(dir: &Path) -> PathBuf {
    dir.join("ca")
}

const DEMO_README: &str = "Ratebook demo keys (FICTIONAL)\n\
\n\
This directory holds a demo certificate authority and one certificate per fictional demo\n\
committee member, made by Ratebook on first use. They exist to show how reports are signed\n\
and verified. They are not real certificates: never use them for a real signature.\n\
Every private key here is encrypted with the demo passphrase shown in the window.\n";

/// The identity of a fictional demo member, opened with `passphrase`: the demo CA and the
/// member's .p12 are made in `dir` on first use (encrypted with [`DEMO_PASSPHRASE`]).
/// A wrong passphrase is refused (`KeyError::WrongPassphrase`); real members are refused.
pub fn demo_identity(
    dir: &Path,
    member: &Member,
    passphrase: &str,
) -> Result<SigningIdentity, SigningError> {
    if !member.fictional {
        return Err(SigningError::NotFictional {
            member: member.code.clone(),
        });
    }
    if passphrase.is_empty() {
        return Err(KeyError::EmptyPassphrase.into());
    }
    let ca = demo_ca_dir(dir);
    if !ca.join(keys::CA_CERT_FILE).exists() {
        std::fs::create_dir_all(dir).map_err(|source| SigningError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let readme = dir.join("README-DEMO-KEYS.txt");
        std::fs::write(&readme, DEMO_README).map_err(|source| SigningError::Write {
            path: readme,
            source,
        })?;
        keys::write_demo_ca(&ca, DEMO_PASSPHRASE)?;
    }
    let p12 = dir.join(format!("{}.p12", field_name(member)));
    if p12.exists() {
        let identity = p12_identity(&p12, passphrase)?;
        if identity.signer_name() == member.name.trim() {
            return Ok(identity);
        }
        // Same code, another person (another workbook): issue theirs below.
    }
    let issued = keys::issue_member(
        &ca,
        DEMO_PASSPHRASE,
        &member.name,
        &member.title,
        DEMO_PASSPHRASE,
    )?;
    keys::write_private(&p12, &issued.pkcs12).map_err(|source| SigningError::Write {
        path: p12.clone(),
        source,
    })?;
    p12_identity(&p12, passphrase)
}

/// Where the signer's key comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeySource {
    /// The signer's own PKCS#12 file (the real path).
    P12 { path: String },
    /// A demo certificate for a fictional member, made in the demo keys directory.
    Demo,
}

/// Signs `file` as `member` with the key from `source` opened with `passphrase` (see
/// [`sign_file`]); `demo_dir` is where demo keys live.
#[allow(clippy::too_many_arguments)]
pub fn sign_as(
    wb: &mut Workbook,
    stamp: &Stamp,
    file: &Path,
    member_code: &str,
    source: &KeySource,
    passphrase: &str,
    demo_dir: &Path,
    now: time::OffsetDateTime,
) -> Result<Signed, SigningError> {
    let m = member(wb.connection(), member_code)?;
    let identity = match source {
        KeySource::Demo => demo_identity(demo_dir, &m, passphrase)?,
        KeySource::P12 { path } => p12_identity(Path::new(path.trim()), passphrase)?,
    };
    sign_file(wb, stamp, file, member_code, &identity, now)
}

/// What the window says about demo keys: the demo passphrase (a demo secret protecting
/// fictional keys only) and where the keys are made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoKeys {
    pub passphrase: String,
    pub dir: String,
}

/// The demo keys' description for `demo_dir`.
pub fn demo_keys(demo_dir: &Path) -> DemoKeys {
    DemoKeys {
        passphrase: DEMO_PASSPHRASE.into(),
        dir: demo_dir.display().to_string(),
    }
}

/// The demo CA certificate in `demo_dir` as a trust anchor, when it has been made.
pub fn demo_anchors(demo_dir: &Path) -> Result<Vec<Certificate>, SigningError> {
    let ca = demo_ca_dir(demo_dir).join(keys::CA_CERT_FILE);
    if ca.exists() {
        anchors(&ca)
    } else {
        Ok(Vec::new())
    }
}

/// A member of the open workbook by code.
pub fn member(conn: &Connection, code: &str) -> Result<Member, SigningError> {
    report_files::members(conn)?
        .into_iter()
        .find(|m| m.code == code)
        .ok_or_else(|| {
            ratebook_store::StoreError::NotFound {
                what: "member",
                key: code.to_string(),
            }
            .into()
        })
}

/// Trust in a signer's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Trust {
    /// The certificate chains to the anchor, every signature and validity checked.
    Trusted { anchor: String },
    /// It does not, and why (a coded finding the window words in the reader's language;
    /// its English text is `reason.english()`).
    Untrusted {
        anchor: String,
        reason: SignatureFinding,
    },
    /// No anchor was available to check against.
    NotChecked,
}

/// The verdict on one signature, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatureCheck {
    pub field: String,
    pub signer: Option<String>,
    /// The claimed signing time (`/M`), RFC 3339 in UTC.
    pub signed_at: Option<String>,
    pub role: SignatureRole,
    /// DocMDP P of a certification (2: form filling and signing allowed).
    pub certification_level: Option<u8>,
    /// The signed bytes are unchanged and the signature verifies.
    pub intact: bool,
    /// The signature covers the whole file (the last one should).
    pub covers_document: bool,
    /// Later revisions only did what the certification permits.
    pub modifications_allowed: bool,
    pub trust: Trust,
    /// Why it is not intact or later changes are not permitted, coded (see
    /// `ratebook_report::finding`); empty when all is well.
    pub findings: Vec<SignatureFinding>,
}

/// The verdict on a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    pub file: String,
    /// At least one signature, all intact, later changes permitted (`ratebook verify`).
    pub ok: bool,
    /// Every signer chains to the anchor.
    pub trusted: bool,
    pub signatures: Vec<SignatureCheck>,
}

/// Reads the trust anchor(s) of a PEM file (a CA certificate).
pub fn anchors(path: &Path) -> Result<Vec<Certificate>, SigningError> {
    let pem = read(path)?;
    trust::certificates_from_pem(&String::from_utf8_lossy(&pem)).map_err(|detail| {
        SigningError::Anchor {
            path: path.to_path_buf(),
            detail,
        }
    })
}

/// Verifies every signature of `pdf` (read from `file`), with trust checked against
/// `anchors` (e.g. the demo CA) at each signature's claimed time.
pub fn verify_pdf(
    file: &Path,
    pdf: &[u8],
    anchors: &[Certificate],
) -> Result<Verification, SigningError> {
    let report = verify::verify(pdf)?;
    let evidence = verify::evidence(pdf)?;
    let now = time::OffsetDateTime::now_utc();
    let signatures: Vec<SignatureCheck> = report
        .signatures
        .iter()
        .map(|s| {
            let ev = evidence.iter().find(|e| e.field == s.field);
            let at = ev.and_then(|e| e.signed_at).unwrap_or(now);
            let trust = match (ev.and_then(|e| e.signer.as_ref()), anchors.is_empty()) {
                (_, true) => Trust::NotChecked,
                (None, false) => Trust::Untrusted {
                    anchor: anchor_names(anchors),
                    reason: SignatureFinding::new(FindingCode::NoSigningCertificate),
                },
                (Some(leaf), false) => {
                    let pool = ev.map(|e| e.certificates.as_slice()).unwrap_or_default();
                    // The first anchor the chain reaches, else the last anchor's reason.
                    let mut outcome = Err(SignatureFinding::new(FindingCode::NoSigningCertificate));
                    for a in anchors {
                        outcome = trust::chains_to(leaf, pool, a, at);
                        if outcome.is_ok() {
                            break;
                        }
                    }
                    match outcome {
                        Ok(anchor) => Trust::Trusted { anchor },
                        Err(reason) => Trust::Untrusted {
                            anchor: anchor_names(anchors),
                            reason,
                        },
                    }
                }
            };
            SignatureCheck {
                field: s.field.clone(),
                signer: s.signer.clone(),
                signed_at: ev.and_then(|e| e.signed_at).and_then(|t| {
                    t.to_offset(time::UtcOffset::UTC)
                        .format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }),
                role: if s.certification.is_some() {
                    SignatureRole::Certification
                } else {
                    SignatureRole::Approval
                },
                certification_level: s.certification,
                intact: s.intact,
                covers_document: s.covers_document,
                modifications_allowed: s.modifications_allowed,
                trust,
                findings: s.findings.clone(),
            }
        })
        .collect();
    let trusted = !signatures.is_empty()
        && signatures
            .iter()
            .all(|s| matches!(s.trust, Trust::Trusted { .. }));
    Ok(Verification {
        file: file.display().to_string(),
        ok: report.ok,
        trusted,
        signatures,
    })
}

fn anchor_names(anchors: &[Certificate]) -> String {
    anchors
        .iter()
        .map(|a| keys::common_name(a).unwrap_or_else(|| a.tbs_certificate.subject.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads and verifies the PDF at `file` (see [`verify_pdf`]).
pub fn verify_file(file: &Path, anchors: &[Certificate]) -> Result<Verification, SigningError> {
    let pdf = read(file)?;
    verify_pdf(file, &pdf, anchors)
}
