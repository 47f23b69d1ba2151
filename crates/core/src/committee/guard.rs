//! Guards on decisions: stale information blocks a titularización decision (T-6, applied by
//! the committee); decisions use approved methodology versions only (C-7); a decision is
//! immutable once its report is signed, and a later change is a new version linked to the
//! previous one (C-4; the workbook's trigger enforces the same on the stored rows).

use super::agenda::AgendaItem;
use super::decision::{Decision, SignatureMark};
use super::lifecycle::{self, MethodologyVersion};
use super::refusal::CommitteeError;
use super::rules::{CommitteeRules, MethodologyFamily};
use crate::freshness;
use crate::trace::{msg, Trace};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// T-6: a titularización (or class) decided on `committee_date` needs information no
/// older than `freshness.max_age_months` calendar months. Other subjects pass through.
pub fn fresh_information(
    rules: &CommitteeRules,
    item: &AgendaItem,
    family: MethodologyFamily,
    committee_date: NaiveDate,
    trace: &mut Trace,
) -> Result<(), CommitteeError> {
    if !(item.subject.is_titularizacion() || family == MethodologyFamily::Titularizacion) {
        return Ok(());
    }
    let months = rules.freshness.max_age_months;
    let f = freshness::check(item.information_cutoff, committee_date, months).map_err(|e| {
        CommitteeError::Freshness {
            item: item.id.clone(),
            problem: e.message(),
        }
    })?;
    if !f.ok {
        return Err(CommitteeError::StaleInformation {
            item: item.id.clone(),
            cutoff: f.cutoff,
            committee_date,
            earliest: f.earliest_cutoff,
            max_age_months: months,
        });
    }
    trace.step(
        "T-6",
        "003 §1.2",
        msg!("subject.item_cutoff", item = item.id.as_str()),
        item.information_cutoff.to_string(),
        msg!("value.fresh"),
        msg!(
            "committee.fresh",
            earliest = f.earliest_cutoff,
            months = months,
            committee = committee_date,
        ),
    );
    Ok(())
}

/// C-7: the item's methodology version must be approved on the committee date. Returns
/// the catalogue entry (which carries the methodology family).
pub fn approved_methodology<'c>(
    catalogue: &'c [MethodologyVersion],
    item: &AgendaItem,
    committee_date: NaiveDate,
    trace: &mut Trace,
) -> Result<&'c MethodologyVersion, CommitteeError> {
    let entry = lifecycle::approved_on(catalogue, &item.methodology, committee_date)?;
    trace.step(
        "C-7",
        "SPEC §5",
        msg!("subject.item_methodology", item = item.id.as_str()),
        item.methodology.to_string(),
        msg!("value.approved"),
        msg!(
            "committee.methodology_approved",
            approved = entry.approved_on.map(|d| d.to_string()).unwrap_or_default(),
            family = vec![entry.family.message()],
            committee = committee_date,
        ),
    );
    Ok(entry)
}

/// Changes that may be made to a decision's record after the vote (never the rating: a
/// different rating needs a committee vote).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// Why the change is made; recorded on new versions.
    pub note: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub publication_date: Option<NaiveDate>,
    #[serde(default)]
    pub information_sources: Option<Vec<String>>,
    #[serde(default)]
    pub key_assumptions: Option<Vec<String>>,
}

fn apply(decision: &Decision, amendment: &Amendment) -> Result<Decision, CommitteeError> {
    let item = decision.key.item.clone();
    let mut next = decision.clone();
    if let Some(date) = amendment.publication_date {
        if date < decision.date {
            return Err(CommitteeError::PublicationBeforeDecision {
                item,
                publication: date,
                date: decision.date,
            });
        }
        next.record.publication_date = Some(date);
    }
    let blank = |v: &[String]| v.is_empty() || v.iter().any(|s| s.trim().is_empty());
    if let Some(sources) = &amendment.information_sources {
        if blank(sources) {
            return Err(CommitteeError::ItemFieldEmpty {
                item,
                field: "record.information_sources".into(),
                expected: msg!("refusal.expected.information_sources"),
            });
        }
        next.record.information_sources = sources.clone();
    }
    if let Some(assumptions) = &amendment.key_assumptions {
        if blank(assumptions) {
            return Err(CommitteeError::ItemFieldEmpty {
                item,
                field: "record.key_assumptions".into(),
                expected: msg!("refusal.expected.key_assumptions"),
            });
        }
        next.record.key_assumptions = assumptions.clone();
    }
    Ok(next)
}

/// C-4: signs the decision's report. Refused when already signed (a signed decision does
/// not change, not even its signature) or dated before the decision.
pub fn sign(
    decision: &Decision,
    signed_on: NaiveDate,
    signed_by: &str,
) -> Result<Decision, CommitteeError> {
    refuse_if_signed(decision)?;
    if signed_on < decision.date {
        return Err(CommitteeError::SignedBeforeDecision {
            decision: decision.key.to_string(),
            signed_on,
            decided_on: decision.date,
        });
    }
    let mut signed = decision.clone();
    signed.signature = Some(SignatureMark {
        signed_on,
        signed_by: signed_by.to_string(),
    });
    signed.trace.step(
        "C-4",
        "SPEC §5",
        msg!(
            "subject.decision_version",
            decision = decision.key.to_string(),
            version = decision.version.to_string(),
        ),
        msg!("value.unsigned"),
        msg!("value.signed", date = signed_on, member = signed_by),
        msg!("committee.signed"),
    );
    Ok(signed)
}

/// C-4: the refusal an edit of a signed decision gets, or `Ok` when it is still open.
pub fn refuse_if_signed(decision: &Decision) -> Result<(), CommitteeError> {
    match &decision.signature {
        Some(mark) => Err(CommitteeError::SignedDecision {
            decision: decision.key.to_string(),
            version: decision.version,
            signed_on: mark.signed_on,
        }),
        None => Ok(()),
    }
}

/// C-4: amends an unsigned decision in place (same version). Refused once signed.
pub fn amend(decision: &Decision, amendment: &Amendment) -> Result<Decision, CommitteeError> {
    refuse_if_signed(decision)?;
    apply(decision, amendment)
}

/// C-4: records a change to a signed decision as a new, unsigned version that supersedes
/// it; the signed version stays as it was. Refused on an unsigned decision (amend it).
pub fn new_version(decision: &Decision, amendment: &Amendment) -> Result<Decision, CommitteeError> {
    if !decision.is_signed() {
        return Err(CommitteeError::NotSigned {
            decision: decision.key.to_string(),
            version: decision.version,
        });
    }
    if amendment.note.trim().is_empty() {
        return Err(CommitteeError::ChangeNoteMissing {
            decision: decision.key.to_string(),
            version: decision.version,
        });
    }
    let mut next = apply(decision, amendment)?;
    next.version = decision.version + 1;
    next.supersedes = Some(decision.version);
    next.signature = None;
    next.change_note = Some(amendment.note.trim().to_string());
    next.trace.step(
        "C-4",
        "SPEC §5",
        msg!("subject.decision", decision = decision.key.to_string()),
        msg!("value.version_signed", version = decision.version),
        msg!("value.version", version = next.version),
        msg!("committee.new_version", note = amendment.note.trim()),
    );
    Ok(next)
}
