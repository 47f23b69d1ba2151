//! Rating history per entity and class: every decision in order, with its action type and
//! version (SPEC C-4, C-6).
//!
//! Order is the committee date, then the session number (year, number), then the agenda
//! item (numerically when both ids are numbers), then the decision version, so a version
//! made after signing follows the one it supersedes.

use super::agenda::Subject;
use super::decision::{Decision, DecisionKey};
use super::record::ActionType;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One line of a rating history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub key: DecisionKey,
    pub version: u32,
    /// The later version that replaces this one, if any.
    pub superseded_by: Option<u32>,
    pub subject: Subject,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub rating: String,
    pub scale_id: String,
    pub action: ActionType,
    pub overridden: bool,
    pub signed: bool,
}

/// The history of an entity: its own decisions and those of its classes or issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatingHistory {
    pub entity: String,
    pub entries: Vec<HistoryEntry>,
}

fn item_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// The order decisions are listed in (see the module documentation).
pub fn chronological(a: &Decision, b: &Decision) -> Ordering {
    a.date
        .cmp(&b.date)
        .then(a.key.session.cmp(&b.key.session))
        .then_with(|| item_order(&a.key.item, &b.key.item))
        .then(a.version.cmp(&b.version))
}

/// The rating history of `entity`, in order.
pub fn history(decisions: &[Decision], entity: &str) -> RatingHistory {
    let mut own: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.subject.belongs_to(entity))
        .collect();
    own.sort_by(|a, b| chronological(a, b));
    let entries = own
        .iter()
        .map(|d| HistoryEntry {
            key: d.key.clone(),
            version: d.version,
            superseded_by: own
                .iter()
                .filter(|o| o.key == d.key && o.supersedes == Some(d.version))
                .map(|o| o.version)
                .next(),
            subject: d.subject.clone(),
            date: d.date,
            rating: d.rating.clone(),
            scale_id: d.scale_id.clone(),
            action: d.record.action,
            overridden: d.override_record.is_some(),
            signed: d.is_signed(),
        })
        .collect();
    RatingHistory {
        entity: entity.to_string(),
        entries,
    }
}

/// The decision in force for the subject `subject_id` (exactly that id): the latest
/// version of the latest decision; `None` when there is none or it was a withdrawal.
pub fn outstanding<'d>(decisions: &'d [Decision], subject_id: &str) -> Option<&'d Decision> {
    decisions
        .iter()
        .filter(|d| d.subject.id == subject_id)
        .max_by(|a, b| chronological(a, b))
        .filter(|d| d.record.action != ActionType::Withdrawal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_order_numerically_when_both_are_numbers() {
        assert_eq!(item_order("2", "10"), Ordering::Less);
        assert_eq!(item_order("10", "9"), Ordering::Greater);
        assert_eq!(item_order("1a", "1b"), Ordering::Less);
    }
}
