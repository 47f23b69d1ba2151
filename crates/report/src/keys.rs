//! Signing keys (SPEC R-4): PKCS#12 import (the real path: accredited Ecuadorian issuers
//! deliver `.p12` files), and a demo certificate authority that issues one certificate per
//! demo committee member.
//!
//! Accepted keys: RSA of 2048 bits or more (PKCS#1 v1.5 with SHA-256) and ECDSA P-256 (SHA-256),
//! the algorithms PAdES validators and Adobe Reader accept. Ed25519 and other keys are refused
//! with a message that says what is accepted.
//!
//! Private keys at rest are always encrypted with a passphrase: members' keys inside their
//! PKCS#12 file (PBES2, AES-256), the demo CA's key as an encrypted PKCS#8 PEM file (PBES2,
//! PBKDF2-SHA256, AES-256-CBC) that OpenSSL reads with `openssl pkey -passin`.

use der::{Decode, Encode};
use pkcs8::{DecodePrivateKey, EncodePublicKey};
use rand_core::{OsRng, RngCore};
use std::path::{Path, PathBuf};
use x509_cert::Certificate;

/// The demo CA's certificate inside its directory (PEM).
pub const CA_CERT_FILE: &str = "ca.pem";
/// The demo CA's private key inside its directory (encrypted PKCS#8 PEM).
pub const CA_KEY_FILE: &str = "ca-key.pem";
/// Subject common name of every demo CA: it says on every certificate that it is a demo.
pub const DEMO_CA_NAME: &str = "Ratebook Demo CA (fictional, not for real use)";
/// Organisation named on demo certificates.
pub const DEMO_ORGANISATION: &str = "Ratebook demo (fictional)";

/// PBKDF2-SHA256 iterations protecting the demo CA key at rest. Lower than OWASP's 600,000
/// because the tests run unoptimised builds; the file is a demonstration CA, and real keys
/// come in the issuer's PKCS#12 file under the issuer's own protection.
const CA_KEY_PBKDF2_ITERATIONS: u32 = 100_000;
/// Smallest RSA modulus accepted (NIST SP 800-57: 2048 bits through 2030).
const MIN_RSA_BITS: usize = 2048;

const OID_RSA: const_oid::ObjectIdentifier = const_oid::db::rfc5912::RSA_ENCRYPTION;
const OID_EC: const_oid::ObjectIdentifier = const_oid::db::rfc5912::ID_EC_PUBLIC_KEY;
const OID_P256: const_oid::ObjectIdentifier = const_oid::db::rfc5912::SECP_256_R_1;
const OID_ED25519: const_oid::ObjectIdentifier = const_oid::db::rfc8410::ID_ED_25519;
const OID_ED448: const_oid::ObjectIdentifier = const_oid::db::rfc8410::ID_ED_448;

/// Why a key or certificate cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("wrong passphrase for {what}: the file could not be decrypted with it")]
    WrongPassphrase { what: String },
    #[error("the passphrase is empty: private keys at rest must be protected by a passphrase")]
    EmptyPassphrase,
    #[error("{what} is not a readable PKCS#12 file: {detail}")]
    NotPkcs12 { what: String, detail: String },
    #[error("{what} holds no private key with its certificate (a PKCS#12 file must contain both)")]
    NoPrivateKey { what: String },
    #[error(
        "{algorithm} keys are not accepted for PDF signatures: use RSA (2048 bits or more) or \
         ECDSA P-256, the algorithms PAdES validators and Adobe Reader accept"
    )]
    UnsupportedKey { algorithm: String },
    #[error("RSA key of {bits} bits is too short: at least {MIN_RSA_BITS} bits are accepted")]
    RsaTooShort { bits: usize },
    #[error("no certificate in {what} matches its private key")]
    NoMatchingCertificate { what: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a Ratebook demo CA directory: {detail}")]
    NotDemoCa { path: PathBuf, detail: String },
    #[error("invalid member {field} {value:?}: {expected}")]
    InvalidMember {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("certificate error: {0}")]
    Certificate(String),
}

/// The private half of a signer: one of the two accepted algorithms.
pub enum SignerKey {
    /// RSA, signing with PKCS#1 v1.5 and SHA-256.
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.write_str(match self {
            SignerKey::Rsa(_) => "SignerKey::Rsa(<private>)",
            SignerKey::EcdsaP256(_) => "SignerKey::EcdsaP256(<private>)",
        })
    }
}

