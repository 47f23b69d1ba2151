//! PAdES baseline B-B signatures (SPEC R-3): a detached CMS SignedData with content-type,
//! message-digest and ESS signing-certificate-v2 signed attributes, RSA or ECDSA P-256 with
//! SHA-256, written into the PDF as an **incremental update** so that every earlier revision
//! stays a verbatim prefix of the file.
//!
//! Two roles, as a rating committee uses them:
//! - **certify** (the general manager's certification): the first signature of the document,
//!   with DocMDP P=2 ("form filling and signing allowed") and one pre-created, empty, named
//!   signature field per further signer;
//! - **approve** (the chair, each voting member): fills one of those pre-created fields and
//!   changes nothing else, which is exactly what P=2 permits.
//!
//! Architecture invariant: this module never re-saves a document; it only appends.

use crate::keys::{SignerKey, SigningIdentity};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{OctetString, SetOfVec};
use der::{Encode, Sequence};
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

/// Bytes reserved for the CMS value (hex doubles it in the file). A B-B signature with a
/// two-certificate chain is about 1.6 KB; the reserve leaves room for long RSA chains.
pub const CONTENTS_RESERVE: usize = 16 * 1024;
/// Name of the certification field when the caller gives none.
pub const DEFAULT_CERTIFICATION_FIELD: &str = "certification";

// Placeholder ByteRange values: ten digits each so the real values always fit.
const BYTE_RANGE_PLACEHOLDER: [i64; 4] = [0, 1_000_000_001, 1_000_000_002, 1_000_000_003];

/// What the signature does in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// First signature, DocMDP P=2, pre-creating one empty field per later signer.
    Certify {
        /// The certification's own field name.
        field: String,
        /// Names of the empty fields later signers fill (e.g. `chair`, `member-2`).
        later_fields: Vec<String>,
    },
    /// Fills a pre-created empty signature field; `None` takes the first empty one.
    Approve { field: Option<String> },
}

/// A signing request: role, and the texts the signature dictionary carries.
#[derive(Debug, Clone)]
pub struct SignRequest {
    pub role: Role,
    /// `/Reason`, e.g. "Certificación del informe" or "Aprobación del comité".
    pub reason: Option<String>,
    /// `/Location`, e.g. "Quito – Ecuador".
    pub location: Option<String>,
    /// Signing time for `/M` (B-B keeps the claimed time in the dictionary, not in the CMS).
    pub time: time::OffsetDateTime,
}

/// Why a document cannot be signed as asked.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("the file is not a readable PDF: {0}")]
    NotPdf(String),
    #[error(
        "the document already carries {count} signature(s): a certification (DocMDP) must be \
         the first signature, so certify the unsigned document"
    )]
    AlreadySigned { count: usize },
    #[error("no signature field named {field:?}; empty fields ready to sign: {available}")]
    NoSuchField { field: String, available: String },
    #[error("the document has no empty signature field to approve into (certify it first with --fields)")]
    NoEmptyField,
    #[error("signature field {field:?} is already signed")]
    FieldAlreadySigned { field: String },
    #[error("invalid field name {field:?}: {expected}")]
    InvalidFieldName {
        field: String,
        expected: &'static str,
    },
    #[error("the signature ({size} bytes) does not fit the {CONTENTS_RESERVE}-byte reserve")]
    ContentsTooLarge { size: usize },
    #[error("cannot build the CMS signature: {0}")]
    Cms(String),
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::NotPdf(e.to_string())
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, anything else UTF-16BE with BOM.
pub(crate) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Decodes a PDF text string (UTF-16BE with BOM, else Latin-1/PDFDocEncoding approximated).
pub fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

