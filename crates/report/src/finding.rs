//! What the verifier found wrong with a signature, or why its signer is not trusted
//! (SPEC R-3, §7): a stable code, its named arguments and, when a library refused the
//! bytes, that library's own words as a technical detail.
//!
//! The wording is one catalogue per language, `ui/src/lib/i18n/{es,en}/signatures.json`
//! (key = the code; `with_detail` joins a sentence and a library's detail). The English
//! text the CLI prints (`problems` of `ratebook verify --json`) is rendered here from the
//! English file, so the CLI and the window word a finding from the same place.

use ratebook_core::trace::{substitute, Catalogue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The English wording of the findings, embedded at compile time from the UI's catalogue.
pub const CATALOGUE_EN: &str = include_str!("../../../ui/src/lib/i18n/en/signatures.json");
/// The Spanish wording of the findings, embedded at compile time from the UI's catalogue.
pub const CATALOGUE_ES: &str = include_str!("../../../ui/src/lib/i18n/es/signatures.json");

/// The catalogue key that words a finding followed by a library's detail.
pub const WITH_DETAIL: &str = "with_detail";

/// Declares [`FindingCode`] from one list, each code with the names of its arguments, so
/// that `ALL` and `args` cannot miss a code.
macro_rules! finding_codes {
    ($( $code:ident => [$($arg:literal),*] ),+ $(,)?) => {
        /// Every kind of finding; its snake-case name is its catalogue key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum FindingCode {
            $( $code, )+
        }

        impl FindingCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [FindingCode] = &[ $( FindingCode::$code ),+ ];

            /// The names of the arguments a finding of this code carries: exactly the
            /// placeholders of its message in both catalogues.
            pub fn args(self) -> &'static [&'static str] {
                match self {
                    $( FindingCode::$code => &[$($arg),*], )+
                }
            }
        }
    };
}

finding_codes! {
    // The signature itself (verify).
    CertificationNotFirst => [],
    NotASignatureDictionary => [],
    InvalidByteRange => ["range"],
    GapNotContents => [],
    EmptyContents => [],
    NotCms => [],
    NotSignedData => [],
    NoSigner => [],
    SignerCertificateMissing => [],
    DigestNotSha256 => [],
    NoSignedAttributes => [],
    NoMessageDigest => [],
    DigestMismatch => [],
    SigningCertificateMismatch => [],
    SignedAttributesUnencodable => [],
    UnreadablePublicKey => [],
    UnsupportedAlgorithm => ["algorithm"],
    SignatureInvalid => [],
    // The revisions after it (verify).
    ChangedUnderP1 => [],
    SignedRevisionUnparsable => [],
    CatalogReplaced => [],
    ObjectDeleted => ["object"],
    ObjectChanged => ["object"],
    ObjectAdded => ["object"],
    // Trust in the signer's certificate (trust, the workbench's verification).
    CertificateNotValidAtSigning => ["certificate"],
    AnchorNotValidAtSigning => ["anchor"],
    DoesNotChain => ["anchor", "certificate"],
    NoSigningCertificate => [],
}

impl FindingCode {
    /// The catalogue key (the code's snake-case name).
    pub fn key(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => unreachable!("a unit variant serialises as its name"),
        }
    }
}

/// One finding: its code, its arguments by name (one per placeholder of its message) and,
/// when a library refused the bytes, the library's own error text, shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatureFinding {
    pub code: FindingCode,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// A library's own words (e.g. a CMS decoding error), never translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detail: Option<String>,
}

impl SignatureFinding {
    /// A finding of `code` without arguments.
    pub fn new(code: FindingCode) -> Self {
        SignatureFinding {
            code,
            args: BTreeMap::new(),
            detail: None,
        }
    }

    /// Adds an argument; `name` must be one of `code.args()`.
    pub fn arg(mut self, name: &str, value: impl Into<String>) -> Self {
        debug_assert!(
            self.code.args().contains(&name),
            "{:?} has no argument {name}",
            self.code
        );
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// Adds a library's own error text.
    pub fn detail(mut self, detail: impl ToString) -> Self {
        self.detail = Some(detail.to_string());
        self
    }

    /// The finding in `catalogue`'s language: its message with the arguments, then the
    /// library's detail through `with_detail` when there is one.
    pub fn render(&self, catalogue: &Catalogue) -> String {
        let key = self.code.key();
        let sentence = match catalogue.get(&key) {
            Some(template) => substitute(template, &|name, _| self.args.get(name).cloned()),
            // Not reachable with the shipped catalogues (the tests below hold them).
            None => key,
        };
        match (&self.detail, catalogue.get(WITH_DETAIL)) {
            (Some(detail), Some(template)) => substitute(template, &|name, _| match name {
                "finding" => Some(sentence.clone()),
                "detail" => Some(detail.clone()),
                _ => None,
            }),
            (Some(detail), None) => format!("{sentence} ({detail})"),
            (None, _) => sentence,
        }
    }

    /// The finding in English, as the CLI prints it.
    pub fn english(&self) -> String {
        self.render(english())
    }
}

impl std::fmt::Display for SignatureFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// The English catalogue of findings.
pub fn english() -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    EN.get_or_init(|| Catalogue::parse("en", CATALOGUE_EN).expect("en/signatures.json parses"))
}