impl SignerKey {
    /// Parses a PKCS#8 private key, refusing every algorithm but RSA ≥ 2048 and ECDSA P-256.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|e| KeyError::UnsupportedKey {
            algorithm: format!("unreadable private key ({e})"),
        })?;
        let oid = info.algorithm.oid;
        if oid == OID_RSA {
            let key =
                rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|e| KeyError::UnsupportedKey {
                    algorithm: format!("malformed RSA ({e})"),
                })?;
            let bits = rsa::traits::PublicKeyParts::size(&key) * 8;
            if bits < MIN_RSA_BITS {
                return Err(KeyError::RsaTooShort { bits });
            }
            return Ok(SignerKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(
                key,
            ))));
        }
        if oid == OID_EC {
            let curve = info.algorithm.parameters_oid().ok();
            if curve != Some(OID_P256) {
                let name = match curve {
                    Some(c) => const_oid::db::DB
                        .by_oid(&c)
                        .map(|n| format!("{n} ({c})"))
                        .unwrap_or_else(|| c.to_string()),
                    None => "an unnamed curve".into(),
                };
                return Err(KeyError::UnsupportedKey {
                    algorithm: format!("ECDSA on {name}"),
                });
            }
            let key =
                p256::SecretKey::from_pkcs8_der(der).map_err(|e| KeyError::UnsupportedKey {
                    algorithm: format!("malformed ECDSA P-256 ({e})"),
                })?;
            return Ok(SignerKey::EcdsaP256(key.into()));
        }
        let algorithm = if oid == OID_ED25519 {
            "Ed25519".to_string()
        } else if oid == OID_ED448 {
            "Ed448".to_string()
        } else {
            const_oid::db::DB
                .by_oid(&oid)
                .map(|n| format!("{n} ({oid})"))
                .unwrap_or_else(|| format!("OID {oid}"))
        };
        Err(KeyError::UnsupportedKey { algorithm })
    }

    /// DER SubjectPublicKeyInfo of the public half, to match the key with its certificate.
    pub fn public_key_der(&self) -> Vec<u8> {
        match self {
            SignerKey::Rsa(k) => {
                let public = rsa::RsaPublicKey::from(k.as_ref().as_ref());
                public
                    .to_public_key_der()
                    .map(|d| d.into_vec())
                    .unwrap_or_default()
            }
            SignerKey::EcdsaP256(k) => k
                .verifying_key()
                .to_public_key_der()
                .map(|d| d.into_vec())
                .unwrap_or_default(),
        }
    }
}

/// A person who can sign: the key, the certificate naming them, and the chain up to the
/// issuer's root (embedded in every signature so validators can build the path).
#[derive(Debug)]
pub struct SigningIdentity {
    pub key: SignerKey,
    pub certificate: Certificate,
    /// Issuer certificates, leaf excluded, nearest issuer first.
    pub chain: Vec<Certificate>,
}

impl SigningIdentity {
    /// The certificate subject's common name: the signer's name as validators show it.
    pub fn signer_name(&self) -> String {
        common_name(&self.certificate)
            .unwrap_or_else(|| self.certificate.tbs_certificate.subject.to_string())
    }

    /// The certificate subject's title attribute (2.5.4.12), when present.
    pub fn signer_title(&self) -> Option<String> {
        subject_attribute(&self.certificate, const_oid::db::rfc4519::TITLE)
    }
}

/// The common name (2.5.4.3) of a certificate's subject.
pub fn common_name(cert: &Certificate) -> Option<String> {
    subject_attribute(cert, const_oid::db::rfc4519::CN)
}

fn subject_attribute(cert: &Certificate, oid: const_oid::ObjectIdentifier) -> Option<String> {
    for rdn in cert.tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == oid {
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(&atv.value) {
                    return Some(s.as_str().to_string());
                }
                if let Ok(s) = der::asn1::PrintableStringRef::try_from(&atv.value) {
                    return Some(s.as_str().to_string());
                }
                if let Ok(s) = der::asn1::Ia5StringRef::try_from(&atv.value) {
                    return Some(s.as_str().to_string());
                }
            }
        }
    }
    None
}

