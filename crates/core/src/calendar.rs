//! Calendar arithmetic the methodologies rely on, on plain dates (no clock).
//!
//! "Two calendar months before 31 August" is 30 June, not 1 July: month arithmetic
//! clamps to the last day of the target month (T-6, C-8).

use chrono::{Datelike, NaiveDate};

/// `date` moved by `months` calendar months (negative goes back), clamped to the end of
/// the target month when the day does not exist there: 31 Aug − 2 → 30 Jun;
/// 30 Apr − 2 → 29 Feb in a leap year. `None` only outside chrono's date range.
pub fn add_months(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    let index = date.year() * 12 + date.month0() as i32 + months;
    let year = index.div_euclid(12);
    let month0 = index.rem_euclid(12) as u32;
    let last = last_day_of_month(year, month0 + 1)?;
    NaiveDate::from_ymd_opt(year, month0 + 1, date.day().min(last))
}

/// The number of days in `month` (1–12) of `year`.
pub fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    first_next.pred_opt().map(|d| d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn t6_two_months_back_clamps_to_month_end() {
        assert_eq!(add_months(d(2022, 8, 31), -2), Some(d(2022, 6, 30)));
        assert_eq!(add_months(d(2024, 4, 30), -2), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2023, 4, 30), -2), Some(d(2023, 2, 28)));
        assert_eq!(add_months(d(2022, 1, 15), -2), Some(d(2021, 11, 15)));
    }

    #[test]
    fn c8_review_dates_move_forward_across_years_and_month_ends() {
        assert_eq!(add_months(d(2022, 8, 31), 6), Some(d(2023, 2, 28)));
        assert_eq!(add_months(d(2023, 8, 31), 6), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2022, 12, 15), 12), Some(d(2023, 12, 15)));
        assert_eq!(add_months(d(2022, 3, 31), 1), Some(d(2022, 4, 30)));
    }

    #[test]
    fn month_lengths() {
        assert_eq!(last_day_of_month(2024, 2), Some(29));
        assert_eq!(last_day_of_month(1900, 2), Some(28));
        assert_eq!(last_day_of_month(2000, 2), Some(29));
        assert_eq!(last_day_of_month(2022, 12), Some(31));
        assert_eq!(last_day_of_month(2022, 13), None);
    }
}