/// The Spanish catalogue of findings.
pub fn spanish() -> &'static Catalogue {
    static ES: OnceLock<Catalogue> = OnceLock::new();
    ES.get_or_init(|| Catalogue::parse("es", CATALOGUE_ES).expect("es/signatures.json parses"))
}

#[cfg(test)]
mod tests {
    //! SPEC §7: every finding code has its message in both catalogues, with exactly the
    //! placeholders of its arguments, and the catalogues hold nothing else (the pattern of
    //! `crates/core/tests/trace_catalogue.rs`).
    use super::*;
    use ratebook_core::trace::placeholders;
    use std::collections::BTreeSet;

    fn wanted(catalogue: &Catalogue, key: &str) -> Option<BTreeSet<String>> {
        catalogue
            .get(key)
            .map(|t| placeholders(t).into_iter().map(|p| p.name).collect())
    }

    #[test]
    fn spec_7_every_finding_code_is_in_both_catalogues_with_its_arguments() {
        let mut problems = Vec::new();
        for cat in [english(), spanish()] {
            for &code in FindingCode::ALL {
                let args: BTreeSet<String> = code.args().iter().map(|a| a.to_string()).collect();
                match wanted(cat, &code.key()) {
                    None => problems.push(format!("{}: no key {}", cat.lang, code.key())),
                    Some(p) if p != args => problems.push(format!(
                        "{}: {} has placeholders {p:?}, the code passes {args:?}",
                        cat.lang,
                        code.key()
                    )),
                    Some(_) => {}
                }
            }
            let joined: BTreeSet<String> = ["detail", "finding"].map(String::from).into();
            if wanted(cat, WITH_DETAIL) != Some(joined) {
                problems.push(format!(
                    "{}: {WITH_DETAIL} needs {{finding}} and {{detail}}",
                    cat.lang
                ));
            }
            // Nothing in the file that no code uses (a stale or misspelt key).
            let known: BTreeSet<String> = FindingCode::ALL
                .iter()
                .map(|c| c.key())
                .chain([WITH_DETAIL.to_string()])
                .collect();
            for key in cat.keys() {
                if !known.contains(key) {
                    problems.push(format!("{}: {key} is no finding code", cat.lang));
                }
                if cat.get(key).is_some_and(|t| t.trim().is_empty()) {
                    problems.push(format!("{}: {key} is empty", cat.lang));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn spec_7_a_finding_reads_in_each_language_with_the_library_detail_as_it_is() {
        let f =
            SignatureFinding::new(FindingCode::NotCms).detail("ASN.1 DER message is incomplete");
        assert_eq!(
            f.english(),
            "the signature is not CMS (ASN.1 DER message is incomplete)"
        );
        assert_eq!(
            f.render(spanish()),
            "la firma no es CMS (detalle técnico de la biblioteca de firmas, en inglés: \
             ASN.1 DER message is incomplete)"
        );
        let chain = SignatureFinding::new(FindingCode::DoesNotChain)
            .arg("certificate", "Ana Demo")
            .arg("anchor", "Otra CA");
        assert_eq!(
            chain.english(),
            "the certificate of Ana Demo does not chain to Otra CA"
        );
        assert_eq!(
            chain.render(spanish()),
            "el certificado de Ana Demo no se encadena con Otra CA"
        );
        assert_eq!(chain.to_string(), chain.english());
        // The JSON form: code, arguments when there are any, detail when there is one.
        assert_eq!(
            serde_json::to_value(&chain).unwrap(),
            serde_json::json!({"code": "does_not_chain",
                               "args": {"anchor": "Otra CA", "certificate": "Ana Demo"}})
        );
        assert_eq!(
            serde_json::to_value(SignatureFinding::new(FindingCode::DigestMismatch)).unwrap(),
            serde_json::json!({"code": "digest_mismatch"})
        );
    }
}
