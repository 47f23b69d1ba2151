//! Rating records (SPEC C-6; `reference/rating-records.md`): what every decision keeps
//! besides its vote — the action type, solicited or not, issuer participation, the lead
//! analyst and the approvers with their titles, the information sources and cut-off, the
//! methodology version, the key assumptions, the publication date.
//!
//! The action type is derived from the previous outstanding rating wherever possible
//! (new, affirmation, upgrade, downgrade); watch placements and withdrawals are declared.
//! A declared type that contradicts the ratings is refused.

use super::lifecycle::MethodologyRef;
use super::member::PersonOfRecord;
use super::refusal::CommitteeError;
use super::scale::ItemScale;
use super::session::SessionNumber;
use crate::scale::CreditWatch;
use crate::trace::{msg, TraceMessage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of rating action (C-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ActionType {
    New,
    Affirmation,
    Upgrade,
    Downgrade,
    /// Placement on CreditWatch ("en observación").
    Watch,
    Withdrawal,
}

impl ActionType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionType::New => "new",
            ActionType::Affirmation => "affirmation",
            ActionType::Upgrade => "upgrade",
            ActionType::Downgrade => "downgrade",
            ActionType::Watch => "watch",
            ActionType::Withdrawal => "withdrawal",
        }
    }
}

/// What the session file says about the record of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct RecordDetails {
    /// Whether the issuer or arranger requested the rating.
    pub solicited: bool,
    /// Whether the issuer took part (management meetings, non-public information).
    pub issuer_participation: bool,
    /// The main information sources, e.g. "Estados financieros auditados 2021".
    pub information_sources: Vec<String>,
    /// The key assumptions of the analysis (and its sensitivity), in words.
    pub key_assumptions: Vec<String>,
    /// When the rating is (to be) published; on or after the committee date.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub publication_date: Option<NaiveDate>,
    /// The action type when it is declared rather than derived; required for watch and
    /// withdrawal.
    #[serde(default)]
    pub action: Option<ActionType>,
    /// The CreditWatch direction of a watch placement.
    #[serde(default)]
    pub watch: Option<CreditWatch>,
}

impl RecordDetails {
    /// C-6: sources and assumptions listed, watch placements say their direction.
    pub fn validate(&self, item: &str) -> Result<(), CommitteeError> {
        let empty = |field: &str, expected: TraceMessage| CommitteeError::ItemFieldEmpty {
            item: item.to_string(),
            field: field.to_string(),
            expected,
        };
        let blank = |v: &[String]| v.is_empty() || v.iter().any(|s| s.trim().is_empty());
        if blank(&self.information_sources) {
            return Err(empty(
                "record.information_sources",
                msg!("refusal.expected.information_sources"),
            ));
        }
        if blank(&self.key_assumptions) {
            return Err(empty(
                "record.key_assumptions",
                msg!("refusal.expected.key_assumptions"),
            ));
        }
        if self.action == Some(ActionType::Watch) && self.watch.is_none() {
            return Err(empty("record.watch", msg!("refusal.expected.watch")));
        }
        Ok(())
    }
}

/// The outstanding rating a new decision is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviousRating {
    pub rating: String,
    pub scale_id: String,
    pub session: SessionNumber,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
}

/// The record a decision keeps (C-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatingRecord {
    pub action: ActionType,
    /// True when the action type was derived from the ratings, false when declared.
    pub action_derived: bool,
    pub previous: Option<PreviousRating>,
    pub watch: Option<CreditWatch>,
    pub solicited: bool,
    pub issuer_participation: bool,
    pub lead_analyst: PersonOfRecord,
    /// The voting members who voted for the decided rating, with their titles.
    pub approvers: Vec<PersonOfRecord>,
    pub information_sources: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub information_cutoff: NaiveDate,
    pub methodology: MethodologyRef,
    pub key_assumptions: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub decision_date: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub publication_date: Option<NaiveDate>,
}

