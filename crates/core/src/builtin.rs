//! Methodology data shipped with Ratebook, embedded at compile time from `fixtures/`.
//!
//! Embedding keeps the core free of I/O while letting the CLI and the app start with the
//! published tables; a workbook may carry other versions of the same data.

use crate::scale::ShortTermLink;

/// Source text of the S&P long- to short-term linkage table (inferred; see the file).
pub const SHORT_TERM_LINK_TOML: &str =
    include_str!("../../../fixtures/methodologies/short_term/sp-lt-st-link.toml");

/// The shipped S&P long- to short-term linkage table.
pub fn short_term_link() -> ShortTermLink {
    // Invariant: the embedded fixture is validated by this crate's tests.
    ShortTermLink::from_toml("sp-lt-st-link", SHORT_TERM_LINK_TOML)
        .expect("embedded fixture sp-lt-st-link.toml is valid")
}

/// Source text of the shipped committee rules (C-2 quorum and majority, C-3 override reasons
/// and limits, C-7/C-8 review periods, T-6 freshness window).
pub const COMMITTEE_RULES_TOML: &str =
    include_str!("../../../fixtures/methodologies/committee/committee-rules.toml");

/// The shipped committee rules.
pub fn committee_rules() -> crate::committee::CommitteeRules {
    // Invariant: the embedded fixture is validated by this crate's tests.
    crate::committee::CommitteeRules::from_toml("committee-rules", COMMITTEE_RULES_TOML)
        .expect("embedded fixture committee-rules.toml is valid")
}

/// Source text of the titularización methodology data (weights, bands, coverage and
/// equilibrium parameters; `basis = "project-default"`, see the file).
pub const TITULARIZACION_WEIGHTS_TOML: &str = include_str!(
    "../../../fixtures/methodologies/titularizacion/class-titularizacion-default.toml"
);

/// The shipped titularización methodology data (T-3).
pub fn titularizacion_ponderacion() -> crate::titularizacion::ponderacion::Ponderacion {
    // Invariant: the embedded fixture is validated by this crate's tests.
    crate::titularizacion::ponderacion::Ponderacion::from_toml(TITULARIZACION_WEIGHTS_TOML)
        .expect("embedded fixture class-titularizacion-default.toml is valid")
}
