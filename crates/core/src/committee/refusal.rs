//! Why the committee rules refuse something (SPEC §5, C-1 … C-8, and T-6 for
//! titularizaciones).
//!
//! Every refusal is a value whose message starts with the rule id, then names the item,
//! the field and the value, and says what would be accepted. "No decision" outcomes (no
//! quorum, a tie the rules give no casting vote for) are refusals too: the committee took
//! no decision and the record says why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A rule of the committee (or a guard it applies) refused an action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitteeError {
    // --- C-1 members -------------------------------------------------------------------
    #[error("C-1: member '{member}' field {field} is empty; every member needs an id, a name, a job title and at least one role")]
    MemberFieldEmpty { member: String, field: &'static str },
    #[error("C-1: member id '{member}' appears more than once among the members present")]
    DuplicateMember { member: String },

    // --- C-2 sessions, quorum, agenda, votes -------------------------------------------
    #[error("C-2: session number '{value}' is not of the form NUMBER/YEAR (e.g. 176/2022): a number from 1 without leading zeros, a slash, a four-digit year")]
    SessionNumber { value: String },
    #[error("C-2: session {number} is dated {date}; sessions are numbered per year, so the year after the slash must be {}", date.format("%Y"))]
    SessionYear { number: String, date: NaiveDate },
    #[error("C-2: session field secretary: '{member}' {problem}; accepted: the id of a member present with the secretary role")]
    Secretary {
        member: String,
        problem: &'static str,
    },
    #[error("C-2: a session needs exactly one chair among the members present; found {count} ({members})")]
    ChairCount { count: usize, members: String },
    #[error("C-2: session file field format: '{value}' is not accepted; accepted: {accepted}")]
    FileFormat {
        value: String,
        accepted: &'static str,
    },
    #[error("C-2: the committee rules '{rules}' take effect on {effective}, after the session date {date}; use the rules in force on the session date")]
    RulesNotInForce {
        rules: String,
        effective: NaiveDate,
        date: NaiveDate,
    },
    #[error("C-2: the session's agenda is empty; a session decides at least one rating proposal")]
    EmptyAgenda,
    #[error("C-2: agenda item id '{item}' appears more than once")]
    DuplicateItem { item: String },
    #[error("C-2: item {item} and item {other} both propose a rating for {subject}; one session decides a subject once")]
    DuplicateSubject {
        item: String,
        other: String,
        subject: String,
    },
    #[error("C-2: item {item} field {field} is empty; {expected}")]
    ItemFieldEmpty {
        item: String,
        field: String,
        expected: &'static str,
    },
    #[error("C-2: item {item} field {field}: unknown symbol '{symbol}' on scale '{scale}'; accepted: {accepted}")]
    UnknownSymbol {
        item: String,
        field: String,
        symbol: String,
        scale: String,
        accepted: String,
    },
    #[error("C-2: item {item} field scale: {problem}")]
    Scale { item: String, problem: String },
    #[error("C-2: item {item} field {field}: '{member}' {problem}")]
    MemberReference {
        item: String,
        field: String,
        member: String,
        problem: &'static str,
    },
    #[error("C-2: no quorum: {present} voting member(s) present ({members}), the committee rules '{rules}' require at least {required}; no decision is taken on item {item}")]
    NoQuorum {
        item: String,
        present: usize,
        required: u32,
        members: String,
        rules: String,
    },
    #[error("C-2: item {item}: '{member}' is not a voting member present at this session and cannot vote")]
    NotAVoter { item: String, member: String },
    #[error("C-2: item {item}: '{member}' has already voted; a sealed vote cannot be cast twice or changed")]
    DoubleVote { item: String, member: String },
    #[error("C-2: item {item}: votes are sealed until every present voting member has voted; still to vote: {missing}")]
    VotesSealed { item: String, missing: String },
    #[error(
        "C-2: item {item}: no decision: tie between {tied}; the committee rules '{rules}' {why}"
    )]
    Tie {
        item: String,
        tied: String,
        rules: String,
        why: &'static str,
    },
    #[error("C-2: item {item}: no decision: no rating has a majority ({tally}); {needed} of {cast} votes are needed")]
    NoMajority {
        item: String,
        tally: String,
        needed: usize,
        cast: usize,
    },

    // --- C-3 / T-11 overrides ----------------------------------------------------------
    #[error("C-3: item {item}: the decided rating {decided} differs from the indicative {indicative} by {notches} notch(es); an override needs a reason code, a justification and the factors it rests on (field override)")]
    OverrideMissing {
        item: String,
        decided: String,
        indicative: String,
        notches: u32,
    },
    #[error("C-3: item {item} field override: the decided rating {decided} equals the indicative rating, so there is nothing to override; remove the override")]
    OverrideNotNeeded { item: String, decided: String },
    #[error("C-3: item {item} field override.reason_code: '{code}' is not in the reason list '{list}'; accepted for {kind}: {accepted}")]
    UnknownReasonCode {
        item: String,
        code: String,
        list: String,
        kind: String,
        accepted: String,
    },
    #[error("C-3: item {item} field override.justification is empty; write the qualitative grounds for the override (seed 003 §2.10)")]
    JustificationMissing { item: String },
    #[error("C-3: item {item} field override.justification is not of substance: {problem}")]
    JustificationNotSubstantive { item: String, problem: String },
    #[error("C-3: item {item} field override.factors is empty or has a blank entry; name the factors the override rests on")]
    FactorsMissing { item: String },
    #[error("C-3: item {item}: the override moves {notches} notch(es), beyond the limit of {limit} for {kind} methodologies; it needs a unanimous vote or the chair's explicit confirmation (field override.confirmed_by), and {dissent} voted otherwise")]
    BeyondLimit {
        item: String,
        notches: u32,
        limit: u32,
        kind: String,
        dissent: String,
    },
    #[error("C-3: item {item} field override.confirmed_by: '{member}' is not the chair of this session ('{chair}'); only the chair confirms an override beyond the limit")]
    ConfirmationNotChair {
        item: String,
        member: String,
        chair: String,
    },

    // --- C-4 signed decisions ----------------------------------------------------------
    #[error("C-4: decision {decision} version {version} was signed on {signed_on} and cannot change; record the change as a new version linked to it")]
    SignedDecision {
        decision: String,
        version: u32,
        signed_on: NaiveDate,
    },
    #[error("C-4: decision {decision} version {version} is not signed yet; amend it instead of creating a new version")]
    NotSigned { decision: String, version: u32 },
    #[error("C-4: decision {decision} version {version} field amendment.note is empty; say why the signed decision is changed")]
    ChangeNoteMissing { decision: String, version: u32 },
    #[error("C-4: decision {decision} field signed_on: {signed_on} is before the decision date {decided_on}")]
    SignedBeforeDecision {
        decision: String,
        signed_on: NaiveDate,
        decided_on: NaiveDate,
    },

    // --- C-6 records -------------------------------------------------------------------
    #[error("C-6: item {item} field record.action: declared {declared}, but the previous rating {previous} and the decided {decided} make it {derived}")]
    ActionMismatch {
        item: String,
        declared: String,
        derived: String,
        previous: String,
        decided: String,
    },
    #[error("C-6: item {item} field record.action: {action} needs an outstanding rating of {subject}, and there is none")]
    ActionNeedsPrevious {
        item: String,
        action: String,
        subject: String,
    },
    #[error("C-6: item {item} field record.action: {subject} already has an outstanding rating ({previous}); the action cannot be 'new'")]
    NotNew {
        item: String,
        subject: String,
        previous: String,
    },
    #[error("C-6: item {item} field record.action: the previous rating {previous} is on scale '{previous_scale}' and this one on '{scale}', so the action cannot be derived; declare it")]
    ActionNotDerivable {
        item: String,
        previous: String,
        previous_scale: String,
        scale: String,
    },
    #[error("C-6: item {item} field record.publication_date: {publication} is before the committee date {date}")]
    PublicationBeforeDecision {
        item: String,
        publication: NaiveDate,
        date: NaiveDate,
    },

    // --- C-7 methodology lifecycle -----------------------------------------------------
    #[error("C-7: methodology '{id}' version '{version}' is not in the workbook; decisions use approved versions only")]
    MethodologyUnknown { id: String, version: String },
    #[error("C-7: methodology '{id}' version '{version}' is {state} on {date}; decisions use approved versions only")]
    MethodologyNotApproved {
        id: String,
        version: String,
        state: String,
        date: NaiveDate,
    },
    #[error("C-7: methodology '{id}' version '{version}' is {state}; only a draft version can be approved")]
    ApproveNotDraft {
        id: String,
        version: String,
        state: String,
    },
    #[error("C-7: methodology '{id}' version '{version}' appears more than once in the catalogue")]
    DuplicateMethodology { id: String, version: String },
    #[error("C-7: methodology '{id}' version '{version}' field approved_on: {approved_on} is before its predecessor '{previous}' was approved ({previous_on})")]
    ApprovalOutOfOrder {
        id: String,
        version: String,
        approved_on: NaiveDate,
        previous: String,
        previous_on: NaiveDate,
    },

    // --- T-6 freshness (applied by the committee to titularizaciones) ------------------
    #[error("T-6: item {item} field information_cutoff: {cutoff} is older than {max_age_months} calendar month(s) before the committee date {committee_date}; the oldest accepted cut-off is {earliest}; the titularización decision is blocked until the information is updated (seed 003 §1.2)")]
    StaleInformation {
        item: String,
        cutoff: NaiveDate,
        committee_date: NaiveDate,
        earliest: NaiveDate,
        max_age_months: u32,
    },
    #[error("T-6: item {item} field information_cutoff: {problem}")]
    Freshness { item: String, problem: String },

    // --- C-8 surveillance --------------------------------------------------------------
    #[error("C-8: {date} plus {months} month(s) is outside the calendar")]
    OutOfCalendar { date: NaiveDate, months: u32 },
}

