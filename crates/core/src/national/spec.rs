//! Mapping specifications (N-1) and their validation (N-2).
//!
//! A spec is versioned data: the scale's code and affixes, its anchor (the lowest global
//! level that can map to `xxAAA`), the key (local-currency issuer credit quality unless the
//! spec says otherwise), and one row per global level at or below the anchor listing the
//! national options, best first. Levels above the anchor map to `xxAAA` only; SD and D map
//! to the scale's own SD and D when the spec has no row for them.

use super::{section, Finding, NationalError};
use crate::scale::{GlobalRating, NationalAffixes, ShortTermRating, UnknownSymbol};
use crate::trace::msg;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The value of the `kind` key every national spec file carries.
pub const KIND: &str = "national-spec";

/// National scale (one country) or regional scale (several; N-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ScaleType {
    National,
    Regional,
}

/// Which global credit quality the spec maps (N-1): local-currency issuer credit quality
/// by default; some agencies anchor on foreign currency (Austin Rating, Brazil).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum MappingKey {
    #[default]
    LocalCurrency,
    ForeignCurrency,
}

impl MappingKey {
    pub fn as_str(self) -> &'static str {
        match self {
            MappingKey::LocalCurrency => "local-currency",
            MappingKey::ForeignCurrency => "foreign-currency",
        }
    }
}

/// One row of a spec: a global level and its national options, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingRow {
    pub global: GlobalRating,
    /// National grades, best first (formatted with the spec's affixes for people).
    pub options: Vec<GlobalRating>,
    /// How sure the row is: "verified", "verified-inverted", "inferred".
    pub basis: String,
    /// False when the source listing stops inside this row (missing options are unknown).
    pub complete: bool,
    pub note: Option<String>,
}

/// A row of a spec's own long- to short-term table (when the source publishes one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpecShortTermRow {
    pub national_lt: GlobalRating,
    /// Short-term options, best first.
    pub options: Vec<ShortTermRating>,
    pub basis: String,
}

/// A national or regional mapping specification (N-1), parsed and ready to map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingSpec {
    pub id: String,
    pub version: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub effective_date: NaiveDate,
    pub source: String,
    pub source_url: Option<String>,
    pub basis: String,
    pub name: String,
    pub agency: String,
    pub scale_code: String,
    pub scale_type: ScaleType,
    /// Countries the scale covers (one for a national scale).
    pub countries: Vec<String>,
    /// Whose credit quality caps ratings on this scale (N-6; per entity on a regional
    /// scale, N-12).
    pub sovereign: String,
    pub affixes: NationalAffixes,
    pub anchor: GlobalRating,
    pub anchor_basis: String,
    pub key: MappingKey,
    pub notes: String,
    pub rows: Vec<MappingRow>,
    pub short_term: Vec<SpecShortTermRow>,
}

/// A spec that could not be read at all (before N-2 validation can look at it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    #[error("N-1: could not read the spec: {message}")]
    Toml { message: String },
    #[error("N-1: kind is '{found}'; a mapping spec has kind = \"{KIND}\"")]
    Kind { found: String },
    #[error("N-1: {field}: {source}")]
    Symbol {
        field: String,
        #[source]
        source: UnknownSymbol,
    },
    #[error("N-1: {field} '{value}': {why}")]
    Field {
        field: String,
        value: String,
        why: String,
    },
}

impl SpecError {
    /// The field of the spec file the error is about, when it names one.
    pub fn field(&self) -> Option<String> {
        match self {
            SpecError::Symbol { field, .. } | SpecError::Field { field, .. } => Some(field.clone()),
            SpecError::Kind { .. } => Some("kind".into()),
            SpecError::Toml { .. } => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    kind: String,
    id: String,
    version: String,
    effective_date: NaiveDate,
    #[serde(default)]
    effective_date_basis: Option<String>,
    source: String,
    #[serde(default)]
    source_url: Option<String>,
    basis: String,
    name: String,
    agency: String,
    scale_code: String,
    scale_type: ScaleType,
    countries: Vec<String>,
    sovereign: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default = "default_sd")]
    sd_symbol: String,
    #[serde(default = "default_d")]
    d_symbol: String,
    anchor: GlobalRating,
    anchor_basis: String,
    #[serde(default)]
    key: MappingKey,
    #[serde(default)]
    notes: String,
    rows: Vec<RowFile>,
    #[serde(default)]
    short_term: Vec<ShortTermRowFile>,
}

