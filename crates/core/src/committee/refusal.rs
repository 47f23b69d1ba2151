//! Why the committee rules refuse something (SPEC §5, C-1 … C-8, and T-6 for
//! titularizaciones).
//!
//! Every refusal is a value whose message starts with the rule id, then names the item,
//! the field and the value, and says what would be accepted. "No decision" outcomes (no
//! quorum, a tie the rules give no casting vote for) are refusals too: the committee took
//! no decision and the record says why.

use crate::trace::{msg, TraceArg, TraceMessage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A rule of the committee (or a guard it applies) refused an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitteeError {
    // --- C-1 members -------------------------------------------------------------------
    MemberFieldEmpty {
        member: String,
        field: &'static str,
    },
    DuplicateMember {
        member: String,
    },

    // --- C-2 sessions, quorum, agenda, votes -------------------------------------------
    SessionNumber {
        value: String,
    },
    SessionYear {
        number: String,
        date: NaiveDate,
    },
    Secretary {
        member: String,
        problem: TraceMessage,
    },
    ChairCount {
        count: usize,
        members: Vec<String>,
    },
    FileFormat {
        value: String,
        accepted: &'static str,
    },
    RulesNotInForce {
        rules: String,
        effective: NaiveDate,
        date: NaiveDate,
    },
    EmptyAgenda,
    DuplicateItem {
        item: String,
    },
    DuplicateSubject {
        item: String,
        other: String,
        subject: String,
    },
    ItemFieldEmpty {
        item: String,
        field: String,
        expected: TraceMessage,
    },
    UnknownSymbol {
        item: String,
        field: String,
        symbol: String,
        scale: String,
        accepted: String,
    },
    Scale {
        item: String,
        problem: TraceMessage,
    },
    MemberReference {
        item: String,
        field: String,
        member: String,
        problem: TraceMessage,
    },
    NoQuorum {
        item: String,
        present: usize,
        required: u32,
        members: Vec<String>,
        rules: String,
    },
    NotAVoter {
        item: String,
        member: String,
    },
    DoubleVote {
        item: String,
        member: String,
    },
    VotesSealed {
        item: String,
        missing: String,
    },
    Tie {
        item: String,
        tied: TraceMessage,
        rules: String,
        why: TieRule,
    },
    NoMajority {
        item: String,
        tally: TraceMessage,
        needed: usize,
        cast: usize,
    },

    // --- C-3 / T-11 overrides ----------------------------------------------------------
    OverrideMissing {
        item: String,
        decided: String,
        indicative: String,
        notches: u32,
    },
    OverrideNotNeeded {
        item: String,
        decided: String,
    },
    UnknownReasonCode {
        item: String,
        code: String,
        list: String,
        kind: String,
        accepted: String,
    },
    JustificationMissing {
        item: String,
    },
    JustificationNotSubstantive {
        item: String,
        problem: TraceMessage,
    },
    FactorsMissing {
        item: String,
    },
    BeyondLimit {
        item: String,
        notches: u32,
        limit: u32,
        kind: String,
        dissent: String,
    },
    ConfirmationNotChair {
        item: String,
        member: String,
        chair: String,
    },

    // --- C-4 signed decisions ----------------------------------------------------------
    SignedDecision {
        decision: String,
        version: u32,
        signed_on: NaiveDate,
    },
    NotSigned {
        decision: String,
        version: u32,
    },
    ChangeNoteMissing {
        decision: String,
        version: u32,
    },
    SignedBeforeDecision {
        decision: String,
        signed_on: NaiveDate,
        decided_on: NaiveDate,
    },

    // --- C-6 records -------------------------------------------------------------------
    ActionMismatch {
        item: String,
        declared: String,
        derived: String,
        previous: String,
        decided: String,
    },
    ActionNeedsPrevious {
        item: String,
        action: String,
        subject: String,
    },
    NotNew {
        item: String,
        subject: String,
        previous: String,
    },
    ActionNotDerivable {
        item: String,
        previous: String,
        previous_scale: String,
        scale: String,
    },
    PublicationBeforeDecision {
        item: String,
        publication: NaiveDate,
        date: NaiveDate,
    },

    // --- C-7 methodology lifecycle -----------------------------------------------------
    MethodologyUnknown {
        id: String,
        version: String,
    },
    MethodologyNotApproved {
        id: String,
        version: String,
        state: String,
        date: NaiveDate,
    },
    ApproveNotDraft {
        id: String,
        version: String,
        state: String,
    },
    DuplicateMethodology {
        id: String,
        version: String,
    },
    ApprovalOutOfOrder {
        id: String,
        version: String,
        approved_on: NaiveDate,
        previous: String,
        previous_on: NaiveDate,
    },

    // --- T-6 freshness (applied by the committee to titularizaciones) ------------------
    StaleInformation {
        item: String,
        cutoff: NaiveDate,
        committee_date: NaiveDate,
        earliest: NaiveDate,
        max_age_months: u32,
    },
    Freshness {
        item: String,
        problem: TraceMessage,
    },

    // --- C-8 surveillance --------------------------------------------------------------
    OutOfCalendar {
        date: NaiveDate,
        months: u32,
    },
}

impl fmt::Display for CommitteeError {
    /// The rule id, then the English wording of [`CommitteeError::message`]: the CLI's
    /// text and the window's come from the same catalogue entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule(), self.message().english())
    }
}

