//! Issue ratings on the national scale (N-8), notched from the national ICR.
//!
//! Choices where the seed defers to other criteria (documented in the notching fixture):
//! - N-8a subordination: the notches of the seniority table, picked by whether the
//!   *global* ICR is investment grade ("the same number of notches as we would from a
//!   global scale ICR"), applied to the national ICR.
//! - N-8b recovery: when a recovery rating is given it replaces the seniority notching
//!   (S&P rates speculative-grade issues with recovery ratings from the recovery table),
//!   applied to the national ICR; refused when the global ICR is BB- … above BB+.
//! - N-8c hybrids: map the hybrid's global starting point, take the option in the same
//!   relative position as the issuer's, deduct at least the global notches (the case's or
//!   the table's default), and the extra notches once the hybrid's global quality is CCC+
//!   or below. No further subordination: the hybrid notches include it.
//! - N-8d foreign currency: map the global foreign-currency quality, take the option in
//!   the issuer's relative position, then notch as above.
//!
//! Every issue also passes the holistic rules (N-5, optional) and the sovereign cap (N-6).

use super::notching::NationalParameters;
use super::rate::{apply_holistic, apply_sovereign_cap, EntityInput, Holistic, IssuerContext};
use super::spec::MappingSpec;
use super::{clamped, mapping, section, step, warn_finding, Finding, NationalError, Steps};
use crate::scale::GlobalRating;
use crate::trace::{msg, TraceMessage};
use serde::{Deserialize, Serialize};

/// The currency of an issue (N-8d).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Currency {
    #[default]
    Local,
    Foreign,
}

/// A hybrid capital instrument's global starting point (N-8c).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct HybridInput {
    /// The global starting point per the hybrid criteria (usually the issuer's SACP or
    /// ICR).
    pub global_starting_point: GlobalRating,
    /// Notches deducted on the global scale; the table's default when absent.
    #[serde(default)]
    pub global_notches: Option<i32>,
}

/// One issue of the entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    pub id: String,
    /// A seniority of the notching table; its default seniority when absent.
    #[serde(default)]
    pub seniority: Option<String>,
    /// Recovery rating "1+", "1" … "6" (N-8b).
    #[serde(default)]
    pub recovery: Option<String>,
    #[serde(default)]
    pub currency: Currency,
    #[serde(default)]
    pub hybrid: Option<HybridInput>,
    #[serde(default)]
    pub holistic: Option<Holistic>,
}