impl CommitteeError {
    /// The SPEC rule id the refusal applies ("C-3", "T-6", …): the prefix of the message.
    pub fn rule(&self) -> &'static str {
        use CommitteeError::*;
        match self {
            MemberFieldEmpty { .. } | DuplicateMember { .. } => "C-1",
            SessionNumber { .. }
            | SessionYear { .. }
            | Secretary { .. }
            | ChairCount { .. }
            | FileFormat { .. }
            | RulesNotInForce { .. }
            | EmptyAgenda
            | DuplicateItem { .. }
            | DuplicateSubject { .. }
            | ItemFieldEmpty { .. }
            | UnknownSymbol { .. }
            | Scale { .. }
            | MemberReference { .. }
            | NoQuorum { .. }
            | NotAVoter { .. }
            | DoubleVote { .. }
            | VotesSealed { .. }
            | Tie { .. }
            | NoMajority { .. } => "C-2",
            OverrideMissing { .. }
            | OverrideNotNeeded { .. }
            | UnknownReasonCode { .. }
            | JustificationMissing { .. }
            | JustificationNotSubstantive { .. }
            | FactorsMissing { .. }
            | BeyondLimit { .. }
            | ConfirmationNotChair { .. } => "C-3",
            SignedDecision { .. }
            | NotSigned { .. }
            | ChangeNoteMissing { .. }
            | SignedBeforeDecision { .. } => "C-4",
            ActionMismatch { .. }
            | ActionNeedsPrevious { .. }
            | NotNew { .. }
            | ActionNotDerivable { .. }
            | PublicationBeforeDecision { .. } => "C-6",
            MethodologyUnknown { .. }
            | MethodologyNotApproved { .. }
            | ApproveNotDraft { .. }
            | DuplicateMethodology { .. }
            | ApprovalOutOfOrder { .. } => "C-7",
            StaleInformation { .. } | Freshness { .. } => "T-6",
            OutOfCalendar { .. } => "C-8",
        }
    }

    /// True for the outcomes where the committee met the rules but took no decision
    /// (no quorum, a tie without a casting vote, no majority), as opposed to input the
    /// rules refuse.
    pub fn is_no_decision(&self) -> bool {
        matches!(
            self,
            CommitteeError::NoQuorum { .. }
                | CommitteeError::Tie { .. }
                | CommitteeError::NoMajority { .. }
        )
    }
}

