//! Verification of every signature in a PDF (SPEC ): integrity, signer, whether it
//! covers the whole file, its certification level, and whether the revisions after it only
//! did what a P=2 certification permits (fill pre-created signature fields).
//!
//! This is Ratebook's own check, independent of the file's producer; the tests hold it to
//! the same verdicts as poppler's `pdfsig` and pyHanko. Trust in the signer's certificate
//! (chain to an accredited root, revocation) is the validators' concern, not this module's.
//!
//! What is wrong with a signature is a list of [`SignatureFinding`]s (a code, its arguments
//! and a library's detail), worded from `ui/src/lib/i18n/{es,en}/signatures.json`; the JSON
//! keeps `problems`, their English text, beside them (`ratebook verify --json`).

use crate::finding::{FindingCode as Code, SignatureFinding};
use crate::signature::{deref_dict, signature_fields};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Encode, Reader, SliceReader};
use lopdf::{Object, ObjectId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use x509_cert::Certificate;

/// The verdict on one signature.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(into = "SignatureReportJson")]
pub struct SignatureReport {
    /// Field name (`/T`).
    pub field: String,
    /// The signing certificate's common name (`None` when the CMS cannot be read).
    pub signer: Option<String>,
    /// The signed bytes are unchanged and the CMS signature verifies with the certificate.
    pub intact: bool,
    /// DocMDP permission level P (1 no changes, 2 form filling and signing, 3 also
    /// annotations) for a certification signature; `None` for an approval signature.
    pub certification: Option<u8>,
    /// The signature's byte range ends at the end of the file.
    pub covers_document: bool,
    /// Every later revision only filled pre-created signature fields (and P is not 1).
    pub modifications_allowed: bool,
    /// Why `intact` or `modifications_allowed` is false; empty when all is well.
    pub findings: Vec<SignatureFinding>,
}

impl SignatureReport {
    /// The findings in English, as `ratebook verify` prints them.
    pub fn problems(&self) -> Vec<String> {
        self.findings
            .iter()
            .map(SignatureFinding::english)
            .collect()
    }
}

/// A [`SignatureReport`] as JSON: the fields, then `problems` (the findings in English, the
/// CLI's contract) and `findings` (coded), both left out when all is well.
#[derive(Serialize)]
struct SignatureReportJson {
    field: String,
    signer: Option<String>,
    intact: bool,
    certification: Option<u8>,
    covers_document: bool,
    modifications_allowed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    problems: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<SignatureFinding>,
}

impl From<SignatureReport> for SignatureReportJson {
    fn from(r: SignatureReport) -> Self {
        SignatureReportJson {
            problems: r.problems(),
            field: r.field,
            signer: r.signer,
            intact: r.intact,
            certification: r.certification,
            covers_document: r.covers_document,
            modifications_allowed: r.modifications_allowed,
            findings: r.findings,
        }
    }
}

/// The verdict on a file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VerifyReport {
    /// At least one signature, all intact, all later changes permitted, the last signature
    /// covering the whole file.
    pub ok: bool,
    pub signatures: Vec<SignatureReport>,
}

/// Why a file could not be examined at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("the file is not a readable PDF: {0}")]
    NotPdf(String),
}

/// Verifies every signature of `pdf`.
pub fn verify(pdf: &[u8]) -> Result<VerifyReport, VerifyError> {
    // lopdf parses hostile bytes; a panic there must become an error, not a crash.
    let loaded = std::panic::catch_unwind(|| lopdf::Document::load_mem(pdf))
        .map_err(|_| VerifyError::NotPdf("the PDF parser failed on this file".into()))?
        .map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let doc = loaded;
    let mut checked = Vec::new();
    for field in signature_fields(&doc) {
        let Some(sig_id) = field.value else { continue };
        checked.push(check_one(pdf, &doc, &field.name, sig_id));
    }
    // A certification (DocMDP) must be the document's first signature (ISO 32000-1 §12.8.2.2).
    let first_end = checked.iter().map(|(_, end)| *end).min();
    for (report, end) in &mut checked {
        if report.certification.is_some() && Some(*end) != first_end {
            report
                .findings
                .push(SignatureFinding::new(Code::CertificationNotFirst));
        }
    }
    let reports: Vec<SignatureReport> = checked.into_iter().map(|(r, _)| r).collect();
    let ok = !reports.is_empty()
        && reports
            .iter()
            .all(|r| r.intact && r.modifications_allowed && r.findings.is_empty())
        && reports.iter().any(|r| r.covers_document);
    Ok(VerifyReport {
        ok,
        signatures: reports,
    })
}

