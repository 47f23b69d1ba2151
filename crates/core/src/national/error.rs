//! What the national engine refuses, with the field, the value and what is accepted.

use crate::scale::{GlobalRating, UnknownSymbol};
use crate::trace::{msg, TraceMessage};
use std::fmt;

/// Errors of the national scale engine. Each names the rule it enforces.
#[derive(Debug, Clone, PartialEq)]
pub enum NationalError {
    Symbol {
        field: String,
        source: UnknownSymbol,
    },
    SpecNotFound {
        id: String,
        known: String,
    },
    NoVersionInForce {
        scale: String,
        date: String,
        versions: String,
    },
    NotCovered {
        spec: String,
        global: GlobalRating,
        covered: String,
    },
    OptionNotListed {
        field: String,
        value: String,
        global: GlobalRating,
        options: String,
    },
    PeerRank {
        field: String,
        value: String,
    },
    HolisticOutOfRange {
        field: String,
        value: i32,
    },
    HolisticWithoutRationale {
        field: String,
        notches: i32,
    },
    HolisticAboveSovereign {
        field: String,
        notches: i32,
        before: String,
        after: String,
        sovereign: String,
    },
    HolisticOnDefault {
        field: String,
        value: String,
    },
    SovereignNotInScale {
        country: String,
        scale: String,
        countries: String,
    },
    SovereignNotOwn {
        country: String,
        sovereign: String,
    },
    RecoveryOnInvestmentGrade {
        field: String,
        value: String,
        global: GlobalRating,
    },
    UnknownName {
        rule: &'static str,
        field: String,
        value: String,
        accepted: String,
    },
    Missing {
        rule: &'static str,
        field: String,
        why: TraceMessage,
    },
    NotApplicable {
        rule: &'static str,
        field: String,
        why: TraceMessage,
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

impl fmt::Display for NationalError {
    /// The English wording of [`NationalError::message`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for NationalError {}

impl NationalError {
    /// The refusal as a catalogue message (`national.error.*` in `trace.json`), complete
    /// with its rule id: the window's and the CLI's text in the reader's language.
    pub fn message(&self) -> TraceMessage {
        use NationalError::*;
        match self {
            Symbol { field, source } => {
                msg!(
                    "national.error.field",
                    field = field,
                    problem = source.message()
                )
            }
            SpecNotFound { id, known } => {
                msg!("national.error.spec_not_found", id = id, known = known)
            }
            NoVersionInForce {
                scale,
                date,
                versions,
            } => msg!(
                "national.error.no_version_in_force",
                scale = scale,
                date = date,
                versions = versions,
            ),
            NotCovered {
                spec,
                global,
                covered,
            } => msg!(
                "national.error.not_covered",
                spec = spec,
                global = global.as_str(),
                covered = covered,
            ),
            OptionNotListed {
                field,
                value,
                global,
                options,
            } => msg!(
                "national.error.option_not_listed",
                field = field,
                value = value,
                global = global.as_str(),
                options = options,
            ),
            PeerRank { field, value } => {
                msg!("national.error.peer_rank", field = field, value = value)
            }
            HolisticOutOfRange { field, value } => msg!(
                "national.error.holistic_out_of_range",
                field = field,
                value = *value,
            ),
            HolisticWithoutRationale { field, notches } => msg!(
                "national.error.holistic_without_rationale",
                field = field,
                notches = *notches,
            ),
            HolisticAboveSovereign {
                field,
                notches,
                before,
                after,
                sovereign,
            } => msg!(
                "national.error.holistic_above_sovereign",
                field = field,
                notches = *notches,
                before = before,
                after = after,
                sovereign = sovereign,
            ),
            HolisticOnDefault { field, value } => msg!(
                "national.error.holistic_on_default",
                field = field,
                value = value,
            ),
            SovereignNotInScale {
                country,
                scale,
                countries,
            } => msg!(
                "national.error.sovereign_not_in_scale",
                country = country,
                scale = scale,
                countries = countries,
            ),
            SovereignNotOwn { country, sovereign } => msg!(
                "national.error.sovereign_not_own",
                country = country,
                sovereign = sovereign,
            ),
            RecoveryOnInvestmentGrade {
                field,
                value,
                global,
            } => msg!(
                "national.error.recovery_on_investment_grade",
                field = field,
                value = value,
                global = global.as_str(),
            ),
            UnknownName {
                rule,
                field,
                value,
                accepted,
            } => msg!(
                "national.error.unknown_name",
                rule = *rule,
                field = field,
                value = value,
                accepted = accepted,
            ),
            Missing { rule, field, why } => msg!(
                "national.error.missing",
                rule = *rule,
                field = field,
                why = why.clone(),
            ),
            NotApplicable { rule, field, why } => msg!(
                "national.error.not_applicable",
                rule = *rule,
                field = field,
                why = why.clone(),
            ),
        }
    }
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