/// A refusal as shown to people and stored with the session: the rule id first, then the
/// full message (which starts with the same id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refusal {
    /// The SPEC rule id, e.g. "C-3".
    pub rule: String,
    /// True when the committee took no decision (no quorum, tie, no majority) rather than
    /// being refused input.
    pub no_decision: bool,
    /// The message, starting with the rule id.
    pub message: String,
}

impl From<&CommitteeError> for Refusal {
    fn from(err: &CommitteeError) -> Self {
        Refusal {
            rule: err.rule().to_string(),
            no_decision: err.is_no_decision(),
            message: err.to_string(),
        }
    }
}

/// Joins names for messages: `a, b, c`.
pub(crate) fn list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_message_starts_with_its_rule_id() {
        let samples = vec![
            CommitteeError::DuplicateMember {
                member: "m1".into(),
            },
            CommitteeError::SessionNumber {
                value: "0176/22".into(),
            },
            CommitteeError::SessionYear {
                number: "1/2021".into(),
                date: d(2022, 1, 3),
            },
            CommitteeError::EmptyAgenda,
            CommitteeError::VotesSealed {
                item: "1".into(),
                missing: "m3".into(),
            },
            CommitteeError::JustificationMissing { item: "1".into() },
            CommitteeError::SignedDecision {
                decision: "176/2022 item 1".into(),
                version: 1,
                signed_on: d(2022, 9, 2),
            },
            CommitteeError::NotNew {
                item: "1".into(),
                subject: "x".into(),
                previous: "AA".into(),
            },
            CommitteeError::MethodologyUnknown {
                id: "m".into(),
                version: "1".into(),
            },
            CommitteeError::Freshness {
                item: "1".into(),
                problem: "x".into(),
            },
            CommitteeError::OutOfCalendar {
                date: d(2022, 1, 1),
                months: 6,
            },
        ];
        for err in &samples {
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("{}: ", err.rule())),
                "{message}"
            );
            let refusal = Refusal::from(err);
            assert_eq!(refusal.rule, err.rule());
            assert!(refusal.message.starts_with(&refusal.rule));
        }
        assert_eq!(
            CommitteeError::SessionYear {
                number: "1/2021".into(),
                date: d(2022, 1, 3)
            }
            .to_string(),
            "C-2: session 1/2021 is dated 2022-01-03; sessions are numbered per year, so the year after the slash must be 2022"
        );
    }
}
