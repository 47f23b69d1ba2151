//! Trust in a signer's certificate (SPEC R-3): whether it chains to a trust anchor the
//! person chose (the demo CA Ratebook made, or an issuer's root), each certificate's
//! signature verifying with its issuer's key and each valid at the signing time.
//!
//! This is path building and signature checking only: revocation (CRL, OCSP) needs the
//! network, which Ratebook never uses, so it stays the accredited validators' concern.

use crate::finding::{FindingCode, SignatureFinding};
use der::Encode;
use x509_cert::Certificate;

/// How deep a chain may be (leaf, intermediates, anchor): real issuers use two or three.
const MAX_DEPTH: usize = 6;

/// Why a certificate does not chain to the anchor: a finding of code
/// `CertificateNotValidAtSigning`, `AnchorNotValidAtSigning` or `DoesNotChain`.
pub type Untrusted = SignatureFinding;

/// Whether `issuer`'s public key verifies `cert`'s signature (ECDSA P-256 or RSA with
/// SHA-256, the algorithms Ratebook accepts) and `issuer` names `cert`'s issuer.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let (Ok(tbs), Ok(spki)) = (
        cert.tbs_certificate.to_der(),
        issuer.tbs_certificate.subject_public_key_info.to_der(),
    ) else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    use const_oid::db::rfc5912 as o;
    use pkcs8::DecodePublicKey;
    use signature::Verifier;
    let alg = cert.signature_algorithm.oid;
    if alg == o::ECDSA_WITH_SHA_256 {
        let (Ok(key), Ok(sig)) = (
            p256::ecdsa::VerifyingKey::from_public_key_der(&spki),
            p256::ecdsa::DerSignature::try_from(sig),
        ) else {
            return false;
        };
        key.verify(&tbs, &sig).is_ok()
    } else if alg == o::SHA_256_WITH_RSA_ENCRYPTION {
        let (Ok(key), Ok(sig)) = (
            rsa::RsaPublicKey::from_public_key_der(&spki),
            rsa::pkcs1v15::Signature::try_from(sig),
        ) else {
            return false;
        };
        rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key)
            .verify(&tbs, &sig)
            .is_ok()
    } else {
        false
    }
}

fn valid_at(cert: &Certificate, at: time::OffsetDateTime) -> bool {
    let v = &cert.tbs_certificate.validity;
    let secs = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i128;
    let at = at.unix_timestamp() as i128;
    secs(v.not_before) <= at && at <= secs(v.not_after)
}

fn name(cert: &Certificate) -> String {
    crate::keys::common_name(cert).unwrap_or_else(|| cert.tbs_certificate.subject.to_string())
}

/// Builds a path from `leaf` through certificates of `pool` (those a signature carries) to
/// `anchor`, checking every signature on the way and every certificate's validity at `at`
/// (the signing time). Returns the anchor's name, or why there is no such path.
pub fn chains_to(
    leaf: &Certificate,
    pool: &[Certificate],
    anchor: &Certificate,
    at: time::OffsetDateTime,
) -> Result<String, Untrusted> {
    let mut current = leaf.clone();
    for _ in 0..MAX_DEPTH {
        if !valid_at(&current, at) {
            return Err(
                SignatureFinding::new(FindingCode::CertificateNotValidAtSigning)
                    .arg("certificate", name(&current)),
            );
        }
        if issued_by(&current, anchor) {
            if !valid_at(anchor, at) {
                return Err(SignatureFinding::new(FindingCode::AnchorNotValidAtSigning)
                    .arg("anchor", name(anchor)));
            }
            return Ok(name(anchor));
        }
        if current.tbs_certificate.subject == current.tbs_certificate.issuer {
            break; // a self-signed root that is not the anchor
        }
        match pool
            .iter()
            .find(|c| *c != &current && issued_by(&current, c))
        {
            Some(next) => current = next.clone(),
            None => break,
        }
    }
    Err(SignatureFinding::new(FindingCode::DoesNotChain)
        .arg("certificate", name(leaf))
        .arg("anchor", name(anchor)))
}

/// Reads a PEM file of one or more certificates (a CA's `ca.pem`).
pub fn certificates_from_pem(pem: &str) -> Result<Vec<Certificate>, String> {
    use der::Decode;
    let mut out = Vec::new();
    let mut rest = pem;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    while let Some(start) = rest.find(BEGIN) {
        let Some(stop) = rest[start..].find(END) else {
            return Err("a certificate's PEM block has no END line".into());
        };
        let block = &rest[start..start + stop + END.len()];
        let (label, doc) = pkcs8::Document::from_pem(block).map_err(|e| e.to_string())?;
        if label != "CERTIFICATE" {
            return Err(format!("a PEM block holds {label:?}, not a CERTIFICATE"));
        }
        out.push(Certificate::from_der(doc.as_bytes()).map_err(|e| e.to_string())?);
        rest = &rest[start + stop + END.len()..];
    }
    if out.is_empty() {
        return Err("no PEM certificate found".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys;

    fn demo(dir: &std::path::Path) -> (Certificate, keys::SigningIdentity) {
        keys::write_demo_ca(dir, "pass").unwrap();
        let m = keys::issue_member(dir, "pass", "Ana Demo", "Analista", "pass").unwrap();
        let id = keys::load_pkcs12(&m.pkcs12, "pass", "m.p12").unwrap();
        let ca = std::fs::read_to_string(dir.join(keys::CA_CERT_FILE)).unwrap();
        (certificates_from_pem(&ca).unwrap().remove(0), id)
    }

    #[test]
    fn r3_a_demo_member_chains_to_its_demo_ca_and_not_to_another() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let (ca_a, member) = demo(a.path());
        let (ca_b, _) = demo(b.path());
        let now = time::OffsetDateTime::now_utc();
        assert_eq!(
            chains_to(&member.certificate, &member.chain, &ca_a, now),
            Ok(keys::DEMO_CA_NAME.to_string())
        );
        // Same subject name, different key: the signature check refuses it.
        let refused = chains_to(&member.certificate, &member.chain, &ca_b, now).unwrap_err();
        assert_eq!(refused.code, FindingCode::DoesNotChain, "{refused}");
        assert_eq!(refused.args["certificate"], "Ana Demo");
        assert_eq!(refused.args["anchor"], keys::DEMO_CA_NAME);
        assert_eq!(
            refused.english(),
            format!(
                "the certificate of Ana Demo does not chain to {}",
                keys::DEMO_CA_NAME
            )
        );
        // Outside the certificate's validity (it was issued today for two years).
        let later = now + time::Duration::days(365 * 3);
        let expired = chains_to(&member.certificate, &member.chain, &ca_a, later).unwrap_err();
        assert_eq!(
            expired.code,
            FindingCode::CertificateNotValidAtSigning,
            "{expired}"
        );
        assert_eq!(
            expired.english(),
            "the certificate of Ana Demo was not valid at the signing time"
        );
    }

    #[test]
    fn r3_pem_without_certificates_is_refused() {
        assert!(certificates_from_pem("nothing here").is_err());
    }
}