/// What a signature carries besides the verdict: the claimed signing time (`/M`) and the
/// certificates in its CMS, for a trust decision against an anchor (`crate::trust`).
#[derive(Debug, Clone)]
pub struct SignatureEvidence {
    /// Field name (`/T`), as in [`SignatureReport::field`].
    pub field: String,
    /// `/M` as RFC 3339 (`2026-11-25T04:10:00+00:00`), when present and well formed.
    pub signed_at: Option<time::OffsetDateTime>,
    /// The signing certificate (the one the CMS's signer identifier names).
    pub signer: Option<Certificate>,
    /// Every certificate the CMS carries (the signer's chain).
    pub certificates: Vec<Certificate>,
}

/// The evidence of every signature of `pdf`, in the order of [`verify`]'s signatures.
/// Nothing here is a verdict: read `verify` for integrity and permitted changes.
pub fn evidence(pdf: &[u8]) -> Result<Vec<SignatureEvidence>, VerifyError> {
    let doc = std::panic::catch_unwind(|| lopdf::Document::load_mem(pdf))
        .map_err(|_| VerifyError::NotPdf("the PDF parser failed on this file".into()))?
        .map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let mut out = Vec::new();
    for field in signature_fields(&doc) {
        let Some(sig_id) = field.value else { continue };
        let sig = doc.get_dictionary(sig_id).ok();
        let signed_at = sig
            .and_then(|d| d.get(b"M").ok())
            .and_then(|m| m.as_str().ok())
            .and_then(|m| pdf_time(&crate::signature::decode_text_string(m)));
        let (signer, certificates) = sig
            .and_then(|d| d.get(b"Contents").ok())
            .and_then(|c| c.as_str().ok())
            .map(cms_certificates)
            .unwrap_or_default();
        out.push(SignatureEvidence {
            field: field.name,
            signed_at,
            signer,
            certificates,
        });
    }
    Ok(out)
}

/// The signer's certificate and all certificates of a CMS SignedData (DER, zero padded).
fn cms_certificates(der_bytes: &[u8]) -> (Option<Certificate>, Vec<Certificate>) {
    let Ok(mut reader) = SliceReader::new(der_bytes) else {
        return (None, Vec::new());
    };
    let Ok(content) = reader.decode::<ContentInfo>() else {
        return (None, Vec::new());
    };
    let Ok(signed) = content.content.decode_as::<SignedData>() else {
        return (None, Vec::new());
    };
    let certs: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let signer = signed.signer_infos.0.iter().next().and_then(|info| {
        certs
            .iter()
            .find(|c| match &info.sid {
                SignerIdentifier::IssuerAndSerialNumber(ias) => {
                    c.tbs_certificate.issuer == ias.issuer
                        && c.tbs_certificate.serial_number == ias.serial_number
                }
                SignerIdentifier::SubjectKeyIdentifier(_) => false,
            })
            .cloned()
    });
    (signer, certs)
}