/// A rated issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueRating {
    pub id: String,
    pub rating: String,
    /// Where the notching started (national ICR, or the mapped FC / hybrid point).
    pub starting_point: String,
    /// Net notches from the starting point before the sovereign cap.
    pub notches: i32,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn rate_issue(
    spec: &MappingSpec,
    params: &NationalParameters,
    entity: &EntityInput,
    ctx: &IssuerContext,
    index: usize,
    input: &IssueInput,
    steps: &mut Steps,
) -> Result<IssueRating, NationalError> {
    let p = &params.notching;
    let field = format!("issues[{index}]");
    let subject = msg!("subject.issue", id = input.id.as_str());
    let ig = ctx.global_icr.is_investment_grade();

    // Default states are not notched.
    if ctx.national_icr.notch().is_none() {
        step!(
            steps,
            "N-8",
            section::SUBORDINATION,
            subject.clone(),
            spec.symbol(ctx.national_icr),
            spec.symbol(ctx.national_icr),
            msg!("national.issue_default"),
        );
        return Ok(IssueRating {
            id: input.id.clone(),
            rating: spec.symbol(ctx.national_icr),
            starting_point: spec.symbol(ctx.national_icr),
            notches: 0,
        });
    }

    // Starting point.
    let map_from = |global: GlobalRating, what: &str, sec: &str, steps: &mut Steps| {
        let options = mapping::forward_grades(spec, global)?;
        let grade = options[ctx.position.index(options.len())];
        step!(
            steps,
            if sec == section::HYBRID {
                "N-8c"
            } else {
                "N-8d"
            },
            sec,
            subject.clone(),
            format!("{what} {global}"),
            spec.symbol(grade),
            msg!(
                "national.issue_mapped",
                spec = spec.id.as_str(),
                mapping = vec![mapping::forward_reason(spec, global)],
                position = vec![TraceMessage::new(&format!(
                    "national.position.{}",
                    ctx.position.as_str()
                ))],
            ),
        );
        Ok::<GlobalRating, NationalError>(grade)
    };

    let mut notches: i32;
    let start;
    let mut grade;
    if let Some(h) = &input.hybrid {
        if input.recovery.is_some() {
            return Err(NationalError::NotApplicable {
                rule: "N-8c",
                field: format!("{field}.recovery"),
                why: msg!("national.error.why.hybrid_recovery"),
            });
        }
        if input.currency == Currency::Foreign {
            return Err(NationalError::NotApplicable {
                rule: "N-8c",
                field: format!("{field}.currency"),
                why: msg!("national.error.why.hybrid_foreign"),
            });
        }
        start = map_from(
            h.global_starting_point,
            "global starting point",
            section::HYBRID,
            steps,
        )?;
        let default = if h.global_starting_point.is_investment_grade() {
            p.hybrid.investment_grade
        } else {
            p.hybrid.speculative_grade
        };
        let global_notches = h.global_notches.unwrap_or(default);
        if global_notches < default {
            warn_finding!(
                steps,
                Finding::worded(
                    "N-8c",
                    "hybrid-minimum",
                    msg!(
                        "national.warning.hybrid_minimum",
                        field = field.as_str(),
                        notches = global_notches,
                        default = default,
                    ),
                )
            );
        }
        if global_notches < 0 {
            return Err(NationalError::NotApplicable {
                rule: "N-8c",
                field: format!("{field}.hybrid.global_notches"),
                why: msg!("national.error.why.hybrid_added", notches = global_notches),
            });
        }
        let hybrid_global = h
            .global_starting_point
            .shift(-global_notches)
            .map(|m| m.result)
            .unwrap_or(h.global_starting_point);
        let extra = if hybrid_global >= p.hybrid.ccc_threshold {
            p.hybrid.ccc_extra_notches
        } else {
            0
        };
        let moved =
            start
                .shift(-(global_notches + extra))
                .ok_or_else(|| NationalError::NotApplicable {
                    rule: "N-8c",
                    field: format!("{field}.hybrid.global_starting_point"),
                    why: msg!("national.error.why.hybrid_default"),
                })?;
        notches = -(global_notches + extra);
        grade = moved.result;
        step!(
            steps,
            "N-8c",
            section::HYBRID,
            subject.clone(),
            spec.symbol(start),
            spec.symbol(grade),
            msg!(
                "national.hybrid",
                notches = global_notches,
                params = p.id.as_str(),
                version = p.version.as_str(),
                basis = crate::trace::basis(&p.hybrid.basis),
                extra = (extra > 0).then(|| msg!(
                    "national.hybrid_extra",
                    extra = extra,
                    global = hybrid_global.as_str(),
                    threshold = p.hybrid.ccc_threshold.as_str(),
                    basis = crate::trace::basis(&p.hybrid.ccc_extra_basis),
                )),
                clamped = clamped(moved.clamped),
            ),
        );
    } else {
        start = match input.currency {
            Currency::Local => ctx.national_icr,
            Currency::Foreign => {
                let fc = entity.global_fc.ok_or_else(|| NationalError::Missing {
                    rule: "N-8d",
                    field: "global_fc".into(),
                    why: msg!("national.error.why.foreign_issue", field = field.as_str()),
                })?;
                map_from(
                    fc,
                    "global foreign-currency quality",
                    section::FOREIGN_CURRENCY,
                    steps,
                )?
            }
        };
        if let Some(rr) = &input.recovery {
            if ctx.global_icr < p.recovery.max_issuer_global {
                return Err(NationalError::RecoveryOnInvestmentGrade {
                    field: format!("{field}.recovery"),
                    value: rr.clone(),
                    global: ctx.global_icr,
                });
            }
            let row = p.recovery(rr).ok_or_else(|| NationalError::UnknownName {
                rule: "N-8b",
                field: format!("{field}.recovery"),
                value: rr.clone(),
                accepted: p.recovery_ratings(),
            })?;
            let moved = start
                .shift(row.notches)
                .ok_or_else(|| NationalError::NotApplicable {
                    rule: "N-8b",
                    field: format!("{field}.recovery"),
                    why: msg!("national.error.why.default_not_notched"),
                })?;
            notches = row.notches;
            grade = moved.result;
            step!(
                steps,
                "N-8b",
                section::RECOVERY,
                subject.clone(),
                spec.symbol(start),
                spec.symbol(grade),
                msg!(
                    "national.recovery",
                    rr = row.rr.as_str(),
                    description = row.description.as_str(),
                    range = row.range.as_str(),
                    notches = format!("{:+}", row.notches),
                    params = p.id.as_str(),
                    version = p.version.as_str(),
                    basis = crate::trace::basis(&p.recovery.basis),
                    clamped = clamped(moved.clamped),
                ),
            );
        } else {
            let name = input
                .seniority
                .as_deref()
                .unwrap_or(&p.subordination.default_seniority);
            let row = p
                .seniority(name)
                .ok_or_else(|| NationalError::UnknownName {
                    rule: "N-8a",
                    field: format!("{field}.seniority"),
                    value: name.to_string(),
                    accepted: p.seniorities(),
                })?;
            let n = if ig {
                row.investment_grade
            } else {
                row.speculative_grade
            };
            let moved = start.shift(n).ok_or_else(|| NationalError::NotApplicable {
                rule: "N-8a",
                field: format!("{field}.seniority"),
                why: msg!("national.error.why.default_not_notched"),
            })?;
            notches = n;
            grade = moved.result;
            step!(
                steps,
                "N-8a",
                section::SUBORDINATION,
                subject.clone(),
                spec.symbol(start),
                spec.symbol(grade),
                TraceMessage::new(if ig {
                    "national.subordination_investment_grade"
                } else {
                    "national.subordination_speculative_grade"
                })
                .arg("seniority", name)
                .arg("notches", format!("{n:+}"))
                .arg("global", ctx.global_icr.as_str())
                .arg("params", p.id.as_str())
                .arg("version", p.version.as_str())
                .arg("basis", crate::trace::basis(&p.subordination.basis))
                .arg("clamped", clamped(moved.clamped)),
            );
        }
    }

    if let Some(h) = &input.holistic {
        let before = grade;
        grade = apply_holistic(
            spec,
            &format!("{field}.holistic"),
            &subject,
            grade,
            h.view(),
            // An issue has no option set of its own: the size warning uses the number of
            // options at the issuer's global level.
            ctx.options,
            ctx.cap,
            steps,
        )?;
        notches += before.notch().unwrap_or(0) as i32 - grade.notch().unwrap_or(0) as i32;
    }

    grade = apply_sovereign_cap(spec, &subject, grade, ctx.cap, ctx.stress_passed, steps);

    Ok(IssueRating {
        id: input.id.clone(),
        rating: spec.symbol(grade),
        starting_point: spec.symbol(start),
        notches,
    })
}
