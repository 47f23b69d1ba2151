//! Overrides (SPEC C-3, T-11; seed 003 §2.10): the committee may decide a rating different
//! from the engine's indicative result, on recorded qualitative grounds.
//!
//! When the decided rating differs from the indicative one, the decision needs a reason
//! code from the rules' versioned list (usable for the item's methodology family), a
//! justification of substance, the factors it rests on; the notch difference is recorded.
//! Beyond the family's limit the decision also needs a unanimous vote or the chair's
//! explicit confirmation.
//!
//! "Of substance" is defined, so it can be enforced and tested: once every occurrence of
//! the reason code and of its English and Spanish labels is taken out (case-insensitively),
//! the text keeps at least `min_justification_chars` non-blank characters and at least
//! `min_distinct_words` distinct words of three letters or more. Blank text, the code or
//! label repeated, or one word said many times do not pass.

use super::refusal::{list, CommitteeError};
use super::rules::{CommitteeRules, MethodologyFamily, OverrideReason};
use super::vote::RevealedVotes;
use crate::trace::{msg, Trace, TraceArg, TraceMessage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The override as the session file states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverrideRequest {
    /// A code of the rules' reason list, e.g. "QUAL-INFO".
    pub reason_code: String,
    /// The qualitative grounds, in words.
    pub justification: String,
    /// The factors the override rests on, e.g. "2.5 Mecanismos de cobertura".
    pub factors: Vec<String>,
    /// The chair's id when the chair explicitly confirms an override beyond the limit.
    #[serde(default)]
    pub confirmed_by: Option<String>,
}

/// How an override was approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OverrideApproval {
    /// Within the family's notch limit: the majority suffices.
    WithinLimit,
    /// Beyond the limit, every vote for the decided rating.
    Unanimity,
    /// Beyond the limit, confirmed by the chair.
    ChairConfirmation,
}

/// The override as the decision records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OverrideRecord {
    pub reason_code: String,
    pub reason_en: String,
    pub reason_es: String,
    /// The rules (and so the reason list) the code was taken from: "id version".
    pub reason_list: String,
    pub justification: String,
    pub factors: Vec<String>,
    pub indicative: String,
    pub decided: String,
    /// Decided minus indicative in notches of the item's scale: positive when the
    /// committee rated higher than the engine.
    pub notches: i32,
    /// The family's limit in notches.
    pub limit: u32,
    pub approval: OverrideApproval,
    /// The chair's id when the chair confirmed.
    pub confirmed_by: Option<String>,
}

/// What an override check needs to know about the item and the vote.
pub struct OverrideCase<'a> {
    pub item: &'a str,
    pub family: MethodologyFamily,
    pub indicative: &'a str,
    pub decided: &'a str,
    /// Decided minus indicative, in notches (positive = decided higher).
    pub notches: i32,
    pub votes: &'a RevealedVotes,
    /// The chair present.
    pub chair: &'a str,
}

/// C-3: checks the override a decision needs (or that none is given when none is needed)
/// and returns what the decision records.
pub fn check(
    rules: &CommitteeRules,
    case: &OverrideCase<'_>,
    request: Option<&OverrideRequest>,
    trace: &mut Trace,
) -> Result<Option<OverrideRecord>, CommitteeError> {
    let section = match case.family {
        MethodologyFamily::Titularizacion => "003 §2.10",
        MethodologyFamily::National => "SPEC §5",
    };
    let item = case.item.to_string();
    if case.notches == 0 {
        if request.is_some() {
            return Err(CommitteeError::OverrideNotNeeded {
                item,
                decided: case.decided.to_string(),
            });
        }
        return Ok(None);
    }
    let Some(request) = request else {
        return Err(CommitteeError::OverrideMissing {
            item,
            decided: case.decided.to_string(),
            indicative: case.indicative.to_string(),
            notches: case.notches.unsigned_abs(),
        });
    };
    let reason = reason(rules, case, &request.reason_code)?;
    if request.justification.trim().is_empty() {
        return Err(CommitteeError::JustificationMissing { item });
    }
    substance(rules, &request.justification, reason).map_err(|problem| {
        CommitteeError::JustificationNotSubstantive {
            item: item.clone(),
            problem,
        }
    })?;
    if request.factors.is_empty() || request.factors.iter().any(|f| f.trim().is_empty()) {
        return Err(CommitteeError::FactorsMissing { item });
    }
    if let Some(by) = &request.confirmed_by {
        if by != case.chair {
            return Err(CommitteeError::ConfirmationNotChair {
                item,
                member: by.clone(),
                chair: case.chair.to_string(),
            });
        }
    }
    let limit = rules.override_limit(case.family);
    let size = case.notches.unsigned_abs();
    let approval = if size <= limit {
        OverrideApproval::WithinLimit
    } else if case.votes.unanimous_for(case.decided) {
        OverrideApproval::Unanimity
    } else if request.confirmed_by.is_some() {
        OverrideApproval::ChairConfirmation
    } else {
        let dissent = case
            .votes
            .against(case.decided)
            .iter()
            .map(|v| format!("{} ({})", v.member, v.rating))
            .collect::<Vec<_>>();
        return Err(CommitteeError::BeyondLimit {
            item,
            notches: size,
            limit,
            kind: case.family.to_string(),
            dissent: list(dissent),
        });
    };
    trace.step(
        "C-3",
        section,
        msg!("subject.item_override", item = case.item),
        case.indicative,
        case.decided,
        msg!(
            "committee.override",
            notches = format!("{:+}", case.notches),
            limit = limit.to_string(),
            family = vec![case.family.message()],
            approval = vec![TraceMessage::new(match approval {
                OverrideApproval::WithinLimit => "committee.approval.within_limit",
                OverrideApproval::Unanimity => "committee.approval.unanimity",
                OverrideApproval::ChairConfirmation => "committee.approval.chair_confirmation",
            })],
            code = reason.code.as_str(),
            reason = TraceArg::Localized {
                es: reason.es.clone(),
                en: reason.en.clone(),
            },
            factors = list(&request.factors),
        ),
    );
    Ok(Some(OverrideRecord {
        reason_code: reason.code.clone(),
        reason_en: reason.en.clone(),
        reason_es: reason.es.clone(),
        reason_list: rules.label(),
        justification: request.justification.trim().to_string(),
        factors: request
            .factors
            .iter()
            .map(|f| f.trim().to_string())
            .collect(),
        indicative: case.indicative.to_string(),
        decided: case.decided.to_string(),
        notches: case.notches,
        limit,
        approval,
        confirmed_by: request.confirmed_by.clone(),
    }))
}