/// A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`, ISO 32000-1 §7.9.4; later parts optional).
fn pdf_time(s: &str) -> Option<time::OffsetDateTime> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = |from: usize, len: usize, default: u32| -> Option<u32> {
        match s.get(from..from + len) {
            Some(d) if d.bytes().all(|b| b.is_ascii_digit()) => d.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = digits(0, 4, 0)? as i32;
    if s.len() < 4 {
        return None;
    }
    let month = time::Month::try_from(digits(4, 2, 1)? as u8).ok()?;
    let date = time::Date::from_calendar_date(year, month, digits(6, 2, 1)? as u8).ok()?;
    let clock = time::Time::from_hms(
        digits(8, 2, 0)? as u8,
        digits(10, 2, 0)? as u8,
        digits(12, 2, 0)? as u8,
    )
    .ok()?;
    let offset = match s.get(14..15) {
        None | Some("Z") => time::UtcOffset::UTC,
        Some(sign @ ("+" | "-")) => {
            let h = digits(15, 2, 0)? as i8;
            let m = s
                .get(18..20)
                .and_then(|m| m.parse::<i8>().ok())
                .unwrap_or(0);
            let (h, m) = if sign == "-" { (-h, -m) } else { (h, m) };
            time::UtcOffset::from_hms(h, m, 0).ok()?
        }
        Some(_) => return None,
    };
    Some(time::PrimitiveDateTime::new(date, clock).assume_offset(offset))
}

/// Checks one signature; returns its report and where its signed bytes end.
fn check_one(
    pdf: &[u8],
    doc: &lopdf::Document,
    field: &str,
    sig_id: ObjectId,
) -> (SignatureReport, usize) {
    let mut report = SignatureReport {
        field: field.to_string(),
        signer: None,
        intact: false,
        certification: None,
        covers_document: false,
        modifications_allowed: false,
        findings: Vec::new(),
    };
    let Ok(sig) = doc.get_dictionary(sig_id) else {
        report
            .findings
            .push(SignatureFinding::new(Code::NotASignatureDictionary));
        return (report, usize::MAX);
    };
    report.certification = certification_level(doc, sig_id, sig);

    let range: Vec<i64> = sig
        .get(b"ByteRange")
        .ok()
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().filter_map(|v| v.as_i64().ok()).collect())
        .unwrap_or_default();
    let Some((start, end, signed_end)) = check_range(&range, pdf.len()) else {
        report
            .findings
            .push(SignatureFinding::new(Code::InvalidByteRange).arg("range", format!("{range:?}")));
        return (report, usize::MAX);
    };
    report.covers_document = signed_end == pdf.len();
    // The gap must be exactly the hex /Contents string: take the CMS from the gap itself.
    let gap = &pdf[start..end];
    let Some(cms) = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .and_then(decode_hex)
    else {
        report
            .findings
            .push(SignatureFinding::new(Code::GapNotContents));
        return (report, signed_end);
    };
    let mut hasher = Sha256::new();
    hasher.update(&pdf[..start]);
    hasher.update(&pdf[end..signed_end]);
    let digest = hasher.finalize();
    match check_cms(&cms, &digest) {
        Ok(name) => {
            report.signer = Some(name);
            report.intact = true;
        }
        Err((name, problem)) => {
            report.signer = name;
            report.findings.push(problem);
        }
    }

    if report.certification == Some(1) && !report.covers_document {
        report
            .findings
            .push(SignatureFinding::new(Code::ChangedUnderP1));
    } else if report.covers_document {
        report.modifications_allowed = true;
    } else {
        match later_changes_fill_fields_only(&pdf[..signed_end], doc) {
            Ok(()) => report.modifications_allowed = true,
            Err(problem) => report.findings.push(problem),
        }
    }
    (report, signed_end)
}

/// `[0, start, end, len]` with `0 < start < end ≤ end+len ≤ file`: returns (start, end, end+len).
fn check_range(range: &[i64], file_len: usize) -> Option<(usize, usize, usize)> {
    let [a, b, c, d] = <[i64; 4]>::try_from(range).ok()?;
    let (b, c, d) = (
        usize::try_from(b).ok()?,
        usize::try_from(c).ok()?,
        usize::try_from(d).ok()?,
    );
    let signed_end = c.checked_add(d)?;
    (a == 0 && b > 0 && c > b && signed_end <= file_len).then_some((b, c, signed_end))
}

fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect()
}

fn certification_level(
    doc: &lopdf::Document,
    sig_id: ObjectId,
    sig: &lopdf::Dictionary,
) -> Option<u8> {
    let from_reference = sig
        .get(b"Reference")
        .ok()
        .and_then(|o| o.as_array().ok())
        .and_then(|refs| {
            refs.iter().find_map(|r| {
                let r = deref_dict(doc, r)?;
                if r.get(b"TransformMethod").ok()?.as_name().ok()? != b"DocMDP" {
                    return None;
                }
                let params = r
                    .get(b"TransformParams")
                    .ok()
                    .and_then(|p| deref_dict(doc, p));
                // P defaults to 2 (ISO 32000-1, table 254).
                Some(
                    params
                        .and_then(|p| p.get(b"P").ok()?.as_i64().ok())
                        .unwrap_or(2)
                        .clamp(1, 3) as u8,
                )
            })
        });
    let perms_point_here = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Perms").ok())
        .and_then(|p| deref_dict(doc, p))
        .and_then(|p| p.get(b"DocMDP").ok()?.as_reference().ok())
        == Some(sig_id);
    match (from_reference, perms_point_here) {
        (Some(p), _) => Some(p),
        (None, true) => Some(2),
        (None, false) => None,
    }
}