/// C-6: the action type of deciding `decided` on `scale`, given the subject's outstanding
/// rating and what the file declares. Returns the type and whether it was derived.
pub fn action_type(
    item: &str,
    subject: &str,
    previous: Option<&PreviousRating>,
    scale: &ItemScale,
    decided: &str,
    declared: Option<ActionType>,
) -> Result<(ActionType, bool), CommitteeError> {
    let Some(previous) = previous else {
        return match declared {
            None | Some(ActionType::New) => Ok((ActionType::New, declared.is_none())),
            Some(action) => Err(CommitteeError::ActionNeedsPrevious {
                item: item.to_string(),
                action: action.as_str().to_string(),
                subject: subject.to_string(),
            }),
        };
    };
    match declared {
        Some(ActionType::New) => {
            return Err(CommitteeError::NotNew {
                item: item.to_string(),
                subject: subject.to_string(),
                previous: previous.rating.clone(),
            })
        }
        Some(action @ (ActionType::Watch | ActionType::Withdrawal)) => return Ok((action, false)),
        _ => {}
    }
    let derived = if previous.scale_id == scale.id {
        scale.index(&previous.rating).ok().map(|before| {
            // Invariant: `decided` was checked against the scale by the vote.
            let after = scale.index(decided).unwrap_or(before);
            match after.cmp(&before) {
                std::cmp::Ordering::Less => ActionType::Upgrade,
                std::cmp::Ordering::Greater => ActionType::Downgrade,
                std::cmp::Ordering::Equal => ActionType::Affirmation,
            }
        })
    } else {
        None
    };
    match (derived, declared) {
        (Some(d), None) => Ok((d, true)),
        (Some(d), Some(x)) if d == x => Ok((d, true)),
        (Some(d), Some(x)) => Err(CommitteeError::ActionMismatch {
            item: item.to_string(),
            declared: x.as_str().to_string(),
            derived: d.as_str().to_string(),
            previous: previous.rating.clone(),
            decided: decided.to_string(),
        }),
        (None, Some(x)) => Ok((x, false)),
        (None, None) => Err(CommitteeError::ActionNotDerivable {
            item: item.to_string(),
            previous: previous.rating.clone(),
            previous_scale: previous.scale_id.clone(),
            scale: scale.id.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> ItemScale {
        ItemScale {
            id: "s".into(),
            symbols: ["AAA", "AA", "A", "B"].map(String::from).to_vec(),
        }
    }

    fn prev(rating: &str, scale_id: &str) -> PreviousRating {
        PreviousRating {
            rating: rating.into(),
            scale_id: scale_id.into(),
            session: "1/2022".parse().unwrap(),
            date: NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
        }
    }

    #[test]
    fn c6_action_types_are_derived_from_the_previous_rating() {
        let s = scale();
        let p = prev("AA", "s");
        assert_eq!(
            action_type("1", "x", None, &s, "AA", None),
            Ok((ActionType::New, true))
        );
        assert_eq!(
            action_type("1", "x", Some(&p), &s, "AAA", None),
            Ok((ActionType::Upgrade, true))
        );
        assert_eq!(
            action_type("1", "x", Some(&p), &s, "A", None),
            Ok((ActionType::Downgrade, true))
        );
        assert_eq!(
            action_type("1", "x", Some(&p), &s, "AA", None),
            Ok((ActionType::Affirmation, true))
        );
        assert_eq!(
            action_type("1", "x", Some(&p), &s, "AA", Some(ActionType::Withdrawal)),
            Ok((ActionType::Withdrawal, false))
        );
    }

    #[test]
    fn c6_a_declared_action_contradicting_the_ratings_is_refused() {
        let s = scale();
        let err = action_type(
            "2",
            "x",
            Some(&prev("AA", "s")),
            &s,
            "A",
            Some(ActionType::Upgrade),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "C-6: item 2 field record.action: declared upgrade, but the previous rating AA and the decided A make it downgrade"
        );
        assert_eq!(
            action_type("2", "x", None, &s, "A", Some(ActionType::Withdrawal))
                .unwrap_err()
                .rule(),
            "C-6"
        );
        let other = prev("AA", "other");
        assert!(matches!(
            action_type("2", "x", Some(&other), &s, "A", None),
            Err(CommitteeError::ActionNotDerivable { .. })
        ));
        assert_eq!(
            action_type("2", "x", Some(&other), &s, "A", Some(ActionType::Downgrade)),
            Ok((ActionType::Downgrade, false))
        );
    }
}