fn reason<'r>(
    rules: &'r CommitteeRules,
    case: &OverrideCase<'_>,
    code: &str,
) -> Result<&'r OverrideReason, CommitteeError> {
    rules
        .reasons_for(case.family)
        .find(|r| r.code == code)
        .ok_or_else(|| CommitteeError::UnknownReasonCode {
            item: case.item.to_string(),
            code: code.to_string(),
            list: rules.label(),
            kind: case.family.to_string(),
            accepted: list(rules.reasons_for(case.family).map(|r| r.code.as_str())),
        })
}

/// Whether `text` is a justification of substance for `reason` under `rules` (see the
/// module documentation); the problem as a catalogue message when it is not.
pub fn substance(
    rules: &CommitteeRules,
    text: &str,
    reason: &OverrideReason,
) -> Result<(), TraceMessage> {
    let policy = &rules.override_policy;
    let mut rest = text.to_lowercase();
    // Longest first, so a label containing the code is removed whole.
    let mut boilerplate = [
        reason.en.to_lowercase(),
        reason.es.to_lowercase(),
        reason.code.to_lowercase(),
    ];
    boilerplate.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for b in &boilerplate {
        if !b.trim().is_empty() {
            rest = rest.replace(b.as_str(), " ");
        }
    }
    let chars = rest.chars().filter(|c| !c.is_whitespace()).count();
    let words: BTreeSet<&str> = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    if words.is_empty() {
        return Err(msg!("refusal.substance.only_code", code = &reason.code));
    }
    if chars < policy.min_justification_chars as usize {
        return Err(msg!(
            "refusal.substance.chars",
            chars = chars,
            min = policy.min_justification_chars,
            rules = rules.label(),
        ));
    }
    if words.len() < policy.min_distinct_words as usize {
        return Err(msg!(
            "refusal.substance.words",
            words = words.len(),
            min = policy.min_distinct_words,
            rules = rules.label(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    fn reason(code: &str) -> OverrideReason {
        builtin::committee_rules()
            .override_policy
            .reasons
            .into_iter()
            .find(|r| r.code == code)
            .unwrap()
    }

    #[test]
    fn c3_substance_rejects_blank_repeated_and_short_text() {
        let rules = builtin::committee_rules();
        let r = reason("QUAL-INFO");
        let only_code =
            "QUAL-INFO QUAL-INFO qual-info. Qualitative information the model does not capture";
        assert!(substance(&rules, only_code, &r)
            .unwrap_err()
            .english()
            .contains("only repeats the reason code"));
        let one_word = "liquidez ".repeat(30);
        let err = substance(&rules, &one_word, &r).unwrap_err().english();
        assert!(err.contains("1 distinct word(s)"), "{err}");
        let short = "Mejor cobertura de la que el modelo refleja.";
        let err = substance(&rules, short, &r).unwrap_err().english();
        assert!(err.contains("non-blank character(s); at least 80"), "{err}");
        let good =
            "La cobertura del fondo de reserva y la sobrecolateralización superan holgadamente \
                    el índice de desviación histórico; el modelo de ponderación no recoge la \
                    subordinación adicional pactada en la reforma del contrato de fideicomiso.";
        assert_eq!(substance(&rules, good, &r), Ok(()));
    }
}