type CmsFailure = (Option<String>, SignatureFinding);

/// Checks the detached CMS against the digest of the signed ranges; returns the signer's name.
fn check_cms(der_bytes: &[u8], digest: &[u8]) -> Result<String, CmsFailure> {
    let fail = |name: Option<String>, code: Code| (name, SignatureFinding::new(code));
    // The reserve after the DER value is zero padding: read one value and ignore the rest.
    let mut reader = SliceReader::new(der_bytes).map_err(|_| fail(None, Code::EmptyContents))?;
    let content: ContentInfo = reader
        .decode()
        .map_err(|e| (None, SignatureFinding::new(Code::NotCms).detail(e)))?;
    let signed = content
        .content
        .decode_as::<SignedData>()
        .map_err(|e| (None, SignatureFinding::new(Code::NotSignedData).detail(e)))?;
    let info = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| fail(None, Code::NoSigner))?;
    let certs: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let cert = certs
        .iter()
        .find(|c| match &info.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                c.tbs_certificate.issuer == ias.issuer
                    && c.tbs_certificate.serial_number == ias.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(_) => false,
        })
        .ok_or_else(|| fail(None, Code::SignerCertificateMissing))?;
    let name = crate::keys::common_name(cert);
    if info.digest_alg.oid != const_oid::db::rfc5912::ID_SHA_256 {
        return Err(fail(name, Code::DigestNotSha256));
    }
    let attrs = info
        .signed_attrs
        .as_ref()
        .ok_or_else(|| fail(name.clone(), Code::NoSignedAttributes))?;
    let attr_value = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let md = attr_value(const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(|| fail(name.clone(), Code::NoMessageDigest))?;
    if md.as_bytes() != digest {
        return Err(fail(name, Code::DigestMismatch));
    }
    if let Some(ess) = attr_value(const_oid::db::rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2) {
        // The first ESSCertIDv2's hash must be the signing certificate's SHA-256.
        let cert_hash = Sha256::digest(cert.to_der().unwrap_or_default());
        if !ess
            .value()
            .windows(cert_hash.len())
            .any(|w| w == cert_hash.as_slice())
        {
            return Err(fail(name, Code::SigningCertificateMismatch));
        }
    }
    let signed_attrs_der = attrs
        .to_der()
        .map_err(|_| fail(name.clone(), Code::SignedAttributesUnencodable))?;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|_| fail(name.clone(), Code::UnreadablePublicKey))?;
    let sig_bytes = info.signature.as_bytes();
    let alg = info.signature_algorithm.oid;
    use const_oid::db::rfc5912 as o;
    use signature::Verifier;
    let verified = if alg == o::RSA_ENCRYPTION || alg == o::SHA_256_WITH_RSA_ENCRYPTION {
        use pkcs8::DecodePublicKey;
        rsa::RsaPublicKey::from_public_key_der(&spki)
            .ok()
            .and_then(|k| {
                let sig = rsa::pkcs1v15::Signature::try_from(sig_bytes).ok()?;
                rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k)
                    .verify(&signed_attrs_der, &sig)
                    .ok()
            })
            .is_some()
    } else if alg == o::ECDSA_WITH_SHA_256 {
        use pkcs8::DecodePublicKey;
        p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
            .ok()
            .and_then(|k| {
                let sig = p256::ecdsa::DerSignature::try_from(sig_bytes).ok()?;
                k.verify(&signed_attrs_der, &sig).ok()
            })
            .is_some()
    } else {
        return Err((
            name,
            SignatureFinding::new(Code::UnsupportedAlgorithm).arg("algorithm", alg.to_string()),
        ));
    };
    if verified {
        Ok(name.unwrap_or_else(|| cert.tbs_certificate.subject.to_string()))
    } else {
        Err(fail(name, Code::SignatureInvalid))
    }
}