fn pdf_date(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A signature field found in the AcroForm: its object, name and whether it is filled.
#[derive(Debug, Clone)]
pub(crate) struct SigField {
    pub id: ObjectId,
    pub name: String,
    pub value: Option<ObjectId>,
}

/// Every signature field of the document (walking `/Fields` and `/Kids`).
pub(crate) fn signature_fields(doc: &lopdf::Document) -> Vec<SigField> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(acroform) = catalog
        .get(b"AcroForm")
        .ok()
        .and_then(|o| deref_dict(doc, o))
    else {
        return out;
    };
    let Some(fields) = acroform
        .get(b"Fields")
        .ok()
        .and_then(|o| deref_array(doc, o))
    else {
        return out;
    };
    let mut stack: Vec<(ObjectId, String, bool)> = fields
        .iter()
        .rev()
        .filter_map(|o| o.as_reference().ok())
        .map(|id| (id, String::new(), false))
        .collect();
    let mut seen = std::collections::HashSet::new();
    while let Some((id, parent_name, parent_sig)) = stack.pop() {
        if !seen.insert(id) {
            continue; // a loop in /Kids
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        let partial = dict
            .get(b"T")
            .ok()
            .and_then(|t| t.as_str().ok())
            .map(decode_text_string);
        let name = match (&partial, parent_name.is_empty()) {
            (Some(p), true) => p.clone(),
            (Some(p), false) => format!("{parent_name}.{p}"),
            (None, _) => parent_name.clone(),
        };
        let is_sig = dict.get(b"FT").ok().and_then(|o| o.as_name().ok()) == Some(b"Sig".as_slice())
            || parent_sig;
        if let Some(kids) = dict.get(b"Kids").ok().and_then(|o| deref_array(doc, o)) {
            for kid in kids.iter().rev().filter_map(|o| o.as_reference().ok()) {
                stack.push((kid, name.clone(), is_sig));
            }
            continue;
        }
        if is_sig && partial.is_some() {
            let value = dict.get(b"V").ok().and_then(|v| v.as_reference().ok());
            out.push(SigField { id, name, value });
        }
    }
    out
}

/// A signature field as a reader sees it: its name and whether a signature fills it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldState {
    pub name: String,
    pub signed: bool,
}

/// Every signature field of `pdf`, in the document's order, signed or still empty: what a
/// signer needs to know before adding the next signature (certify first, then fill).
pub fn field_states(pdf: &[u8]) -> Result<Vec<FieldState>, SignError> {
    // lopdf parses hostile bytes; a panic there must become an error, not a crash.
    let doc = std::panic::catch_unwind(|| lopdf::Document::load_mem(pdf))
        .map_err(|_| SignError::NotPdf("the PDF parser failed on this file".into()))?
        .map_err(pdf_err)?;
    Ok(signature_fields(&doc)
        .into_iter()
        .map(|f| FieldState {
            name: f.name,
            signed: f.value.is_some(),
        })
        .collect())
}

pub(crate) fn deref_dict<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(o).ok().and_then(|(_, o)| o.as_dict().ok())
}

pub(crate) fn deref_array<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Vec<Object>> {
    doc.dereference(o).ok().and_then(|(_, o)| o.as_array().ok())
}

fn check_field_name(name: &str) -> Result<(), SignError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(SignError::InvalidFieldName {
            field: name.into(),
            expected: "1–64 ASCII letters, digits, '-' or '_' (no dots: a dot nests fields)",
        })
    }
}

