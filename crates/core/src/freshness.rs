//! Information freshness (SPEC T-6, seed 003 §1.2): the information a rating relies on may
//! be no older than a number of calendar months before the committee meets.
//!
//! "Two months" is calendar months with end-of-month clamping, not 60 days: real reports
//! sit up to 62 days back (31 Aug → 30 Jun; 30 Apr → 29 Feb in a leap year). The number of
//! months is a parameter of the methodology data, two by default.

use crate::calendar::add_months;
use crate::trace::{msg, TraceMessage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Seed 003 §1.2: "no deberá ser mayor a dos meses anteriores a la fecha de reunión del
/// Comité". The default of the methodology parameter, kept here once so every caller agrees.
pub const DEFAULT_MAX_AGE_MONTHS: u32 = 2;

/// The outcome of the freshness check for one information cut-off date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Freshness {
    /// True when the cut-off is on or after `earliest_cutoff`.
    pub ok: bool,
    /// The information cut-off date being checked.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub cutoff: NaiveDate,
    /// The committee date it is checked against.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub committee_date: NaiveDate,
    /// The oldest cut-off the rule accepts: the committee date minus `max_age_months`
    /// calendar months, clamped to the end of the month.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub earliest_cutoff: NaiveDate,
    /// The rule's parameter.
    pub max_age_months: u32,
}

/// Why the check could not be made at all (the dates themselves are not wrong for the rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreshnessError {
    CutoffAfterCommittee {
        cutoff: NaiveDate,
        committee_date: NaiveDate,
    },
    MonthsOutOfRange {
        months: u32,
    },
    OutOfCalendar {
        committee_date: NaiveDate,
        months: u32,
    },
}

impl FreshnessError {
    /// The problem as a catalogue message, for the reader's language.
    pub fn message(&self) -> TraceMessage {
        match self {
            FreshnessError::CutoffAfterCommittee {
                cutoff,
                committee_date,
            } => msg!(
                "refusal.freshness_problem.cutoff_after",
                cutoff = *cutoff,
                committee_date = *committee_date,
            ),
            FreshnessError::MonthsOutOfRange { months } => {
                msg!(
                    "refusal.freshness_problem.months_out_of_range",
                    months = *months
                )
            }
            FreshnessError::OutOfCalendar {
                committee_date,
                months,
            } => msg!(
                "refusal.freshness_problem.out_of_calendar",
                committee_date = *committee_date,
                months = *months,
            ),
        }
    }
}

/// The English wording of [`FreshnessError::message`].
impl std::fmt::Display for FreshnessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for FreshnessError {}

/// Checks an information cut-off against a committee date (T-6).
pub fn check(
    cutoff: NaiveDate,
    committee_date: NaiveDate,
    max_age_months: u32,
) -> Result<Freshness, FreshnessError> {
    if !(1..=24).contains(&max_age_months) {
        return Err(FreshnessError::MonthsOutOfRange {
            months: max_age_months,
        });
    }
    if cutoff > committee_date {
        return Err(FreshnessError::CutoffAfterCommittee {
            cutoff,
            committee_date,
        });
    }
    // In range 1..=24, so the cast cannot truncate.
    let earliest_cutoff = add_months(committee_date, -(max_age_months as i32)).ok_or(
        FreshnessError::OutOfCalendar {
            committee_date,
            months: max_age_months,
        },
    )?;
    Ok(Freshness {
        ok: cutoff >= earliest_cutoff,
        cutoff,
        committee_date,
        earliest_cutoff,
        max_age_months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn t6_cutoff_two_calendar_months_back_is_accepted_at_month_end() {
        let f = check(d(2022, 6, 30), d(2022, 8, 31), 2).unwrap();
        assert!(f.ok);
        assert_eq!(f.earliest_cutoff, d(2022, 6, 30));
        let stale = check(d(2022, 6, 29), d(2022, 8, 31), 2).unwrap();
        assert!(!stale.ok);
    }

    #[test]
    fn t6_leap_year_clamps_to_29_february() {
        let f = check(d(2024, 2, 29), d(2024, 4, 30), 2).unwrap();
        assert!(f.ok);
        assert_eq!(f.earliest_cutoff, d(2024, 2, 29));
        assert!(!check(d(2024, 2, 28), d(2024, 4, 30), 2).unwrap().ok);
        assert_eq!(
            check(d(2023, 2, 28), d(2023, 4, 30), 2)
                .unwrap()
                .earliest_cutoff,
            d(2023, 2, 28)
        );
    }

    #[test]
    fn t6_is_not_a_sixty_day_rule() {
        // 62 days back, as real reports show, is still within two calendar months.
        let f = check(d(2022, 6, 30), d(2022, 8, 31), 2).unwrap();
        assert_eq!((f.committee_date - f.cutoff).num_days(), 62);
        assert!(f.ok);
    }

    #[test]
    fn t6_bad_parameters_are_named() {
        assert_eq!(
            check(d(2022, 9, 1), d(2022, 8, 31), 2),
            Err(FreshnessError::CutoffAfterCommittee {
                cutoff: d(2022, 9, 1),
                committee_date: d(2022, 8, 31)
            })
        );
        let err = check(d(2022, 6, 30), d(2022, 8, 31), 0).unwrap_err();
        assert!(err.to_string().contains("accepted: 1 to 24"), "{err}");
    }
}