/// Opens a PKCS#12 file (OpenSSL 3 default AES/PBES2 and `-legacy` RC2/3DES both read).
/// `what` names the file in error messages.
pub fn load_pkcs12(data: &[u8], passphrase: &str, what: &str) -> Result<SigningIdentity, KeyError> {
    let store = p12_keystore::KeyStore::from_pkcs12(data, passphrase).map_err(|e| match e {
        p12_keystore::error::Error::MacError(_) => KeyError::WrongPassphrase { what: what.into() },
        // A wrong passphrase on a file without MAC surfaces as bad padding.
        p12_keystore::error::Error::UnpadError => KeyError::WrongPassphrase { what: what.into() },
        other => KeyError::NotPkcs12 {
            what: what.into(),
            detail: other.to_string(),
        },
    })?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or_else(|| KeyError::NoPrivateKey { what: what.into() })?;
    let key = SignerKey::from_pkcs8_der(chain.key())?;
    let public = key.public_key_der();
    let mut leaf = None;
    let mut issuers = Vec::new();
    for c in chain.chain() {
        let cert =
            Certificate::from_der(c.as_der()).map_err(|e| KeyError::Certificate(e.to_string()))?;
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| KeyError::Certificate(e.to_string()))?;
        if leaf.is_none() && spki == public {
            leaf = Some(cert);
        } else {
            issuers.push(cert);
        }
    }
    let certificate = leaf.ok_or_else(|| KeyError::NoMatchingCertificate { what: what.into() })?;
    order_chain(&certificate, &mut issuers);
    Ok(SigningIdentity {
        key,
        certificate,
        chain: issuers,
    })
}

/// Puts issuer certificates in path order (nearest issuer first); strays stay at the end.
fn order_chain(leaf: &Certificate, issuers: &mut Vec<Certificate>) {
    let mut ordered = Vec::new();
    let mut current = leaf.tbs_certificate.issuer.clone();
    while let Some(i) = issuers
        .iter()
        .position(|c| c.tbs_certificate.subject == current)
    {
        let cert = issuers.remove(i);
        let self_signed = cert.tbs_certificate.subject == cert.tbs_certificate.issuer;
        current = cert.tbs_certificate.issuer.clone();
        ordered.push(cert);
        if self_signed {
            break;
        }
    }
    ordered.append(issuers);
    *issuers = ordered;
}

/// What `demo-ca` writes: the certificate (PEM) and the encrypted private key (PEM).
#[derive(Debug, Clone)]
pub struct DemoCa {
    pub certificate_pem: String,
    pub encrypted_key_pem: String,
}

fn check_passphrase(passphrase: &str) -> Result<(), KeyError> {
    if passphrase.is_empty() {
        Err(KeyError::EmptyPassphrase)
    } else {
        Ok(())
    }
}

fn validity(years: i64) -> (time::OffsetDateTime, time::OffsetDateTime) {
    let now = time::OffsetDateTime::now_utc();
    (
        now - time::Duration::hours(1),
        now + time::Duration::days(365 * years),
    )
}

fn cert_error(e: impl std::fmt::Display) -> KeyError {
    KeyError::Certificate(e.to_string())
}

/// Creates a fictional demo certificate authority (ECDSA P-256, valid ten years) whose key
/// is encrypted with `passphrase`.
pub fn create_demo_ca(passphrase: &str) -> Result<DemoCa, KeyError> {
    check_passphrase(passphrase)?;
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(cert_error)?;
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, DEMO_CA_NAME);
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, DEMO_ORGANISATION);
    params
        .distinguished_name
        .push(rcgen::DnType::CountryName, "EC");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Constrained(0));
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
        rcgen::KeyUsagePurpose::DigitalSignature,
    ];
    (params.not_before, params.not_after) = validity(10);
    params.serial_number = Some(random_serial());
    let cert = params.self_signed(&key).map_err(cert_error)?;
    Ok(DemoCa {
        certificate_pem: cert.pem(),
        encrypted_key_pem: encrypt_pkcs8_pem(key.serialized_der(), passphrase)?,
    })
}

fn random_serial() -> rcgen::SerialNumber {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes[0] &= 0x7f; // positive INTEGER
    rcgen::SerialNumber::from_slice(&bytes)
}

fn encrypt_pkcs8_pem(der: &[u8], passphrase: &str) -> Result<String, KeyError> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut iv);
    let params = pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(
        CA_KEY_PBKDF2_ITERATIONS,
        &salt,
        &iv,
    )
    .map_err(cert_error)?;
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(cert_error)?;
    let doc = info
        .encrypt_with_params(params, passphrase)
        .map_err(cert_error)?;
    let pem = doc
        .to_pem("ENCRYPTED PRIVATE KEY", pkcs8::LineEnding::LF)
        .map_err(cert_error)?;
    Ok(pem.to_string())
}