impl std::error::Error for CommitteeError {}

/// Why the committee rules leave a tie undecided (C-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieRule {
    /// The rules give the chair no casting vote.
    NoCastingVote,
    /// Only the chair's vote breaks a tie, and the chair voted for none of the tied ratings.
    ChairVotedNone,
}

impl TieRule {
    /// The catalogue key of its wording.
    pub fn key(self) -> &'static str {
        match self {
            TieRule::NoCastingVote => "refusal.tie_rule.no_casting_vote",
            TieRule::ChairVotedNone => "refusal.tie_rule.chair_voted_none",
        }
    }
}

/// A code of the core's vocabulary (an action type, a methodology state or family) as the
/// catalogue phrase `key` with `{}` replaced by the code; anything else as it is.
fn code_phrase(key: &str, code: &str, known: &[&str]) -> TraceArg {
    if known.contains(&code) {
        TraceArg::Messages(vec![TraceMessage::new(&key.replace("{}", code))])
    } else {
        TraceArg::Text(code.to_string())
    }
}

fn action(code: &str) -> TraceArg {
    code_phrase(
        "refusal.action.{}",
        code,
        &[
            "new",
            "affirmation",
            "upgrade",
            "downgrade",
            "watch",
            "withdrawal",
        ],
    )
}

fn state(code: &str) -> TraceArg {
    code_phrase("value.{}", code, &["draft", "approved", "retired"])
}

fn family(code: &str) -> TraceArg {
    code_phrase("committee.family.{}", code, &["national", "titularizacion"])
}

/// A list of member ids, or the catalogue's "none" when it is empty.
pub(crate) fn members(ids: &[&str]) -> TraceArg {
    if ids.is_empty() {
        TraceArg::Messages(vec![msg!("value.none")])
    } else {
        TraceArg::Text(list(ids))
    }
}

