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

/// Source text of the shipped national and regional mapping specs (N-1), by file name.
pub const NATIONAL_SPECS_TOML: &[(&str, &str)] = &[
    (
        "sp-xx-table1.toml",
        include_str!("../../../fixtures/methodologies/national/sp-xx-table1.toml"),
    ),
    (
        "sp-ax-asean-2009.toml",
        include_str!("../../../fixtures/methodologies/national/sp-ax-asean-2009.toml"),
    ),
    (
        "gcr-za-2016-12-09.toml",
        include_str!("../../../fixtures/methodologies/national/gcr-za-2016-12-09.toml"),
    ),
    (
        "gcr-za-2017-04-26.toml",
        include_str!("../../../fixtures/methodologies/national/gcr-za-2017-04-26.toml"),
    ),
    (
        "austin-br.toml",
        include_str!("../../../fixtures/methodologies/national/austin-br.toml"),
    ),
];

/// Source text of the national notching parameters (N-8, N-14).
pub const NATIONAL_NOTCHING_TOML: &str =
    include_str!("../../../fixtures/methodologies/national/sp-national-notching.toml");

/// Source text of the seed's Table 2 (N-7, standard).
pub const NATIONAL_SHORT_TERM_STANDARD_TOML: &str =
    include_str!("../../../fixtures/methodologies/national/sp-national-st-table2.toml");

/// Source text of the alternative national short-term table (N-7, inferred).
pub const NATIONAL_SHORT_TERM_ALTERNATIVE_TOML: &str =
    include_str!("../../../fixtures/methodologies/national/sp-national-st-alternative.toml");

/// The ids of the shipped mapping specs, in the order above, without reading them: each
/// file is named after its spec's id.
pub fn national_spec_ids() -> impl Iterator<Item = &'static str> {
    NATIONAL_SPECS_TOML
        .iter()
        .map(|(name, _)| name.strip_suffix(".toml").unwrap_or(name))
}

/// The shipped mapping specs, in the order above.
pub fn national_specs() -> Vec<crate::national::spec::MappingSpec> {
    NATIONAL_SPECS_TOML
        .iter()
        .map(|(name, text)| {
            // Invariant: the embedded fixtures are parsed and validated by this crate's tests.
            crate::national::spec::MappingSpec::from_toml(text)
                .unwrap_or_else(|e| panic!("embedded fixture {name} is valid: {e}"))
        })
        .collect()
}

/// The shipped notching parameters and short-term tables.
pub fn national_parameters() -> crate::national::notching::NationalParameters {
    use crate::national::notching::{NationalParameters, NotchingParameters, ShortTermTable};
    // Invariant: the embedded fixtures are parsed by this crate's tests.
    NationalParameters {
        notching: NotchingParameters::from_toml(NATIONAL_NOTCHING_TOML)
            .expect("embedded fixture sp-national-notching.toml is valid"),
        short_term_standard: ShortTermTable::from_toml(NATIONAL_SHORT_TERM_STANDARD_TOML)
            .expect("embedded fixture sp-national-st-table2.toml is valid"),
        short_term_alternative: ShortTermTable::from_toml(NATIONAL_SHORT_TERM_ALTERNATIVE_TOML)
            .expect("embedded fixture sp-national-st-alternative.toml is valid"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::national::spec::validate;

    #[test]
    fn n1_every_shipped_spec_parses_and_validates_without_errors() {
        let specs = national_specs();
        assert_eq!(specs.len(), NATIONAL_SPECS_TOML.len());
        for spec in &specs {
            let v = validate(spec);
            assert!(v.valid, "{}: {:#?}", spec.id, v.errors);
        }
        let ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(id), "duplicate spec id {id}");
        }
        // The ids known without reading the specs are theirs.
        assert_eq!(national_spec_ids().collect::<Vec<_>>(), ids);
    }

    #[test]
    fn n8_shipped_parameters_parse() {
        let p = national_parameters();
        assert_eq!(p.notching.recovery.rows.len(), 7);
        assert_eq!(p.short_term_standard.basis, "verified");
        assert_eq!(p.short_term_alternative.basis, "inferred");
    }
}