fn decrypt_pkcs8_pem(pem: &str, passphrase: &str, what: &str) -> Result<Vec<u8>, KeyError> {
    let (label, der) = pkcs8::Document::from_pem(pem).map_err(|e| KeyError::NotDemoCa {
        path: what.into(),
        detail: format!("key file is not PEM ({e})"),
    })?;
    if label != "ENCRYPTED PRIVATE KEY" {
        return Err(KeyError::NotDemoCa {
            path: what.into(),
            detail: format!("key file holds {label:?}, expected an ENCRYPTED PRIVATE KEY"),
        });
    }
    let encrypted = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_bytes()).map_err(|e| {
        KeyError::NotDemoCa {
            path: what.into(),
            detail: e.to_string(),
        }
    })?;
    let plain = encrypted
        .decrypt(passphrase)
        .map_err(|_| KeyError::WrongPassphrase { what: what.into() })?;
    // A wrong passphrase can by chance yield valid padding; the content then fails to parse.
    pkcs8::PrivateKeyInfo::try_from(plain.as_bytes())
        .map_err(|_| KeyError::WrongPassphrase { what: what.into() })?;
    Ok(plain.as_bytes().to_vec())
}

/// Writes a new demo CA into `dir` (created if absent; existing CA files are not overwritten).
pub fn write_demo_ca(dir: &Path, passphrase: &str) -> Result<DemoCa, KeyError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| KeyError::Io { path, source }
    };
    for f in [CA_CERT_FILE, CA_KEY_FILE] {
        let p = dir.join(f);
        if p.exists() {
            return Err(KeyError::Io {
                path: p,
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a demo CA already exists here; choose another directory",
                ),
            });
        }
    }
    let ca = create_demo_ca(passphrase)?;
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let cert_path = dir.join(CA_CERT_FILE);
    std::fs::write(&cert_path, &ca.certificate_pem).map_err(io(&cert_path))?;
    let key_path = dir.join(CA_KEY_FILE);
    write_private(&key_path, ca.encrypted_key_pem.as_bytes()).map_err(io(&key_path))?;
    Ok(ca)
}

/// Writes a file readable by its owner only (it holds an encrypted private key).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options.open(path)?.write_all(bytes)
}

/// A demo member certificate as issued: the PKCS#12 bytes and who it names.
#[derive(Debug, Clone)]
pub struct IssuedMember {
    pub pkcs12: Vec<u8>,
    pub name: String,
    pub title: String,
}