impl CommitteeError {
    /// The refusal as a catalogue message (`refusal.*` in `trace.json`), without the rule
    /// id: what the window, the traces and the actas word in the reader's language.
    pub fn message(&self) -> TraceMessage {
        use CommitteeError::*;
        let ids = |v: &[String]| members(&v.iter().map(String::as_str).collect::<Vec<_>>());
        match self {
            MemberFieldEmpty { member, field } => {
                msg!(
                    "refusal.member_field_empty",
                    member = member,
                    field = *field
                )
            }
            DuplicateMember { member } => msg!("refusal.duplicate_member", member = member),
            SessionNumber { value } => msg!("refusal.session_number", value = value),
            SessionYear { number, date } => msg!(
                "refusal.session_year",
                number = number,
                date = *date,
                year = date.format("%Y").to_string(),
            ),
            Secretary { member, problem } => {
                msg!(
                    "refusal.secretary",
                    member = member,
                    problem = problem.clone()
                )
            }
            ChairCount { count, members } => {
                msg!(
                    "refusal.chair_count",
                    count = *count,
                    members = ids(members)
                )
            }
            FileFormat { value, accepted } => {
                msg!("refusal.file_format", value = value, accepted = *accepted)
            }
            RulesNotInForce {
                rules,
                effective,
                date,
            } => msg!(
                "refusal.rules_not_in_force",
                rules = rules,
                effective = *effective,
                date = *date,
            ),
            EmptyAgenda => msg!("refusal.empty_agenda"),
            DuplicateItem { item } => msg!("refusal.duplicate_item", item = item),
            DuplicateSubject {
                item,
                other,
                subject,
            } => msg!(
                "refusal.duplicate_subject",
                item = item,
                other = other,
                subject = subject,
            ),
            ItemFieldEmpty {
                item,
                field,
                expected,
            } => msg!(
                "refusal.item_field_empty",
                item = item,
                field = field,
                expected = expected.clone(),
            ),
            UnknownSymbol {
                item,
                field,
                symbol,
                scale,
                accepted,
            } => msg!(
                "refusal.unknown_symbol",
                item = item,
                field = field,
                symbol = symbol,
                scale = scale,
                accepted = accepted,
            ),
            Scale { item, problem } => {
                msg!("refusal.scale", item = item, problem = problem.clone())
            }
            MemberReference {
                item,
                field,
                member,
                problem,
            } => msg!(
                "refusal.member_reference",
                item = item,
                field = field,
                member = member,
                problem = problem.clone(),
            ),
            NoQuorum {
                item,
                present,
                required,
                members,
                rules,
            } => msg!(
                "refusal.no_quorum",
                item = item,
                present = *present,
                required = *required,
                members = ids(members),
                rules = rules,
            ),
            NotAVoter { item, member } => {
                msg!("refusal.not_a_voter", item = item, member = member)
            }
            DoubleVote { item, member } => {
                msg!("refusal.double_vote", item = item, member = member)
            }
            VotesSealed { item, missing } => {
                msg!("refusal.votes_sealed", item = item, missing = missing)
            }
            Tie {
                item,
                tied,
                rules,
                why,
            } => msg!(
                "refusal.tie",
                item = item,
                tied = tied.clone(),
                rules = rules,
                why = TraceMessage::new(why.key()),
            ),
            NoMajority {
                item,
                tally,
                needed,
                cast,
            } => msg!(
                "refusal.no_majority",
                item = item,
                tally = tally.clone(),
                needed = *needed,
                cast = *cast,
            ),
            OverrideMissing {
                item,
                decided,
                indicative,
                notches,
            } => msg!(
                "refusal.override_missing",
                item = item,
                decided = decided,
                indicative = indicative,
                notches = *notches,
            ),
            OverrideNotNeeded { item, decided } => {
                msg!(
                    "refusal.override_not_needed",
                    item = item,
                    decided = decided
                )
            }
            UnknownReasonCode {
                item,
                code,
                list,
                kind,
                accepted,
            } => msg!(
                "refusal.unknown_reason_code",
                item = item,
                code = code,
                list = list,
                kind = family(kind),
                accepted = accepted,
            ),
            JustificationMissing { item } => msg!("refusal.justification_missing", item = item),
            JustificationNotSubstantive { item, problem } => msg!(
                "refusal.justification_not_substantive",
                item = item,
                problem = problem.clone(),
            ),
            FactorsMissing { item } => msg!("refusal.factors_missing", item = item),
            BeyondLimit {
                item,
                notches,
                limit,
                kind,
                dissent,
            } => msg!(
                "refusal.beyond_limit",
                item = item,
                notches = *notches,
                limit = *limit,
                kind = family(kind),
                dissent = dissent,
            ),
            ConfirmationNotChair {
                item,
                member,
                chair,
            } => msg!(
                "refusal.confirmation_not_chair",
                item = item,
                member = member,
                chair = chair,
            ),
            SignedDecision {
                decision,
                version,
                signed_on,
            } => msg!(
                "refusal.signed_decision",
                decision = decision,
                version = *version,
                signed_on = *signed_on,
            ),
            NotSigned { decision, version } => msg!(
                "refusal.not_signed",
                decision = decision,
                version = *version,
            ),
            ChangeNoteMissing { decision, version } => msg!(
                "refusal.change_note_missing",
                decision = decision,
                version = *version,
            ),
            SignedBeforeDecision {
                decision,
                signed_on,
                decided_on,
            } => msg!(
                "refusal.signed_before_decision",
                decision = decision,
                signed_on = *signed_on,
                decided_on = *decided_on,
            ),
            ActionMismatch {
                item,
                declared,
                derived,
                previous,
                decided,
            } => msg!(
                "refusal.action_mismatch",
                item = item,
                declared = action(declared),
                derived = action(derived),
                previous = previous,
                decided = decided,
            ),
            ActionNeedsPrevious {
                item,
                action: declared,
                subject,
            } => msg!(
                "refusal.action_needs_previous",
                item = item,
                action = action(declared),
                subject = subject,
            ),
            NotNew {
                item,
                subject,
                previous,
            } => msg!(
                "refusal.not_new",
                item = item,
                subject = subject,
                previous = previous,
            ),
            ActionNotDerivable {
                item,
                previous,
                previous_scale,
                scale,
            } => msg!(
                "refusal.action_not_derivable",
                item = item,
                previous = previous,
                previous_scale = previous_scale,
                scale = scale,
            ),
            PublicationBeforeDecision {
                item,
                publication,
                date,
            } => msg!(
                "refusal.publication_before_decision",
                item = item,
                publication = *publication,
                date = *date,
            ),
            MethodologyUnknown { id, version } => {
                msg!("refusal.methodology_unknown", id = id, version = version)
            }
            MethodologyNotApproved {
                id,
                version,
                state: s,
                date,
            } => msg!(
                "refusal.methodology_not_approved",
                id = id,
                version = version,
                state = state(s),
                date = *date,
            ),
            ApproveNotDraft {
                id,
                version,
                state: s,
            } => msg!(
                "refusal.approve_not_draft",
                id = id,
                version = version,
                state = state(s),
            ),
            DuplicateMethodology { id, version } => {
                msg!("refusal.duplicate_methodology", id = id, version = version)
            }
            ApprovalOutOfOrder {
                id,
                version,
                approved_on,
                previous,
                previous_on,
            } => msg!(
                "refusal.approval_out_of_order",
                id = id,
                version = version,
                approved_on = *approved_on,
                previous = previous,
                previous_on = *previous_on,
            ),
            StaleInformation {
                item,
                cutoff,
                committee_date,
                earliest,
                max_age_months,
            } => msg!(
                "refusal.stale_information",
                item = item,
                cutoff = *cutoff,
                committee_date = *committee_date,
                earliest = *earliest,
                max_age_months = *max_age_months,
            ),
            Freshness { item, problem } => {
                msg!("refusal.freshness", item = item, problem = problem.clone())
            }
            OutOfCalendar { date, months } => {
                msg!("refusal.out_of_calendar", date = *date, months = *months)
            }
        }
    }

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
    /// The message in English, starting with the rule id.
    pub message: String,
    /// The message as a catalogue message, rule id first (`refusal.ruled`), for the
    /// reader's language; absent in refusals recorded before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<TraceMessage>,
}

