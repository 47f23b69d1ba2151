//! The committee's rules as versioned data (SPEC C-2, C-3, C-7, C-8; T-6 as the committee
//! applies it): quorum, majority and casting vote, override reasons and limits, the minimum
//! substance of a justification, review periods and the freshness window.
//!
//! Nothing here is a constant in code: the shipped defaults live in
//! `fixtures/methodologies/committee/committee-rules.toml`, a workbook may carry other
//! versions, and every decision records the id and version of the rules it was taken under.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The methodology family an agenda item is rated under; override limits and review
/// periods differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MethodologyFamily {
    /// National and regional scales (seed 001).
    National,
    /// Titularizaciones (seed 003).
    Titularizacion,
}

impl MethodologyFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            MethodologyFamily::National => "national",
            MethodologyFamily::Titularizacion => "titularizacion",
        }
    }
}

impl MethodologyFamily {
    /// The family as a trace catalogue phrase.
    pub fn message(self) -> crate::trace::TraceMessage {
        crate::trace::TraceMessage::new(match self {
            MethodologyFamily::National => "committee.family.national",
            MethodologyFamily::Titularizacion => "committee.family.titularizacion",
        })
    }
}

impl std::fmt::Display for MethodologyFamily {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a vote count becomes a decision (C-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MajorityRule {
    /// More than half of the votes cast.
    Absolute,
    /// The most votes, whatever their share.
    Plurality,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct QuorumRule {
    /// The least number of voting members (the chair included) present.
    pub min_voting_members: u32,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Majority {
    pub rule: MajorityRule,
    /// Whether the chair's vote breaks a tie between the leading ratings.
    pub chair_casting_vote: bool,
    pub basis: String,
}

/// One coded override reason, with its labels in both report languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverrideReason {
    pub code: String,
    pub en: String,
    pub es: String,
    /// The methodology families the code may be used for.
    pub applies_to: Vec<MethodologyFamily>,
}

/// The notch limit of an override for one methodology family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverrideLimit {
    pub family: MethodologyFamily,
    pub max_notches: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverridePolicy {
    /// Non-blank characters a justification keeps once the reason code and its labels are
    /// taken out.
    pub min_justification_chars: u32,
    /// Distinct words (three letters or more) a justification keeps once the reason code
    /// and its labels are taken out.
    pub min_distinct_words: u32,
    pub basis: String,
    pub limits: Vec<OverrideLimit>,
    pub reasons: Vec<OverrideReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReviewPeriods {
    /// C-8: months to the next review of a titularización or one of its classes.
    pub titularizacion_months: u32,
    /// C-8: months to the next review of any other rating.
    pub other_months: u32,
    /// C-7: months from a methodology approval to the review deadline of the ratings it
    /// affects.
    pub observation_months: u32,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct FreshnessWindow {
    /// T-6: calendar months the information cut-off may lie before the committee date.
    pub max_age_months: u32,
    pub basis: String,
}

/// A versioned set of committee rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CommitteeRules {
    /// Always "committee-rules" (the metadata convention of methodology files).
    pub kind: String,
    pub id: String,
    pub version: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub effective_date: NaiveDate,
    pub source: String,
    pub basis: String,
    pub quorum: QuorumRule,
    pub majority: Majority,
    #[serde(rename = "override")]
    pub override_policy: OverridePolicy,
    pub review: ReviewPeriods,
    pub freshness: FreshnessWindow,
}

/// What is wrong with a committee rules file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("committee rules '{id}': could not read the file: {message}")]
    Parse { id: String, message: String },
    #[error("committee rules '{id}' field {field}: {value} is not accepted; accepted: {accepted}")]
    Field {
        id: String,
        field: String,
        value: String,
        accepted: String,
    },
}

/// The accepted confidence flags of methodology data.
pub const BASIS_VALUES: &[&str] = &["verified", "inferred", "unconfirmed", "project-default"];

impl CommitteeRules {
    /// Parses and validates a committee rules file. `id` names the file in messages.
    pub fn from_toml(id: &str, text: &str) -> Result<CommitteeRules, RulesError> {
        let rules: CommitteeRules = toml::from_str(text).map_err(|e| RulesError::Parse {
            id: id.to_string(),
            message: e.to_string(),
        })?;
        rules.validate()?;
        Ok(rules)
    }

    fn field(&self, field: &str, value: impl ToString, accepted: &str) -> RulesError {
        RulesError::Field {
            id: self.id.clone(),
            field: field.to_string(),
            value: value.to_string(),
            accepted: accepted.to_string(),
        }
    }

    /// Checks ranges, uniqueness and completeness that TOML types alone cannot express.
    pub fn validate(&self) -> Result<(), RulesError> {
        if self.kind != "committee-rules" {
            return Err(self.field("kind", &self.kind, "committee-rules"));
        }
        for (field, basis) in [
            ("basis", &self.basis),
            ("quorum.basis", &self.quorum.basis),
            ("majority.basis", &self.majority.basis),
            ("override.basis", &self.override_policy.basis),
            ("review.basis", &self.review.basis),
            ("freshness.basis", &self.freshness.basis),
        ] {
            if !BASIS_VALUES.contains(&basis.as_str()) {
                return Err(self.field(field, basis, &BASIS_VALUES.join(", ")));
            }
        }
        if self.id.trim().is_empty() || self.version.trim().is_empty() {
            return Err(self.field("id/version", "(empty)", "non-empty text"));
        }
        if !(1..=25).contains(&self.quorum.min_voting_members) {
            return Err(self.field(
                "quorum.min_voting_members",
                self.quorum.min_voting_members,
                "1 to 25",
            ));
        }
        let policy = &self.override_policy;
        if !(1..=2000).contains(&policy.min_justification_chars) {
            return Err(self.field(
                "override.min_justification_chars",
                policy.min_justification_chars,
                "1 to 2000",
            ));
        }
        if !(1..=300).contains(&policy.min_distinct_words) {
            return Err(self.field(
                "override.min_distinct_words",
                policy.min_distinct_words,
                "1 to 300",
            ));
        }
        for family in [
            MethodologyFamily::National,
            MethodologyFamily::Titularizacion,
        ] {
            match policy.limits.iter().filter(|l| l.family == family).count() {
                1 => {}
                n => {
                    return Err(self.field(
                        "override.limits",
                        format!("{n} limit(s) for {family}"),
                        "exactly one limit per methodology family (national, titularizacion)",
                    ))
                }
            }
        }
        if policy.reasons.is_empty() {
            return Err(self.field("override.reasons", "(empty)", "at least one reason code"));
        }
        for (i, reason) in policy.reasons.iter().enumerate() {
            let code_ok = !reason.code.is_empty()
                && reason
                    .code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
            if !code_ok {
                return Err(self.field(
                    &format!("override.reasons[{i}].code"),
                    &reason.code,
                    "upper-case letters, digits and '-'",
                ));
            }
            if reason.en.trim().is_empty() || reason.es.trim().is_empty() {
                return Err(self.field(
                    &format!("override.reasons[{i}] ({})", reason.code),
                    "an empty label",
                    "an English and a Spanish label",
                ));
            }
            if reason.applies_to.is_empty() {
                return Err(self.field(
                    &format!("override.reasons[{i}].applies_to"),
                    "(empty)",
                    "at least one of national, titularizacion",
                ));
            }
            if policy.reasons[..i].iter().any(|r| r.code == reason.code) {
                return Err(self.field(
                    "override.reasons",
                    format!("code {} twice", reason.code),
                    "each code once",
                ));
            }
        }
        let review = &self.review;
        for (field, months) in [
            ("review.titularizacion_months", review.titularizacion_months),
            ("review.other_months", review.other_months),
            ("review.observation_months", review.observation_months),
        ] {
            if !(1..=36).contains(&months) {
                return Err(self.field(field, months, "1 to 36"));
            }
        }
        if !(1..=24).contains(&self.freshness.max_age_months) {
            return Err(self.field(
                "freshness.max_age_months",
                self.freshness.max_age_months,
                "1 to 24",
            ));
        }
        Ok(())
    }

    /// The override limit in notches for a methodology family. Total after `validate`.
    pub fn override_limit(&self, family: MethodologyFamily) -> u32 {
        self.override_policy
            .limits
            .iter()
            .find(|l| l.family == family)
            .map(|l| l.max_notches)
            // Invariant: `validate` requires one limit per family; zero is the strictest
            // reading should a caller build rules by hand without validating.
            .unwrap_or(0)
    }

    /// The reason codes usable for a methodology family, in list order.
    pub fn reasons_for(&self, family: MethodologyFamily) -> impl Iterator<Item = &OverrideReason> {
        self.override_policy
            .reasons
            .iter()
            .filter(move |r| r.applies_to.contains(&family))
    }

    /// "id version", as decisions record it.
    pub fn label(&self) -> String {
        format!("{} {}", self.id, self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    #[test]
    fn shipped_rules_parse_with_the_documented_defaults() {
        let rules = builtin::committee_rules();
        assert_eq!(rules.kind, "committee-rules");
        assert_eq!(rules.quorum.min_voting_members, 3);
        assert_eq!(rules.majority.rule, MajorityRule::Absolute);
        assert!(rules.majority.chair_casting_vote);
        assert_eq!(rules.review.titularizacion_months, 6);
        assert_eq!(rules.review.other_months, 12);
        assert_eq!(rules.review.observation_months, 6);
        assert_eq!(
            rules.freshness.max_age_months,
            crate::freshness::DEFAULT_MAX_AGE_MONTHS
        );
        assert_eq!(rules.override_limit(MethodologyFamily::National), 2);
        assert!(rules
            .reasons_for(MethodologyFamily::Titularizacion)
            .all(|r| r.code != "GROUP-SUPPORT"));
    }

    #[test]
    fn c2_bad_parameters_are_named_with_the_accepted_range() {
        let text = builtin::COMMITTEE_RULES_TOML
            .replace("min_voting_members = 3", "min_voting_members = 0");
        let err = CommitteeRules::from_toml("t", &text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "committee rules 'ratebook-committee-rules' field quorum.min_voting_members: 0 is not accepted; accepted: 1 to 25"
        );
        let text = builtin::COMMITTEE_RULES_TOML.replace("rule = \"absolute\"", "rule = \"most\"");
        assert!(matches!(
            CommitteeRules::from_toml("t", &text),
            Err(RulesError::Parse { .. })
        ));
        let text = builtin::COMMITTEE_RULES_TOML.replace("[quorum]", "[quorum]\nextra = 1");
        assert!(matches!(
            CommitteeRules::from_toml("t", &text),
            Err(RulesError::Parse { .. })
        ));
    }

    #[test]
    fn c3_reason_codes_are_unique_and_limits_cover_each_family() {
        let text = builtin::COMMITTEE_RULES_TOML.replace("code = \"PEER\"", "code = \"EVENT\"");
        let err = CommitteeRules::from_toml("t", &text).unwrap_err();
        assert!(err.to_string().contains("code EVENT twice"), "{err}");
        let text = builtin::COMMITTEE_RULES_TOML.replacen(
            "family = \"titularizacion\"",
            "family = \"national\"",
            1,
        );
        let err = CommitteeRules::from_toml("t", &text).unwrap_err();
        assert!(err.to_string().contains("2 limit(s) for national"), "{err}");
    }

    #[test]
    fn basis_flags_are_checked() {
        let text =
            builtin::COMMITTEE_RULES_TOML.replace("basis = \"verified\"", "basis = \"sure\"");
        let err = CommitteeRules::from_toml("t", &text).unwrap_err();
        assert!(err.to_string().contains("freshness.basis: sure"), "{err}");
    }
}