/// Issues a certificate for one committee member (name and title in the subject, ECDSA
/// P-256, valid two years) from the demo CA in `ca_dir`, and packs key, certificate and CA
/// certificate into a PKCS#12 file encrypted with `p12_passphrase`.
pub fn issue_member(
    ca_dir: &Path,
    ca_passphrase: &str,
    name: &str,
    title: &str,
    p12_passphrase: &str,
) -> Result<IssuedMember, KeyError> {
    check_passphrase(p12_passphrase)?;
    for (field, value) in [("name", name), ("title", title)] {
        if value.trim().is_empty() || value.len() > 128 {
            return Err(KeyError::InvalidMember {
                field,
                value: value.into(),
                expected: "a non-empty text of at most 128 bytes",
            });
        }
    }
    let read = |f: &str| {
        let p = ca_dir.join(f);
        std::fs::read_to_string(&p).map_err(|source| KeyError::Io { path: p, source })
    };
    let ca_pem = read(CA_CERT_FILE)?;
    let ca_key_pem = read(CA_KEY_FILE)?;
    let key_what = ca_dir.join(CA_KEY_FILE).display().to_string();
    let ca_key_der = decrypt_pkcs8_pem(&ca_key_pem, ca_passphrase, &key_what)?;
    let ca_key = rcgen::KeyPair::try_from(ca_key_der.as_slice()).map_err(cert_error)?;
    let issuer =
        rcgen::Issuer::from_ca_cert_pem(&ca_pem, ca_key).map_err(|e| KeyError::NotDemoCa {
            path: ca_dir.into(),
            detail: format!("{CA_CERT_FILE}: {e}"),
        })?;

    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(cert_error)?;
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name.trim());
    // X.520 title (2.5.4.12): the member's role as printed under the signature.
    params
        .distinguished_name
        .push(rcgen::DnType::CustomDnType(vec![2, 5, 4, 12]), title.trim());
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, DEMO_ORGANISATION);
    params
        .distinguished_name
        .push(rcgen::DnType::CountryName, "EC");
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::ContentCommitment,
    ];
    params.use_authority_key_identifier_extension = true;
    (params.not_before, params.not_after) = validity(2);
    params.serial_number = Some(random_serial());
    let cert = params.signed_by(&key, &issuer).map_err(cert_error)?;

    let ca_der = pkcs8::Document::from_pem(&ca_pem)
        .map_err(|e| KeyError::NotDemoCa {
            path: ca_dir.into(),
            detail: format!("{CA_CERT_FILE}: {e}"),
        })?
        .1;
    let leaf = p12_keystore::Certificate::from_der(cert.der()).map_err(cert_error)?;
    let root = p12_keystore::Certificate::from_der(ca_der.as_bytes()).map_err(cert_error)?;
    let mut local_key_id = [0u8; 20];
    OsRng.fill_bytes(&mut local_key_id);
    let chain =
        p12_keystore::PrivateKeyChain::new(key.serialized_der(), local_key_id, [leaf, root]);
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(
        name.trim(),
        p12_keystore::KeyStoreEntry::PrivateKeyChain(chain),
    );
    let pkcs12 = store.writer(p12_passphrase).write().map_err(cert_error)?;
    Ok(IssuedMember {
        pkcs12,
        name: name.trim().into(),
        title: title.trim().into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r4_demo_member_round_trips_through_pkcs12() {
        let dir = tempfile::tempdir().unwrap();
        write_demo_ca(dir.path(), "ca secret").unwrap();
        let member = issue_member(
            dir.path(),
            "ca secret",
            "María Peñafiel",
            "Presidenta del Comité",
            "m1",
        )
        .unwrap();
        let id = load_pkcs12(&member.pkcs12, "m1", "member.p12").unwrap();
        assert_eq!(id.signer_name(), "María Peñafiel");
        assert_eq!(id.signer_title().as_deref(), Some("Presidenta del Comité"));
        assert!(matches!(id.key, SignerKey::EcdsaP256(_)));
        assert_eq!(id.chain.len(), 1);
        assert_eq!(common_name(&id.chain[0]).as_deref(), Some(DEMO_CA_NAME));
    }

    #[test]
    fn r4_wrong_passphrases_are_named() {
        let dir = tempfile::tempdir().unwrap();
        write_demo_ca(dir.path(), "ca secret").unwrap();
        let err = issue_member(dir.path(), "not it", "A", "B", "m1").unwrap_err();
        assert!(matches!(err, KeyError::WrongPassphrase { .. }), "{err}");
        let member = issue_member(dir.path(), "ca secret", "A", "B", "m1").unwrap();
        let err = load_pkcs12(&member.pkcs12, "m2", "member.p12").unwrap_err();
        assert!(
            err.to_string().contains("wrong passphrase for member.p12"),
            "{err}"
        );
    }

    #[test]
    fn r4_ca_key_at_rest_is_encrypted_and_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let ca = write_demo_ca(dir.path(), "ca secret").unwrap();
        assert!(ca
            .encrypted_key_pem
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assert!(matches!(
            write_demo_ca(dir.path(), "x"),
            Err(KeyError::Io { .. })
        ));
        assert!(matches!(create_demo_ca(""), Err(KeyError::EmptyPassphrase)));
    }

    #[test]
    fn r4_ed25519_is_refused_by_name() {
        // RFC 8410 §10.3 example private key.
        let der = [
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20, 0xd4, 0xee, 0x72, 0xdb, 0xf9, 0x13, 0x58, 0x4a, 0xd5, 0xb6, 0xd8, 0xf1,
            0xf7, 0x69, 0xf8, 0xad, 0x3a, 0xfe, 0x7c, 0x28, 0xcb, 0xf1, 0xd4, 0xfb, 0xe0, 0x97,
            0xa8, 0x8f, 0x44, 0x75, 0x58, 0x42,
        ];
        let err = SignerKey::from_pkcs8_der(&der).unwrap_err();
        assert!(
            err.to_string().starts_with("Ed25519 keys are not accepted"),
            "{err}"
        );
    }
}
