//! The methodology lifecycle (SPEC C-7): versions are draft, approved or retired; decisions
//! use approved versions only; approving a new version retires the one it replaces and puts
//! the ratings it would change under observation with a review deadline (six months by
//! default, `review.observation_months` of the committee rules).
//!
//! Which ratings a new version changes is the engines' business (national impact analysis
//! N-13, titularización re-score): this module takes their list as values.

use super::agenda::Subject;
use super::refusal::CommitteeError;
use super::rules::{CommitteeRules, MethodologyFamily};
use crate::calendar::add_months;
use crate::trace::{msg, Trace};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Names a methodology version, as agenda items and decisions cite it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct MethodologyRef {
    pub id: String,
    pub version: String,
}

impl std::fmt::Display for MethodologyRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.id, self.version)
    }
}

/// Where a methodology version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MethodologyState {
    Draft,
    Approved,
    Retired,
}

impl MethodologyState {
    pub fn as_str(self) -> &'static str {
        match self {
            MethodologyState::Draft => "draft",
            MethodologyState::Approved => "approved",
            MethodologyState::Retired => "retired",
        }
    }
}

/// One methodology version in a workbook's catalogue, with its approval dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct MethodologyVersion {
    pub id: String,
    pub version: String,
    pub family: MethodologyFamily,
    /// When the committee approved it; `None` while a draft.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub approved_on: Option<NaiveDate>,
    /// When a later version replaced it.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub retired_on: Option<NaiveDate>,
}

impl MethodologyVersion {
    pub fn reference(&self) -> MethodologyRef {
        MethodologyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    /// Its state on `date`: draft before approval, approved until retired, retired from
    /// the retirement date on.
    pub fn state_on(&self, date: NaiveDate) -> MethodologyState {
        match (self.approved_on, self.retired_on) {
            (_, Some(retired)) if retired <= date => MethodologyState::Retired,
            (Some(approved), _) if approved <= date => MethodologyState::Approved,
            _ => MethodologyState::Draft,
        }
    }

    /// Its state today as the catalogue records it (ignoring dates).
    pub fn state(&self) -> MethodologyState {
        match (self.approved_on, self.retired_on) {
            (_, Some(_)) => MethodologyState::Retired,
            (Some(_), None) => MethodologyState::Approved,
            (None, None) => MethodologyState::Draft,
        }
    }
}

/// C-7: the catalogue entry for `reference`, provided it is approved on `date`.
pub fn approved_on<'c>(
    catalogue: &'c [MethodologyVersion],
    reference: &MethodologyRef,
    date: NaiveDate,
) -> Result<&'c MethodologyVersion, CommitteeError> {
    let entry = catalogue
        .iter()
        .find(|m| m.id == reference.id && m.version == reference.version)
        .ok_or_else(|| CommitteeError::MethodologyUnknown {
            id: reference.id.clone(),
            version: reference.version.clone(),
        })?;
    match entry.state_on(date) {
        MethodologyState::Approved => Ok(entry),
        state => Err(CommitteeError::MethodologyNotApproved {
            id: entry.id.clone(),
            version: entry.version.clone(),
            state: state.as_str().to_string(),
            date,
        }),
    }
}

/// A rating the engines say a new methodology version would change (N-13 for national
/// scales, the titularización re-score).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AffectedRating {
    pub subject: Subject,
    /// The outstanding rating.
    pub current: String,
    /// The rating under the new version.
    pub candidate: String,
}

/// A rating under observation after a methodology change (C-7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Observation {
    pub subject: Subject,
    pub current: String,
    pub candidate: String,
    /// The methodology version whose approval placed it under observation.
    pub methodology: MethodologyRef,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub placed_on: NaiveDate,
    /// The date by which the committee must review it.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub review_by: NaiveDate,
}

/// The result of approving a methodology version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MethodologyApproval {
    /// The version, now approved.
    pub approved: MethodologyVersion,
    /// The earlier approved versions of the same methodology, now retired.
    pub retired: Vec<MethodologyVersion>,
    /// The affected ratings, under observation.
    pub observations: Vec<Observation>,
    pub rules: String,
    pub trace: Trace,
}