/// The revisions after `signed` (a prefix of the file) may only: add signature dictionaries,
/// and set `/V` on signature fields that existed empty in the signed revision.
fn later_changes_fill_fields_only(
    signed: &[u8],
    now: &lopdf::Document,
) -> Result<(), SignatureFinding> {
    let unparsable = || SignatureFinding::new(Code::SignedRevisionUnparsable);
    let before = std::panic::catch_unwind(|| lopdf::Document::load_mem(signed))
        .map_err(|_| unparsable())?
        .map_err(|e| unparsable().detail(e))?;
    if before.trailer.get(b"Root").ok() != now.trailer.get(b"Root").ok() {
        return Err(SignatureFinding::new(Code::CatalogReplaced));
    }
    let object = |code: Code, id: &ObjectId| {
        SignatureFinding::new(code).arg("object", format!("{} {}", id.0, id.1))
    };
    let empty_before: BTreeMap<ObjectId, ()> = signature_fields(&before)
        .into_iter()
        .filter(|f| f.value.is_none())
        .map(|f| (f.id, ()))
        .collect();
    for (id, old) in &before.objects {
        match now.objects.get(id) {
            None => return Err(object(Code::ObjectDeleted, id)),
            Some(new) if new == old => {}
            Some(new) => {
                let filled_field = empty_before.contains_key(id)
                    && match (old, new) {
                        (Object::Dictionary(o), Object::Dictionary(n)) => {
                            let mut n = n.clone();
                            let v = n.remove(b"V");
                            v.is_some() && &n == o
                        }
                        _ => false,
                    };
                if !filled_field {
                    return Err(object(Code::ObjectChanged, id));
                }
            }
        }
    }
    for (id, new) in &now.objects {
        if before.objects.contains_key(id) {
            continue;
        }
        // Signature dictionaries, and the cross-reference and object streams that carry a
        // revision's structure (their contents are checked object by object above).
        let type_name = match new {
            Object::Dictionary(d) => d.get(b"Type").ok(),
            Object::Stream(s) => s.dict.get(b"Type").ok(),
            _ => None,
        }
        .and_then(|t| t.as_name().ok());
        let is_sig = matches!(new, Object::Dictionary(_)) && type_name == Some(b"Sig".as_slice())
            || matches!(new, Object::Stream(_))
                && matches!(type_name, Some(b"XRef") | Some(b"ObjStm"));
        if !is_sig {
            return Err(object(Code::ObjectAdded, id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{render_sample, SampleReport};

    #[test]
    fn r3_unsigned_pdf_is_not_ok_and_garbage_is_an_error() {
        let pdf = render_sample(
            &SampleReport::demo(1),
            crate::layout::Lang::Es,
            time::OffsetDateTime::UNIX_EPOCH,
        )
        .unwrap();
        let report = verify(&pdf).unwrap();
        assert!(!report.ok);
        assert!(report.signatures.is_empty());
        // No signature, so nothing to find: the JSON says so without problems or codes.
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            serde_json::json!({"ok": false, "signatures": []})
        );
        assert!(matches!(verify(b"not a pdf"), Err(VerifyError::NotPdf(_))));
    }

    /// A sample report certified by a demo member (one empty field `chair` pre-created).
    fn certified() -> Vec<u8> {
        use crate::signature::{sign, Role, SignRequest};
        let dir = tempfile::tempdir().unwrap();
        crate::keys::write_demo_ca(dir.path(), "pass").unwrap();
        let m = crate::keys::issue_member(dir.path(), "pass", "Ana Demo", "Gerente", "p").unwrap();
        let id = crate::keys::load_pkcs12(&m.pkcs12, "p", "m.p12").unwrap();
        let pdf = render_sample(
            &SampleReport::demo(1),
            crate::layout::Lang::Es,
            time::OffsetDateTime::UNIX_EPOCH,
        )
        .unwrap();
        let request = SignRequest {
            role: Role::Certify {
                field: "certification".into(),
                later_fields: vec!["chair".into()],
            },
            reason: None,
            location: None,
            time: time::OffsetDateTime::now_utc(),
        };
        sign(&pdf, &id, &request).unwrap()
    }

    /// The first signature's `/ByteRange` as written in the file.
    fn byte_range(pdf: &[u8]) -> Vec<i64> {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let field = signature_fields(&doc).into_iter().next().unwrap();
        let sig = doc.get_dictionary(field.value.unwrap()).unwrap();
        let range = sig.get(b"ByteRange").unwrap().as_array().unwrap();
        range.iter().map(|v| v.as_i64().unwrap()).collect()
    }

    fn codes(report: &VerifyReport) -> Vec<Vec<Code>> {
        report
            .signatures
            .iter()
            .map(|s| s.findings.iter().map(|f| f.code).collect())
            .collect()
    }

    #[test]
    fn r3_a_clean_certification_has_no_findings() {
        let report = verify(&certified()).unwrap();
        assert!(report.ok, "{report:#?}");
        assert_eq!(codes(&report), [Vec::<Code>::new()]);
        let json = serde_json::to_value(&report).unwrap();
        let sig = json["signatures"][0].as_object().unwrap();
        assert!(
            !sig.contains_key("problems") && !sig.contains_key("findings"),
            "{json}"
        );
    }

    #[test]
    fn r3_a_changed_byte_in_the_signed_range_is_a_digest_mismatch() {
        let mut pdf = certified();
        // A byte of the first stream's data: the file still parses, the digest changes.
        let at = pdf.windows(7).position(|w| w == b"stream\n").unwrap() + 7 + 10;
        pdf[at] ^= 0x01;
        let report = verify(&pdf).unwrap();
        assert!(!report.ok);
        assert_eq!(codes(&report), [vec![Code::DigestMismatch]]);
        assert!(!report.signatures[0].intact);
        // The CLI's contract: the English problem as before, the code beside it.
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(
            json["signatures"][0]["problems"],
            serde_json::json!(["digest mismatch: the signed bytes were changed"])
        );
        assert_eq!(
            json["signatures"][0]["findings"],
            serde_json::json!([{"code": "digest_mismatch"}])
        );
    }

    #[test]
    fn r3_a_byte_range_not_starting_at_zero_is_named_with_its_numbers() {
        let pdf = certified();
        let written = format!("[0 {} ", byte_range(&pdf)[1]);
        let at = pdf
            .windows(written.len())
            .position(|w| w == written.as_bytes())
            .unwrap()
            + 1;
        let mut bad = pdf.clone();
        bad[at] = b'1';
        let report = verify(&bad).unwrap();
        assert!(!report.ok);
        let f = &report.signatures[0].findings;
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, Code::InvalidByteRange);
        let range = &f[0].args["range"];
        assert!(range.starts_with("[1, "), "{range}");
        assert_eq!(
            report.signatures[0].problems(),
            [format!("invalid /ByteRange {range}")]
        );
    }

    #[test]
    fn r3_an_unreadable_cms_keeps_the_library_error_as_its_detail() {
        let pdf = certified();
        // The gap starts at `<`; the CMS's DER starts right after it.
        let open = byte_range(&pdf)[1] as usize + 1;
        let mut bad = pdf.clone();
        // `30` (SEQUENCE) becomes `31` (SET): no longer a ContentInfo.
        assert_eq!(&bad[open..open + 2], b"30");
        bad[open + 1] = b'1';
        let report = verify(&bad).unwrap();
        let f = &report.signatures[0].findings;
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, Code::NotCms);
        let detail = f[0].detail.as_deref().expect("the DER decoder's own words");
        assert!(!detail.is_empty());
        assert_eq!(
            report.signatures[0].problems(),
            [format!("the signature is not CMS ({detail})")]
        );
    }

    #[test]
    fn r3_pdf_dates_read_with_their_offset() {
        let t = pdf_time("D:20261125041000+00'00'").unwrap();
        assert_eq!(t.unix_timestamp(), 1_795_579_800);
        let q = pdf_time("D:20261124231000-05'00'").unwrap();
        assert_eq!(q, t);
        assert_eq!(pdf_time("D:2026").unwrap().month(), time::Month::January);
        assert!(pdf_time("D:20261325").is_none());
        assert!(pdf_time("D:yesterday").is_none());
    }

    #[test]
    fn r3_byte_ranges_must_start_at_zero_and_stay_in_the_file() {
        assert_eq!(check_range(&[0, 10, 20, 5], 25), Some((10, 20, 25)));
        assert_eq!(check_range(&[0, 10, 20, 6], 25), None);
        assert_eq!(check_range(&[1, 10, 20, 5], 25), None);
        assert_eq!(check_range(&[0, 20, 10, 5], 25), None);
        assert_eq!(check_range(&[0, 10, 20], 25), None);
        assert_eq!(check_range(&[0, -1, 20, 5], 25), None);
    }
}
