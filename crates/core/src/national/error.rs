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
