//! What the national engine refuses, with the field, the value and what is accepted.

use crate::scale::{GlobalRating, UnknownSymbol};

/// Errors of the national scale engine. Each names the rule it enforces.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NationalError {
    #[error("{field}: {source}")]
    Symbol {
        field: String,
        #[source]
        source: UnknownSymbol,
    },
    #[error("N-1: no shipped or given spec with id '{id}'; known: {known}")]
    SpecNotFound { id: String, known: String },
    #[error("N-1: no version of scale '{scale}' is in force on {date}; versions: {versions}")]
    NoVersionInForce {
        scale: String,
        date: String,
        versions: String,
    },
    #[error("N-3: spec '{spec}' has no row for global {global}; rows cover: {covered}")]
    NotCovered {
        spec: String,
        global: GlobalRating,
        covered: String,
    },
    #[error("N-4: {field} '{value}' is not an option at global {global}; options: {options}")]
    OptionNotListed {
        field: String,
        value: String,
        global: GlobalRating,
        options: String,
    },
    #[error("N-4: {field} is {value}; a peer rank needs 1 <= rank <= of")]
    PeerRank { field: String, value: String },
    #[error("N-5: {field} is {value}; a holistic adjustment is -3…+3 notches")]
    HolisticOutOfRange { field: String, value: i32 },
    #[error("N-5: {field}: a holistic adjustment of {notches} notches needs a rationale in words")]
    HolisticWithoutRationale { field: String, notches: i32 },
    #[error("N-5: {field} of +{notches} would lift {before} to {after}, above the sovereign's national rating {sovereign}; a holistic adjustment cannot do that")]
    HolisticAboveSovereign {
        field: String,
        notches: i32,
        before: String,
        after: String,
        sovereign: String,
    },
    #[error("N-5: {field}: {value} is a default state; a holistic adjustment applies to notched ratings only")]
    HolisticOnDefault { field: String, value: String },
    #[error("N-12: sovereign.country '{country}' is not covered by scale '{scale}'; countries: {countries}")]
    SovereignNotInScale {
        country: String,
        scale: String,
        countries: String,
    },
    #[error("N-12: country '{country}' of the entity differs from sovereign.country '{sovereign}'; the cap uses the entity's own sovereign")]
    SovereignNotOwn { country: String, sovereign: String },
    #[error("N-8b: {field} '{value}': recovery ratings apply only when global issuer credit quality is BB+ or lower; it is {global}")]
    RecoveryOnInvestmentGrade {
        field: String,
        value: String,
        global: GlobalRating,
    },
    #[error("{rule}: {field} '{value}' is not known; accepted: {accepted}")]
    UnknownName {
        rule: &'static str,
        field: String,
        value: String,
        accepted: String,
    },
    #[error("{rule}: {field} is required: {why}")]
    Missing {
        rule: &'static str,
        field: String,
        why: String,
    },
    #[error("{rule}: {field}: {why}")]
    NotApplicable {
        rule: &'static str,
        field: String,
        why: String,
    },
}

/// A refusal of the engine taken apart for a form: the rule, a stable name of the refusal
/// (the key of its translated text), the input field, the value given and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalParts {
    pub rule: &'static str,
    pub code: &'static str,
    pub field: Option<String>,
    pub value: Option<String>,
    pub accepted: Option<String>,
}

impl NationalError {
    /// The rule, field, value and accepted set of this refusal, so that a window can show
    /// it next to the field it concerns in the person's language.
    pub fn parts(&self) -> RefusalParts {
        let p = |rule, code, field: &str, value: Option<String>, accepted: Option<String>| {
            RefusalParts {
                rule,
                code,
                field: Some(field.to_string()),
                value,
                accepted,
            }
        };
        match self {
            NationalError::Symbol { field, source } => p(
                "N-1",
                "symbol",
                field,
                Some(source.symbol.clone()),
                Some(source.accepted.clone()),
            ),
            NationalError::SpecNotFound { id, known } => p(
                "N-1",
                "spec-not-found",
                "spec",
                Some(id.clone()),
                Some(known.clone()),
            ),
            NationalError::NoVersionInForce {
                scale,
                date,
                versions,
            } => p(
                "N-1",
                "no-version-in-force",
                "date",
                Some(format!("{scale} {date}")),
                Some(versions.clone()),
            ),
            NationalError::NotCovered {
                global, covered, ..
            } => p(
                "N-3",
                "not-covered",
                "global_lc",
                Some(global.to_string()),
                Some(covered.clone()),
            ),
            NationalError::OptionNotListed {
                field,
                value,
                options,
                ..
            } => p(
                "N-4",
                "option-not-listed",
                field,
                Some(value.clone()),
                Some(options.clone()),
            ),
            NationalError::PeerRank { field, value } => p(
                "N-4",
                "peer-rank",
                field,
                Some(value.clone()),
                Some("1 <= rank <= of".into()),
            ),
            NationalError::HolisticOutOfRange { field, value } => p(
                "N-5",
                "holistic-range",
                field,
                Some(value.to_string()),
                Some("-3…+3".into()),
            ),
            NationalError::HolisticWithoutRationale { field, notches } => p(
                "N-5",
                "holistic-rationale",
                field,
                Some(notches.to_string()),
                None,
            ),
            NationalError::HolisticAboveSovereign {
                field,
                notches,
                sovereign,
                ..
            } => p(
                "N-5",
                "holistic-above-sovereign",
                field,
                Some(format!("{notches:+}")),
                Some(sovereign.clone()),
            ),
            NationalError::HolisticOnDefault { field, value } => p(
                "N-5",
                "holistic-on-default",
                field,
                Some(value.clone()),
                None,
            ),
            NationalError::SovereignNotInScale {
                country, countries, ..
            } => p(
                "N-12",
                "sovereign-not-in-scale",
                "sovereign.country",
                Some(country.clone()),
                Some(countries.clone()),
            ),
            NationalError::SovereignNotOwn { country, sovereign } => p(
                "N-12",
                "sovereign-not-own",
                "country",
                Some(country.clone()),
                Some(sovereign.clone()),
            ),
            NationalError::RecoveryOnInvestmentGrade { field, value, .. } => p(
                "N-8b",
                "recovery-on-investment-grade",
                field,
                Some(value.clone()),
                Some("global BB+ or lower".into()),
            ),
            NationalError::UnknownName {
                rule,
                field,
                value,
                accepted,
            } => p(
                rule,
                "unknown-name",
                field,
                Some(value.clone()),
                Some(accepted.clone()),
            ),
            NationalError::Missing { rule, field, .. } => p(rule, "missing", field, None, None),
            NationalError::NotApplicable { rule, field, .. } => {
                p(rule, "not-applicable", field, None, None)
            }
        }
    }
}

#[cfg(test)]
mod parts_tests {
    use super::*;

    #[test]
    fn n5_a_holistic_refusal_names_its_rule_field_value_and_range() {
        let e = NationalError::HolisticOutOfRange {
            field: "holistic.notches".into(),
            value: 5,
        };
        let p = e.parts();
        assert_eq!(
            (p.rule, p.code, p.field.as_deref(), p.value.as_deref()),
            ("N-5", "holistic-range", Some("holistic.notches"), Some("5"))
        );
        assert!(e.to_string().starts_with(p.rule));
    }
}
