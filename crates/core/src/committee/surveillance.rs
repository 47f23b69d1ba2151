//! The surveillance calendar (SPEC C-8): each outstanding rating has a next-review date —
//! six months after the decision for titularizaciones and their classes, twelve otherwise
//! (`review.*` of the committee rules) — and a rating under observation after a methodology
//! change (C-7) is due by its observation deadline unless the committee has reviewed it
//! since. Dates are calendar months clamped at month end: 31 Aug + 6 months = 28/29 Feb.

use super::agenda::Subject;
use super::decision::{Decision, DecisionKey};
use super::history::{chronological, outstanding};
use super::lifecycle::Observation;
use super::refusal::CommitteeError;
use super::rules::CommitteeRules;
use crate::calendar::add_months;
use crate::trace::{msg, Trace};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// C-8: the next review of a rating of `subject` decided on `decided_on`.
pub fn next_review(
    rules: &CommitteeRules,
    subject: &Subject,
    decided_on: NaiveDate,
) -> Result<NaiveDate, CommitteeError> {
    let months = review_months(rules, subject);
    add_months(decided_on, months as i32).ok_or(CommitteeError::OutOfCalendar {
        date: decided_on,
        months,
    })
}

fn review_months(rules: &CommitteeRules, subject: &Subject) -> u32 {
    if subject.is_titularizacion() {
        rules.review.titularizacion_months
    } else {
        rules.review.other_months
    }
}

/// Why a review is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DueReason {
    /// The periodic review (C-8), every `months` months.
    Periodic { months: u32 },
    /// Under observation after the approval of a methodology version (C-7).
    Observation { methodology: String },
}

/// A review on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewDue {
    pub subject: Subject,
    pub rating: String,
    pub last_decision: DecisionKey,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub decided_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due: NaiveDate,
    pub reason: DueReason,
    /// True when `due` is before the as-of date.
    pub overdue: bool,
    /// Days past due (0 when not overdue).
    pub days_overdue: i64,
}

/// The calendar as of a date: every outstanding rating's next review, earliest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DueList {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub as_of: NaiveDate,
    pub rules: String,
    pub reviews: Vec<ReviewDue>,
    /// One C-8 (or C-7) step per review, saying how its date was reached.
    pub trace: Trace,
}

impl DueList {
    /// The overdue reviews, earliest first.
    pub fn overdue(&self) -> impl Iterator<Item = &ReviewDue> {
        self.reviews.iter().filter(|r| r.overdue)
    }
}

/// C-8 (and C-7 observations): the review calendar of every outstanding rating as of
/// `as_of`. A rating's due date is the earlier of its periodic review and any observation
/// deadline placed after its latest decision.
pub fn calendar(
    rules: &CommitteeRules,
    decisions: &[Decision],
    observations: &[Observation],
    as_of: NaiveDate,
) -> Result<DueList, CommitteeError> {
    let mut subjects: Vec<&str> = Vec::new();
    let mut sorted: Vec<&Decision> = decisions.iter().collect();
    sorted.sort_by(|a, b| chronological(a, b));
    for d in sorted {
        if !subjects.contains(&d.subject.id.as_str()) {
            subjects.push(&d.subject.id);
        }
    }
    let mut reviews = Vec::new();
    for id in subjects {
        let Some(last) = outstanding(decisions, id) else {
            continue;
        };
        let months = review_months(rules, &last.subject);
        let mut due = next_review(rules, &last.subject, last.date)?;
        let mut reason = DueReason::Periodic { months };
        for o in observations
            .iter()
            .filter(|o| o.subject.id == id && o.placed_on > last.date)
        {
            if o.review_by < due {
                due = o.review_by;
                reason = DueReason::Observation {
                    methodology: o.methodology.to_string(),
                };
            }
        }
        let days = (as_of - due).num_days();
        reviews.push(ReviewDue {
            subject: last.subject.clone(),
            rating: last.rating.clone(),
            last_decision: last.key.clone(),
            decided_on: last.date,
            due,
            reason,
            overdue: days > 0,
            days_overdue: days.max(0),
        });
    }
    reviews.sort_by(|a, b| a.due.cmp(&b.due).then(a.subject.id.cmp(&b.subject.id)));
    let mut trace = Trace::new();
    for r in &reviews {
        let (rule, why) = match &r.reason {
            DueReason::Periodic { months } => {
                ("C-8", msg!("committee.periodic_review", months = *months))
            }
            DueReason::Observation { methodology } => (
                "C-7",
                msg!(
                    "committee.under_observation",
                    methodology = methodology.to_string()
                ),
            ),
        };
        trace.step(
            rule,
            "SPEC §5",
            r.subject.to_string(),
            msg!(
                "value.decided_on",
                rating = r.rating.as_str(),
                date = r.decided_on,
                decision = r.last_decision.to_string(),
            ),
            msg!("value.due", date = r.due),
            if r.overdue {
                msg!(
                    "committee.overdue",
                    why = vec![why],
                    days = r.days_overdue,
                    date = as_of,
                )
            } else {
                why
            },
        );
    }
    Ok(DueList {
        as_of,
        rules: rules.label(),
        reviews,
        trace,
    })
}