/// Signs `pdf` as `request` says and returns the whole new file (the old bytes followed by
/// one incremental update).
pub fn sign(
    pdf: &[u8],
    signer: &SigningIdentity,
    request: &SignRequest,
) -> Result<Vec<u8>, SignError> {
    let loaded = lopdf::Document::load_mem(pdf).map_err(pdf_err)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), loaded);
    inc.new_document.version = "1.7".into();
    let prev = inc.get_prev_documents().clone();
    let fields = signature_fields(&prev);
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;

    let sig_id = inc.new_document.new_object_id();
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "ByteRange",
        Object::Array(
            BYTE_RANGE_PLACEHOLDER
                .iter()
                .map(|&v| Object::Integer(v))
                .collect(),
        ),
    );
    sig.set(
        "Contents",
        Object::String(vec![0u8; CONTENTS_RESERVE], StringFormat::Hexadecimal),
    );
    sig.set(
        "M",
        Object::String(pdf_date(request.time).into_bytes(), StringFormat::Literal),
    );
    sig.set("Name", text_string(&signer.signer_name()));
    if let Some(reason) = &request.reason {
        sig.set("Reason", text_string(reason));
    }
    if let Some(location) = &request.location {
        sig.set("Location", text_string(location));
    }

    match &request.role {
        Role::Certify {
            field,
            later_fields,
        } => {
            let signed = fields.iter().filter(|f| f.value.is_some()).count();
            if signed > 0 {
                return Err(SignError::AlreadySigned { count: signed });
            }
            let mut names = vec![field.clone()];
            names.extend(later_fields.iter().cloned());
            for n in &names {
                check_field_name(n)?;
            }
            for (i, n) in names.iter().enumerate() {
                if names[..i].contains(n) || fields.iter().any(|f| &f.name == n) {
                    return Err(SignError::InvalidFieldName {
                        field: n.clone(),
                        expected: "a name not already used by another field",
                    });
                }
            }
            let mut transform = Dictionary::new();
            transform.set("Type", Object::Name(b"TransformParams".to_vec()));
            transform.set("P", Object::Integer(2));
            transform.set("V", Object::Name(b"1.2".to_vec()));
            let mut reference = Dictionary::new();
            reference.set("Type", Object::Name(b"SigRef".to_vec()));
            reference.set("TransformMethod", Object::Name(b"DocMDP".to_vec()));
            reference.set("TransformParams", Object::Dictionary(transform));
            sig.set(
                "Reference",
                Object::Array(vec![Object::Dictionary(reference)]),
            );
            inc.new_document
                .objects
                .insert(sig_id, Object::Dictionary(sig));

            let page_id = *prev
                .get_pages()
                .values()
                .next()
                .ok_or_else(|| SignError::NotPdf("the document has no page".into()))?;
            let mut widget_ids = Vec::new();
            for (i, n) in names.iter().enumerate() {
                let mut w = Dictionary::new();
                w.set("Type", Object::Name(b"Annot".to_vec()));
                w.set("Subtype", Object::Name(b"Widget".to_vec()));
                w.set("FT", Object::Name(b"Sig".to_vec()));
                w.set("T", text_string(n));
                // Print + Locked: invisible cryptographic field; the signer is named by the
                // printed signature block on the page.
                w.set("F", Object::Integer(132));
                w.set(
                    "Rect",
                    Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
                );
                w.set("P", Object::Reference(page_id));
                if i == 0 {
                    w.set("V", Object::Reference(sig_id));
                }
                widget_ids.push(inc.new_document.add_object(Object::Dictionary(w)));
            }

            // The page lists the widgets among its annotations.
            inc.opt_clone_object_to_new_document(page_id)
                .map_err(pdf_err)?;
            let annots_obj = inc
                .new_document
                .get_dictionary(page_id)
                .map_err(pdf_err)?
                .get(b"Annots")
                .ok()
                .cloned();
            let mut annots = match &annots_obj {
                Some(Object::Reference(r)) => prev
                    .get_object(*r)
                    .and_then(Object::as_array)
                    .cloned()
                    .unwrap_or_default(),
                Some(Object::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            annots.extend(widget_ids.iter().map(|&id| Object::Reference(id)));
            match annots_obj {
                Some(Object::Reference(r)) => {
                    inc.new_document.objects.insert(r, Object::Array(annots));
                }
                _ => {
                    inc.new_document
                        .get_dictionary_mut(page_id)
                        .map_err(pdf_err)?
                        .set("Annots", Object::Array(annots));
                }
            }

            // The catalog: AcroForm with the fields, DocMDP permissions, ESIC extension.
            inc.opt_clone_object_to_new_document(root_id)
                .map_err(pdf_err)?;
            let catalog_acroform = inc
                .new_document
                .get_dictionary(root_id)
                .map_err(pdf_err)?
                .get(b"AcroForm")
                .ok()
                .cloned();
            let (acroform_id, mut acroform) = match catalog_acroform {
                Some(Object::Reference(r)) => {
                    (r, prev.get_dictionary(r).cloned().map_err(pdf_err)?)
                }
                Some(Object::Dictionary(d)) => (inc.new_document.new_object_id(), d),
                _ => (inc.new_document.new_object_id(), Dictionary::new()),
            };
            let mut all_fields = acroform
                .get(b"Fields")
                .ok()
                .and_then(|o| deref_array(&prev, o))
                .cloned()
                .unwrap_or_default();
            all_fields.extend(widget_ids.iter().map(|&id| Object::Reference(id)));
            acroform.set("Fields", Object::Array(all_fields));
            acroform.set("SigFlags", Object::Integer(3));
            inc.new_document
                .objects
                .insert(acroform_id, Object::Dictionary(acroform));

            let mut perms = Dictionary::new();
            perms.set("DocMDP", Object::Reference(sig_id));
            let mut esic = Dictionary::new();
            esic.set("BaseVersion", Object::Name(b"1.7".to_vec()));
            esic.set("ExtensionLevel", Object::Integer(2));
            let mut extensions = Dictionary::new();
            extensions.set("ESIC", Object::Dictionary(esic));
            let catalog = inc
                .new_document
                .get_dictionary_mut(root_id)
                .map_err(pdf_err)?;
            catalog.set("AcroForm", Object::Reference(acroform_id));
            catalog.set("Perms", Object::Dictionary(perms));
            catalog.set("Extensions", Object::Dictionary(extensions));
        }
        Role::Approve { field } => {
            let empty: Vec<&SigField> = fields.iter().filter(|f| f.value.is_none()).collect();
            let target = match field {
                Some(name) => {
                    let f = fields.iter().find(|f| &f.name == name).ok_or_else(|| {
                        SignError::NoSuchField {
                            field: name.clone(),
                            available: if empty.is_empty() {
                                "none".into()
                            } else {
                                empty
                                    .iter()
                                    .map(|f| f.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            },
                        }
                    })?;
                    if f.value.is_some() {
                        return Err(SignError::FieldAlreadySigned {
                            field: name.clone(),
                        });
                    }
                    f
                }
                None => *empty.first().ok_or(SignError::NoEmptyField)?,
            };
            inc.new_document
                .objects
                .insert(sig_id, Object::Dictionary(sig));
            inc.opt_clone_object_to_new_document(target.id)
                .map_err(pdf_err)?;
            inc.new_document
                .get_dictionary_mut(target.id)
                .map_err(pdf_err)?
                .set("V", Object::Reference(sig_id));
        }
    }

    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_RESERVE + 4096);
    inc.save_to(&mut out)
        .map_err(|e| SignError::Write(e.to_string()))?;
    let tail_start = pdf.len();
    let (start, end) = patch_byte_range(&mut out, tail_start)?;

    let mut hasher = Sha256::new();
    hasher.update(&out[..start]);
    hasher.update(&out[end..]);
    let digest = hasher.finalize();
    let cms = build_cms(&digest, signer)?;
    let hex_len = cms.len() * 2;
    if hex_len > end - start - 2 {
        return Err(SignError::ContentsTooLarge { size: cms.len() });
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[start + 1..start + 1 + hex_len].copy_from_slice(hex.as_bytes());
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Replaces the placeholder ByteRange in the appended tail with the real one and returns the
/// `/Contents` gap `[start, end)` (from `<` to after `>`).
fn patch_byte_range(out: &mut [u8], tail_start: usize) -> Result<(usize, usize), SignError> {
    let missing =
        |what: &str| SignError::Write(format!("{what} placeholder not found in the update"));
    let zeros = vec![b'0'; 2 * CONTENTS_RESERVE];
    let mut pattern = Vec::with_capacity(zeros.len() + 2);
    pattern.push(b'<');
    pattern.extend_from_slice(&zeros);
    pattern.push(b'>');
    let start =
        tail_start + find(&out[tail_start..], &pattern).ok_or_else(|| missing("/Contents"))?;
    let end = start + pattern.len();
    let needle = format!(
        "{} {} {}",
        BYTE_RANGE_PLACEHOLDER[1], BYTE_RANGE_PLACEHOLDER[2], BYTE_RANGE_PLACEHOLDER[3]
    );
    let mid = tail_start
        + find(&out[tail_start..], needle.as_bytes()).ok_or_else(|| missing("/ByteRange"))?;
    let open = out[..mid]
        .iter()
        .rposition(|&b| b == b'[')
        .ok_or_else(|| missing("/ByteRange"))?;
    let close = mid
        + out[mid..]
            .iter()
            .position(|&b| b == b']')
            .ok_or_else(|| missing("/ByteRange"))?;
    let len = out.len();
    let mut value = format!("[0 {start} {end} {}", len - end).into_bytes();
    let width = close - open; // without the closing bracket
    if value.len() > width {
        return Err(SignError::Write(
            "ByteRange does not fit its placeholder".into(),
        ));
    }
    value.resize(width, b' ');
    out[open..close].copy_from_slice(&value);
    Ok((start, end))
}

/// ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate into the signed
/// attributes, as PAdES B-B requires. The hash algorithm is SHA-256, the DEFAULT, so omitted.
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

#[derive(Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: x509_cert::serial_number::SerialNumber,
}

fn signing_certificate_v2(signer: &SigningIdentity) -> Result<Attribute, der::Error> {
    let cert_der = signer.certificate.to_der()?;
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec())?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    signer.certificate.tbs_certificate.issuer.clone(),
                )],
                serial_number: signer.certificate.tbs_certificate.serial_number.clone(),
            },
        }],
    };
    let mut values = SetOfVec::new();
    values.insert(der::Any::from_der(&value.to_der()?)?)?;
    Ok(Attribute {
        oid: const_oid::db::rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2,
        values,
    })
}