fn default_sd() -> String {
    "SD".into()
}
fn default_d() -> String {
    "D".into()
}
fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowFile {
    global: GlobalRating,
    national: Vec<String>,
    basis: String,
    #[serde(default = "default_true")]
    complete: bool,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShortTermRowFile {
    national_lt: String,
    national_st: Vec<String>,
    basis: String,
}

/// Options of every level above the anchor (N-1).
const AAA_ONLY: &[GlobalRating] = &[GlobalRating::Aaa];
const SD_ONLY: &[GlobalRating] = &[GlobalRating::Sd];
const D_ONLY: &[GlobalRating] = &[GlobalRating::D];

impl MappingSpec {
    /// Parses a spec from its TOML text. Symbols are parsed strictly against the spec's
    /// own affixes; the checks of N-2 are left to [`validate`].
    pub fn from_toml(text: &str) -> Result<MappingSpec, SpecError> {
        let file: SpecFile = toml::from_str(text).map_err(|e| SpecError::Toml {
            message: e.to_string().trim().to_string(),
        })?;
        if file.kind != KIND {
            return Err(SpecError::Kind { found: file.kind });
        }
        if file.id.trim().is_empty() {
            return Err(SpecError::Field {
                field: "id".into(),
                value: file.id,
                why: "must not be empty".into(),
            });
        }
        if file.prefix.is_empty() && file.suffix.is_empty() {
            return Err(SpecError::Field {
                field: "prefix/suffix".into(),
                value: String::new(),
                why: "a national scale needs a prefix (S&P: 'br') or a suffix (GCR: '(ZA)') so its symbols cannot be taken for global ones".into(),
            });
        }
        if file.countries.is_empty() {
            return Err(SpecError::Field {
                field: "countries".into(),
                value: "[]".into(),
                why: "name at least the country the scale covers".into(),
            });
        }
        let affixes = NationalAffixes {
            prefix: file.prefix,
            suffix: file.suffix,
            sd: file.sd_symbol,
            d: file.d_symbol,
        };
        let mut rows = Vec::with_capacity(file.rows.len());
        for (i, row) in file.rows.into_iter().enumerate() {
            let mut options = Vec::with_capacity(row.national.len());
            for (j, text) in row.national.iter().enumerate() {
                let field = format!("rows[{i}].national[{j}]");
                let symbol = affixes.parse(text).map_err(|source| SpecError::Symbol {
                    field: field.clone(),
                    source,
                })?;
                if symbol.fund {
                    return Err(SpecError::Field {
                        field,
                        value: text.clone(),
                        why: "spec rows list plain grades; the fund marker is added when a fund is rated (N-9)".into(),
                    });
                }
                options.push(symbol.grade);
            }
            rows.push(MappingRow {
                global: row.global,
                options,
                basis: row.basis,
                complete: row.complete,
                note: row.note,
            });
        }
        let mut short_term = Vec::with_capacity(file.short_term.len());
        for (i, row) in file.short_term.into_iter().enumerate() {
            let lt = affixes
                .parse(&row.national_lt)
                .map_err(|source| SpecError::Symbol {
                    field: format!("short_term[{i}].national_lt"),
                    source,
                })?;
            let mut options = Vec::new();
            for (j, st) in row.national_st.iter().enumerate() {
                options.push(
                    affixes
                        .parse_short(st)
                        .map_err(|source| SpecError::Symbol {
                            field: format!("short_term[{i}].national_st[{j}]"),
                            source,
                        })?,
                );
            }
            if options.is_empty() {
                return Err(SpecError::Field {
                    field: format!("short_term[{i}].national_st"),
                    value: "[]".into(),
                    why: "list at least one short-term rating".into(),
                });
            }
            short_term.push(SpecShortTermRow {
                national_lt: lt.grade,
                options,
                basis: row.basis,
            });
        }
        let notes = match file.effective_date_basis {
            Some(b) if file.notes.is_empty() => format!("effective date: {b}"),
            Some(b) => format!("{} (effective date: {b})", file.notes),
            None => file.notes,
        };
        Ok(MappingSpec {
            id: file.id,
            version: file.version,
            effective_date: file.effective_date,
            source: file.source,
            source_url: file.source_url,
            basis: file.basis,
            name: file.name,
            agency: file.agency,
            scale_code: file.scale_code,
            scale_type: file.scale_type,
            countries: file.countries,
            sovereign: file.sovereign,
            affixes,
            anchor: file.anchor,
            anchor_basis: file.anchor_basis,
            key: file.key,
            notes,
            rows,
            short_term,
        })
    }

    /// The national symbol of `grade` on this scale.
    pub fn symbol(&self, grade: GlobalRating) -> String {
        self.affixes.format(grade)
    }

    /// The explicit row for `global`, if the spec has one.
    pub fn row(&self, global: GlobalRating) -> Option<&MappingRow> {
        self.rows.iter().find(|r| r.global == global)
    }

    /// The national options of `global` (N-1, N-3): the row's options; `xxAAA` alone above
    /// the anchor; the scale's SD and D for SD and D. `None` when a level at or below the
    /// anchor has no row (a partial source).
    pub fn options(&self, global: GlobalRating) -> Option<&[GlobalRating]> {
        if let Some(row) = self.row(global) {
            return Some(&row.options);
        }
        match global {
            GlobalRating::Sd => Some(SD_ONLY),
            GlobalRating::D => Some(D_ONLY),
            g if g < self.anchor => Some(AAA_ONLY),
            _ => None,
        }
    }

    /// Levels with options, for error messages.
    pub fn covered(&self) -> String {
        GlobalRating::ALL
            .iter()
            .filter(|g| self.options(**g).is_some())
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `country` is on this scale (N-12).
    pub fn covers_country(&self, country: &str) -> bool {
        self.countries.iter().any(|c| c == country)
    }
}

/// The outcome of N-2 validation: errors make a spec unusable for ratings; warnings are
/// shown to the committee.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpecValidation {
    pub valid: bool,
    /// Id and version of the spec checked (absent when it could not be read).
    pub spec: Option<String>,
    pub version: Option<String>,
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

const N2: &str = "N-2";

fn joined(spec: &MappingSpec, grades: &[GlobalRating]) -> String {
    grades
        .iter()
        .map(|g| spec.symbol(*g))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The field a finding about global level `g` points at: its row in the file, or the
/// anchor for the levels above it (their `xxAAA` is implied by the anchor, N-1).
fn row_field(spec: &MappingSpec, g: GlobalRating) -> String {
    spec.rows
        .iter()
        .position(|r| r.global == g)
        .map(|i| format!("rows[{i}]"))
        .unwrap_or_else(|| "anchor".to_string())
}

/// Reads and validates a spec's TOML text: a text that cannot be read is reported as an
/// N-1 error rather than a failure, so `ratebook spec validate` always answers.
pub fn validate_toml(text: &str) -> SpecValidation {
    match MappingSpec::from_toml(text) {
        Ok(spec) => validate(&spec),
        Err(e) => SpecValidation {
            valid: false,
            spec: None,
            version: None,
            errors: vec![Finding {
                field: e.field(),
                ..Finding::new("N-1", "readable", e.to_string())
            }],
            warnings: Vec::new(),
        },
    }
}

/// N-2: every check of the seed's framework, each tied to the rule.
///
/// Errors: anchor below B; the anchor's row must reach xxAAA, rows above it must be xxAAA
/// alone, rows below it must not reach xxAAA; each row's options are contiguous notches,
/// best first, without default states; a level listed twice; rows monotone; adjacent rows
/// overlap by at most one notch; SD→SD and D→D. Warnings: anchor outside A+…BB-;
/// non-convergence at the bottom (CCC- or lower not mapping to its own grade); a national
/// notch no row reaches; levels at or below the anchor without a row (partial sources).
pub fn validate(spec: &MappingSpec) -> SpecValidation {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let sym = |g: GlobalRating| spec.symbol(g);

    // Anchor.
    if spec.anchor.notch().is_none() || spec.anchor > GlobalRating::B {
        errors.push(
            Finding::worded(
                N2,
                "anchor-floor",
                msg!(
                    "national.finding.anchor_floor",
                    anchor = spec.anchor.as_str(),
                    section = section::FRAMEWORK,
                ),
            )
            .at("anchor"),
        );
    } else if spec.anchor < GlobalRating::APlus || spec.anchor > GlobalRating::BbMinus {
        warnings.push(
            Finding::worded(
                N2,
                "anchor-range",
                msg!(
                    "national.finding.anchor_range",
                    anchor = spec.anchor.as_str()
                ),
            )
            .at("anchor"),
        );
    }

    if spec.anchor.notch().is_some() && spec.row(spec.anchor).is_none() {
        errors.push(
            Finding::worded(
                N2,
                "anchor",
                msg!(
                    "national.finding.anchor_row",
                    anchor = spec.anchor.as_str(),
                    top = sym(GlobalRating::Aaa),
                ),
            )
            .at("anchor"),
        );
    }

    // Duplicates and per-row shape.
    for (i, row) in spec.rows.iter().enumerate() {
        // A finding about this row, placed at it.
        let at_row = |code, message| Finding::worded(N2, code, message).at(format!("rows[{i}]"));
        if spec.rows[..i].iter().any(|r| r.global == row.global) {
            errors.push(at_row(
                "duplicate-row",
                msg!(
                    "national.finding.duplicate_row",
                    row = i,
                    global = row.global.as_str(),
                ),
            ));
        }
        match row.global {
            GlobalRating::Sd | GlobalRating::D => {
                if row.options != [row.global] {
                    errors.push(at_row(
                        "default-states",
                        msg!(
                            "national.finding.default_alone",
                            row = i,
                            global = row.global.as_str(),
                            options = joined(spec, &row.options),
                            symbol = sym(row.global),
                        ),
                    ));
                }
                continue;
            }
            _ => {}
        }
        if row.options.is_empty() {
            errors.push(at_row(
                "contiguous",
                msg!(
                    "national.finding.no_option",
                    row = i,
                    global = row.global.as_str(),
                ),
            ));
            continue;
        }
        if row.options.iter().any(|g| g.notch().is_none()) {
            errors.push(at_row(
                "default-states",
                msg!(
                    "national.finding.default_among",
                    row = i,
                    global = row.global.as_str(),
                    options = joined(spec, &row.options),
                ),
            ));
            continue;
        }
        let contiguous = row
            .options
            .windows(2)
            .all(|w| w[1].notch().unwrap_or(0) == w[0].notch().unwrap_or(0) + 1);
        if !contiguous {
            errors.push(at_row(
                "contiguous",
                msg!(
                    "national.finding.contiguous",
                    row = i,
                    global = row.global.as_str(),
                    options = joined(spec, &row.options),
                ),
            ));
        }
        let top = row.options[0];
        if row.global < spec.anchor && row.options != [GlobalRating::Aaa] {
            errors.push(at_row(
                "anchor",
                msg!(
                    "national.finding.above_anchor",
                    row = i,
                    global = row.global.as_str(),
                    anchor = spec.anchor.as_str(),
                    top = sym(GlobalRating::Aaa),
                    options = joined(spec, &row.options),
                ),
            ));
        }
        if row.global == spec.anchor && top != GlobalRating::Aaa {
            errors.push(at_row(
                "anchor",
                msg!(
                    "national.finding.anchor_reach",
                    row = i,
                    anchor = row.global.as_str(),
                    top = sym(GlobalRating::Aaa),
                    best = sym(top),
                ),
            ));
        }
        if row.global > spec.anchor && row.options.contains(&GlobalRating::Aaa) {
            errors.push(at_row(
                "anchor",
                msg!(
                    "national.finding.below_anchor",
                    row = i,
                    global = row.global.as_str(),
                    anchor = spec.anchor.as_str(),
                    top = sym(GlobalRating::Aaa),
                ),
            ));
        }
    }

    // Order between adjacent notched levels (using implied rows above the anchor).
    let notched: Vec<(GlobalRating, &[GlobalRating])> = GlobalRating::ALL
        .iter()
        .filter(|g| g.notch().is_some())
        .filter_map(|g| spec.options(*g).map(|o| (*g, o)))
        .filter(|(_, o)| !o.is_empty() && o.iter().all(|x| x.notch().is_some()))
        .collect();
    for pair in notched.windows(2) {
        let (ga, a) = pair[0];
        let (gb, b) = pair[1];
        // Notch numbers grow downwards: 1 = AAA.
        let (a_top, a_bottom) = (
            a[0].notch().unwrap_or(0),
            a[a.len() - 1].notch().unwrap_or(0),
        );
        let (b_top, b_bottom) = (
            b[0].notch().unwrap_or(0),
            b[b.len() - 1].notch().unwrap_or(0),
        );
        if b_top < a_top || b_bottom < a_bottom {
            errors.push(
                Finding::worded(
                    N2,
                    "monotone",
                    msg!(
                        "national.finding.monotone",
                        lower = gb.as_str(),
                        lower_options = joined(spec, b),
                        higher = ga.as_str(),
                        higher_options = joined(spec, a),
                    ),
                )
                .at(row_field(spec, gb)),
            );
        } else if a_bottom > b_top {
            errors.push(
                Finding::worded(
                    N2,
                    "overlap",
                    msg!(
                        "national.finding.overlap",
                        higher = ga.as_str(),
                        higher_options = joined(spec, a),
                        lower = gb.as_str(),
                        lower_options = joined(spec, b),
                        notches = a_bottom - b_top + 1,
                    ),
                )
                .at(row_field(spec, gb)),
            );
        }
    }

    // Convergence at the bottom.
    for (g, opts) in &notched {
        if *g >= GlobalRating::CccMinus && !opts.contains(g) {
            warnings.push(
                Finding::worded(
                    N2,
                    "convergence",
                    msg!(
                        "national.finding.convergence",
                        global = g.as_str(),
                        options = joined(spec, opts),
                        symbol = sym(*g),
                    ),
                )
                .at(row_field(spec, *g)),
            );
        }
    }

    // Coverage and reach.
    let missing: Vec<&str> = GlobalRating::ALL
        .iter()
        .filter(|g| g.notch().is_some() && spec.options(**g).is_none())
        .map(|g| g.as_str())
        .collect();
    if !missing.is_empty() {
        warnings.push(Finding::worded(
            "N-1",
            "coverage",
            msg!("national.finding.coverage", levels = missing.join(", ")),
        ));
    }
    let truncated = spec.rows.iter().any(|r| !r.complete);
    if truncated {
        let rows: Vec<&str> = spec
            .rows
            .iter()
            .filter(|r| !r.complete)
            .map(|r| r.global.as_str())
            .collect();
        warnings.push(Finding::worded(
            "N-1",
            "complete",
            msg!("national.finding.complete", levels = rows.join(", ")),
        ));
    }
    let lowest_reached = notched
        .iter()
        .flat_map(|(_, o)| o.iter())
        .filter_map(|g| g.notch())
        .max()
        .unwrap_or(0);
    let unreached: Vec<String> = GlobalRating::ALL
        .iter()
        .filter_map(|g| g.notch().map(|n| (*g, n)))
        .filter(|(_, n)| !truncated || *n <= lowest_reached)
        .filter(|(g, _)| !notched.iter().any(|(_, o)| o.contains(g)))
        .map(|(g, _)| sym(g))
        .collect();
    if !unreached.is_empty() {
        warnings.push(Finding::worded(
            N2,
            "unreached",
            msg!("national.finding.unreached", symbols = unreached.join(", ")),
        ));
    }

    SpecValidation {
        valid: errors.is_empty(),
        spec: Some(spec.id.clone()),
        version: Some(spec.version.clone()),
        errors,
        warnings,
    }
}

/// Picks the spec a rating uses (N-1): `id` names a spec; with `date`, the version of the
/// same scale (same `scale_code`) in force on that date, i.e. the latest `effective_date`
/// on or before it. Without `date`, the named spec itself.
pub fn select<'a>(
    specs: &'a [MappingSpec],
    id: &str,
    date: Option<NaiveDate>,
) -> Result<&'a MappingSpec, NationalError> {
    let named = specs
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| NationalError::SpecNotFound {
            id: id.to_string(),
            known: specs
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let Some(date) = date else {
        return Ok(named);
    };
    specs
        .iter()
        .filter(|s| s.scale_code == named.scale_code && s.effective_date <= date)
        .max_by_key(|s| s.effective_date)
        .ok_or_else(|| NationalError::NoVersionInForce {
            scale: named.scale_code.clone(),
            date: date.to_string(),
            versions: specs
                .iter()
                .filter(|s| s.scale_code == named.scale_code)
                .map(|s| format!("{} from {}", s.id, s.effective_date))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn minimal(rows: &str, anchor: &str) -> String {
        format!(
            r#"
kind = "national-spec"
id = "t"
version = "1"
effective_date = "2023-06-08"
source = "test"
basis = "project-default"
name = "test"
agency = "test"
scale_code = "TT"
scale_type = "national"
countries = ["TT"]
sovereign = "TT"
prefix = "tt"
anchor = "{anchor}"
anchor_basis = "test"
rows = [{rows}]
"#
        )
    }

    #[test]
    fn n1_levels_above_the_anchor_map_to_aaa_and_defaults_to_themselves() {
        let spec = MappingSpec::from_toml(&minimal(
            r#"{ global = "BBB", national = ["ttAAA", "ttAA+"], basis = "x" }"#,
            "BBB",
        ))
        .unwrap();
        assert_eq!(spec.options(GlobalRating::Aaa), Some(AAA_ONLY));
        assert_eq!(spec.options(GlobalRating::BbbPlus), Some(AAA_ONLY));
        assert_eq!(spec.options(GlobalRating::Sd), Some(SD_ONLY));
        assert_eq!(spec.options(GlobalRating::BbbMinus), None);
    }

    #[test]
    fn n1_unreadable_text_and_wrong_kind_are_errors_naming_the_field() {
        assert!(matches!(
            MappingSpec::from_toml("kind = 3"),
            Err(SpecError::Toml { .. })
        ));
        let text = minimal(
            r#"{ global = "BBB", national = ["xxAAA"], basis = "x" }"#,
            "BBB",
        );
        let err = MappingSpec::from_toml(&text).unwrap_err();
        assert!(err.to_string().contains("rows[0].national[0]"), "{err}");
        assert!(err.to_string().contains("'xxAAA'"), "{err}");
        let v = validate_toml(&text.replace("national-spec", "national-notching"));
        assert!(!v.valid);
        assert_eq!(v.errors[0].rule, "N-1");
    }
}