/// C-7: approves the draft `target` on `on`. The previously approved versions of the same
/// methodology id are retired the same day; every rating in `affected` goes under
/// observation with a review deadline `review.observation_months` after `on`.
pub fn approve(
    catalogue: &[MethodologyVersion],
    target: &MethodologyRef,
    on: NaiveDate,
    affected: Vec<AffectedRating>,
    rules: &CommitteeRules,
) -> Result<MethodologyApproval, CommitteeError> {
    for (i, m) in catalogue.iter().enumerate() {
        if catalogue[..i]
            .iter()
            .any(|o| o.id == m.id && o.version == m.version)
        {
            return Err(CommitteeError::DuplicateMethodology {
                id: m.id.clone(),
                version: m.version.clone(),
            });
        }
    }
    let entry = catalogue
        .iter()
        .find(|m| m.id == target.id && m.version == target.version)
        .ok_or_else(|| CommitteeError::MethodologyUnknown {
            id: target.id.clone(),
            version: target.version.clone(),
        })?;
    if entry.state() != MethodologyState::Draft {
        return Err(CommitteeError::ApproveNotDraft {
            id: entry.id.clone(),
            version: entry.version.clone(),
            state: entry.state().as_str().to_string(),
        });
    }
    let mut trace = Trace::new();
    let mut retired = Vec::new();
    for previous in catalogue
        .iter()
        .filter(|m| m.id == entry.id && m.state() == MethodologyState::Approved)
    {
        // Invariant: state() == Approved means approved_on is set.
        let previous_on = previous.approved_on.unwrap_or(on);
        if previous_on > on {
            return Err(CommitteeError::ApprovalOutOfOrder {
                id: entry.id.clone(),
                version: entry.version.clone(),
                approved_on: on,
                previous: previous.version.clone(),
                previous_on,
            });
        }
        trace.step(
            "C-7",
            "SPEC §5",
            msg!(
                "subject.methodology_version",
                id = previous.id.as_str(),
                version = previous.version.as_str(),
            ),
            msg!("value.approved"),
            msg!("value.retired"),
            msg!(
                "committee.methodology_retired",
                version = entry.version.as_str(),
                date = on,
            ),
        );
        retired.push(MethodologyVersion {
            retired_on: Some(on),
            ..previous.clone()
        });
    }
    let approved = MethodologyVersion {
        approved_on: Some(on),
        ..entry.clone()
    };
    trace.step(
        "C-7",
        "SPEC §5",
        msg!(
            "subject.methodology_version",
            id = entry.id.as_str(),
            version = entry.version.as_str(),
        ),
        msg!("value.draft"),
        msg!("value.approved"),
        msg!(
            "committee.methodology_approval",
            date = on,
            affected = affected.len(),
        ),
    );
    let months = rules.review.observation_months;
    let review_by =
        add_months(on, months as i32).ok_or(CommitteeError::OutOfCalendar { date: on, months })?;
    let section = match entry.family {
        MethodologyFamily::National => "001 §Impact on outstanding ratings",
        MethodologyFamily::Titularizacion => "SPEC §5",
    };
    let observations = affected
        .into_iter()
        .map(|a| {
            trace.step(
                "C-7",
                section,
                a.subject.to_string(),
                a.current.clone(),
                msg!("value.observation_until", date = review_by),
                msg!(
                    "committee.observation",
                    version = entry.version.as_str(),
                    candidate = a.candidate.as_str(),
                    months = months,
                    rules = rules.label(),
                ),
            );
            Observation {
                subject: a.subject,
                current: a.current,
                candidate: a.candidate,
                methodology: entry.reference(),
                placed_on: on,
                review_by,
            }
        })
        .collect();
    Ok(MethodologyApproval {
        approved,
        retired,
        observations,
        rules: rules.label(),
        trace,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn c7_state_on_a_date_follows_the_approval_and_retirement_dates() {
        let m = MethodologyVersion {
            id: "m".into(),
            version: "1".into(),
            family: MethodologyFamily::National,
            approved_on: Some(d(2024, 3, 1)),
            retired_on: Some(d(2025, 3, 1)),
        };
        assert_eq!(m.state_on(d(2024, 2, 29)), MethodologyState::Draft);
        assert_eq!(m.state_on(d(2024, 3, 1)), MethodologyState::Approved);
        assert_eq!(m.state_on(d(2025, 2, 28)), MethodologyState::Approved);
        assert_eq!(m.state_on(d(2025, 3, 1)), MethodologyState::Retired);
        assert_eq!(m.state(), MethodologyState::Retired);
    }
}