use der::Decode;

fn build_cms(digest: &[u8], signer: &SigningIdentity) -> Result<Vec<u8>, SignError> {
    let cms_err = |e: &dyn std::fmt::Display| SignError::Cms(e.to_string());
    let content = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: signer.certificate.tbs_certificate.issuer.clone(),
        serial_number: signer.certificate.tbs_certificate.serial_number.clone(),
    });
    let ess = signing_certificate_v2(signer).map_err(|e| cms_err(&e))?;
    let mut builder = SignedDataBuilder::new(&content);
    builder
        .add_digest_algorithm(sha256.clone())
        .map_err(|e| cms_err(&e))?;
    for cert in std::iter::once(&signer.certificate).chain(signer.chain.iter()) {
        builder
            .add_certificate(CertificateChoices::Certificate(cert.clone()))
            .map_err(|e| cms_err(&e))?;
    }
    match &signer.key {
        SignerKey::Rsa(key) => {
            let mut info =
                SignerInfoBuilder::new(key.as_ref(), sid, sha256, &content, Some(digest))
                    .map_err(|e| cms_err(&e))?;
            info.add_signed_attribute(ess).map_err(|e| cms_err(&e))?;
            builder
                .add_signer_info::<_, rsa::pkcs1v15::Signature>(info)
                .map_err(|e| cms_err(&e))?;
        }
        SignerKey::EcdsaP256(key) => {
            let mut info = SignerInfoBuilder::new(key, sid, sha256, &content, Some(digest))
                .map_err(|e| cms_err(&e))?;
            info.add_signed_attribute(ess).map_err(|e| cms_err(&e))?;
            builder
                .add_signer_info::<_, p256::ecdsa::DerSignature>(info)
                .map_err(|e| cms_err(&e))?;
        }
    }
    let content_info = builder.build().map_err(|e| cms_err(&e))?;
    content_info.to_der().map_err(|e| cms_err(&e))
}