impl Refusal {
    /// A refusal by `rule` that is not a [`CommitteeError`] (the workbench's checks before
    /// the core): its English message is rendered from `reason`.
    pub fn new(rule: &str, reason: TraceMessage) -> Refusal {
        let reason = ruled(rule, reason);
        Refusal {
            rule: rule.to_string(),
            no_decision: false,
            message: reason.english(),
            reason: Some(reason),
        }
    }

    /// The refusal as one catalogue message, rule id first: its reason, or its English
    /// message, marked as such, when it was recorded before reasons existed.
    pub fn reason_message(&self) -> TraceMessage {
        self.reason
            .clone()
            .unwrap_or_else(|| msg!("refusal.recorded", message = self.message.as_str()))
    }
}

impl From<&CommitteeError> for Refusal {
    fn from(err: &CommitteeError) -> Self {
        Refusal {
            rule: err.rule().to_string(),
            no_decision: err.is_no_decision(),
            message: err.to_string(),
            reason: Some(ruled(err.rule(), err.message())),
        }
    }
}

/// `message` preceded by its rule id (`C-3: …`), as one catalogue message.
pub fn ruled(rule: &str, message: TraceMessage) -> TraceMessage {
    msg!("refusal.ruled", rule = rule, reason = message)
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
                problem: crate::freshness::FreshnessError::MonthsOutOfRange { months: 30 }
                    .message(),
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
