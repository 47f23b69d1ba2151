//! Forward mapping (N-3), reverse mapping (N-11) and the long- to short-term link (N-7).

use super::notching::NationalParameters;
use super::spec::MappingSpec;
use super::{section, NationalError};
use crate::scale::{GlobalRating, ShortTermRating};
use crate::trace::{msg, Trace, TraceMessage};
use serde::{Deserialize, Serialize};

/// The indicative national options for one global level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForwardMapping {
    /// Spec id used.
    pub spec: String,
    pub spec_version: String,
    pub global: String,
    /// National symbols, best first.
    pub options: Vec<String>,
    pub trace: Trace,
}

/// N-3: the options of `global` as grades, best first (no allocation).
pub fn forward_grades(
    spec: &MappingSpec,
    global: GlobalRating,
) -> Result<&[GlobalRating], NationalError> {
    spec.options(global)
        .ok_or_else(|| NationalError::NotCovered {
            spec: spec.id.clone(),
            global,
            covered: spec.covered(),
        })
}

/// Why `global` has the options it has, in words.
pub fn forward_reason(spec: &MappingSpec, global: GlobalRating) -> TraceMessage {
    match spec.row(global) {
        Some(row) => msg!(
            "national.forward_row",
            row = row.global.as_str(),
            spec = spec.id.as_str(),
            version = spec.version.as_str(),
            basis = crate::trace::basis(&row.basis),
        ),
        None if global.notch().is_none() => {
            msg!("national.forward_default", global = global.as_str())
        }
        None => msg!(
            "national.forward_above_anchor",
            global = global.as_str(),
            anchor = spec.anchor.as_str(),
            top = spec.symbol(GlobalRating::Aaa),
        ),
    }
}

/// N-3: global credit quality → the indicative national options, with the trace.
pub fn forward(spec: &MappingSpec, global: GlobalRating) -> Result<ForwardMapping, NationalError> {
    let grades = forward_grades(spec, global)?;
    let options: Vec<String> = grades.iter().map(|g| spec.symbol(*g)).collect();
    let mut trace = Trace::new();
    trace.step(
        "N-3",
        section::WITH_ICR,
        msg!("subject.global_credit_quality"),
        global.as_str(),
        options.join(", "),
        forward_reason(spec, global),
    );
    Ok(ForwardMapping {
        spec: spec.id.clone(),
        spec_version: spec.version.clone(),
        global: global.to_string(),
        options,
        trace,
    })
}

/// N-11: the global levels whose options contain a national rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReverseMapping {
    pub spec: String,
    pub spec_version: String,
    pub national: String,
    /// Global levels, best first.
    pub global: Vec<String>,
    /// More than one global level: the choice is the analyst's, never made silently.
    pub ambiguous: bool,
    pub trace: Trace,
}

/// N-11: global levels whose options contain `national`, best first.
pub fn reverse_grades(spec: &MappingSpec, national: GlobalRating) -> Vec<GlobalRating> {
    GlobalRating::ALL
        .iter()
        .copied()
        .filter(|g| spec.options(*g).is_some_and(|o| o.contains(&national)))
        .collect()
}

/// N-11 with its trace. An empty result is not an error: the national rating exists on
/// the scale but no row reaches it (reported by N-2 as a warning).
pub fn reverse(spec: &MappingSpec, national: GlobalRating) -> ReverseMapping {
    let global: Vec<String> = reverse_grades(spec, national)
        .iter()
        .map(|g| g.to_string())
        .collect();
    let ambiguous = global.len() > 1;
    let mut trace = Trace::new();
    trace.step(
        "N-11",
        section::REVERSE,
        msg!("subject.national_rating"),
        spec.symbol(national),
        global.join(", "),
        match global.len() {
            0 => msg!("national.reverse_none"),
            1 => msg!("national.reverse_one"),
            n => msg!("national.reverse_ambiguous", count = n),
        },
    );
    ReverseMapping {
        spec: spec.id.clone(),
        spec_version: spec.version.clone(),
        national: spec.symbol(national),
        global,
        ambiguous,
        trace,
    }
}

/// N-7 result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShortTermMapping {
    pub spec: String,
    pub national: String,
    pub short_term: String,
    pub alternative: bool,
    /// Which table gave the answer (id and version).
    pub table: String,
    pub trace: Trace,
}

/// N-7: the short-term grade of national long-term `lt`, and the table used.
///
/// A spec that publishes its own short-term table (ASEAN) uses it: where it lists two
/// options, the lower is the standard and the higher the alternative for exceptional
/// liquidity (as on the global linking table). Otherwise the seed's Table 2 (standard) or
/// the alternative parameter table. SD → SD and D → D in every table.
pub fn short_term_grade(
    spec: &MappingSpec,
    params: &NationalParameters,
    lt: GlobalRating,
    alternative: bool,
) -> (ShortTermRating, TraceMessage) {
    match lt {
        GlobalRating::Sd => return (ShortTermRating::Sd, msg!("national.short_sd")),
        GlobalRating::D => return (ShortTermRating::D, msg!("national.short_d")),
        _ => {}
    }
    if let Some(row) = spec.short_term.iter().find(|r| r.national_lt == lt) {
        let st = if alternative {
            row.options[0]
        } else {
            row.options[row.options.len() - 1]
        };
        let key = match (row.options.len() > 1, alternative) {
            (false, _) => "national.short_spec_table",
            (true, true) => "national.short_spec_table_higher",
            (true, false) => "national.short_spec_table_lower",
        };
        return (
            st,
            TraceMessage::new(key)
                .arg("spec", spec.id.as_str())
                .arg("version", spec.version.as_str())
                .arg("basis", crate::trace::basis(&row.basis)),
        );
    }
    let table = if alternative {
        &params.short_term_alternative
    } else {
        &params.short_term_standard
    };
    (
        table.short_term(lt),
        msg!(
            "national.short_table",
            table = table.id.as_str(),
            version = table.version.as_str(),
            basis = crate::trace::basis(&table.basis),
        ),
    )
}

/// N-7's reason: which mapping (standard or alternative) and which table gave the
/// short-term rating.
pub fn short_term_reason(alternative: bool, table: TraceMessage) -> TraceMessage {
    if alternative {
        msg!("national.short_alternative", table = vec![table])
    } else {
        msg!("national.short_standard", table = vec![table])
    }
}

/// N-7 with its trace.
pub fn short_term(
    spec: &MappingSpec,
    params: &NationalParameters,
    lt: GlobalRating,
    alternative: bool,
) -> ShortTermMapping {
    let (st, table) = short_term_grade(spec, params, lt, alternative);
    let mut trace = Trace::new();
    trace.step(
        "N-7",
        section::TABLE_2,
        msg!("subject.national_long_term_rating"),
        spec.symbol(lt),
        spec.affixes.format_short(st),
        short_term_reason(alternative, table.clone()),
    );
    ShortTermMapping {
        spec: spec.id.clone(),
        national: spec.symbol(lt),
        short_term: spec.affixes.format_short(st),
        alternative,
        table: table.english(),
        trace,
    }
}
