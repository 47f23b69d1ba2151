//! Compression check (N-14): how a population of national ratings spreads over the
//! notches of a scale, flagging crowding at the top.
//!
//! The seed asks a spec change after a sovereign move to "avoid ratings compression"
//! (001 §National Scale Mapping Framework). What counts as crowded is a versioned
//! parameter (`compression` in the notching file, basis `project-default`).

use super::notching::CompressionParameters;
use super::section;
use super::spec::MappingSpec;
use crate::scale::GlobalRating;
use crate::trace::{msg, Trace, TraceMessage};
use serde::{Deserialize, Serialize};

/// Ratings at one national notch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotchCount {
    pub rating: String,
    pub count: u32,
    pub share: f64,
}

/// The distribution and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompressionReport {
    pub spec: String,
    pub spec_version: String,
    pub total: u32,
    /// Every grade of the scale, best first, including empty ones.
    pub distribution: Vec<NotchCount>,
    /// Share of the ratings in the top `top_notches` national notches.
    pub top_share: f64,
    pub top_notches: u8,
    pub max_top_share: f64,
    pub crowded: bool,
    pub trace: Trace,
}

/// How many of `grades` sit at each grade, indexed as [`GlobalRating::ALL`].
pub fn count_grades(grades: &[GlobalRating]) -> [u32; 23] {
    let mut counts = [0u32; 23];
    for g in grades {
        // `ALL` lists the variants in declaration order, so the discriminant is the index.
        counts[*g as usize] += 1;
    }
    counts
}

/// N-14 over national grades rated on `spec`.
pub fn compression(
    spec: &MappingSpec,
    grades: &[GlobalRating],
    params: &CompressionParameters,
) -> CompressionReport {
    compression_of_counts(spec, &count_grades(grades), params)
}

/// N-14 over national grades rated on `spec`, given as their [`count_grades`].
pub fn compression_of_counts(
    spec: &MappingSpec,
    counts: &[u32; 23],
    params: &CompressionParameters,
) -> CompressionReport {
    let total: u32 = counts.iter().sum();
    let share = |c: u32| {
        if total == 0 {
            0.0
        } else {
            f64::from(c) / f64::from(total)
        }
    };
    let distribution: Vec<NotchCount> = GlobalRating::ALL
        .iter()
        .zip(counts.iter())
        .map(|(g, c)| NotchCount {
            rating: spec.symbol(*g),
            count: *c,
            share: share(*c),
        })
        .collect();
    let top: u32 = counts.iter().take(usize::from(params.top_notches)).sum();
    let top_share = share(top);
    let crowded = total > 0 && top_share > params.max_top_share;
    let mut trace = Trace::new();
    trace.step(
        "N-14",
        section::FRAMEWORK,
        msg!("subject.distribution"),
        format!("{total} ratings"),
        format!(
            "{:.1}% in the top {} notch(es)",
            top_share * 100.0,
            params.top_notches
        ),
        TraceMessage::new(if crowded {
            "national.compression_crowded"
        } else {
            "national.compression_not_crowded"
        })
        .arg("limit", format!("{:.1}", params.max_top_share * 100.0))
        .arg("basis", crate::trace::basis(&params.basis))
        .arg("source", params.source.as_str()),
    );
    CompressionReport {
        spec: spec.id.clone(),
        spec_version: spec.version.clone(),
        total,
        distribution,
        top_share,
        top_notches: params.top_notches,
        max_top_share: params.max_top_share,
        crowded,
        trace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n14_every_grade_is_counted_at_its_place_in_the_scale() {
        assert_eq!(GlobalRating::ALL.len(), 23);
        for (i, g) in GlobalRating::ALL.iter().enumerate() {
            assert_eq!(*g as usize, i, "{g}");
            let mut expected = [0u32; 23];
            expected[i] = 2;
            assert_eq!(count_grades(&[*g, *g]), expected);
        }
    }
}
