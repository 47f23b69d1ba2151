//! Running a session (SPEC C-2 … C-8): from the session file and what the workbook knows
//! (the methodology catalogue, earlier decisions) to a decision or a refusal per item.
//!
//! Pure: the workbook's state arrives as values in [`SessionContext`]; the outcome is a
//! value the store persists and the acta prints. Each item is decided on its own, so a
//! refused item does not stop the others; a malformed session (the file's shape, the
//! members, the secretary, the chair) refuses the whole run.

use super::agenda::Subject;
use super::decision::{self, Decision, DecisionKey, Dissent};
use super::guard;
use super::history::outstanding;
use super::lifecycle::MethodologyVersion;
use super::member::{PersonOfRecord, Role};
use super::r#override::{self, OverrideCase};
use super::record::{self, PreviousRating, RatingRecord};
use super::refusal::{CommitteeError, Refusal};
use super::rules::{CommitteeRules, MethodologyFamily};
use super::session::{Quorum, Session};
use super::session_file::{SessionFile, SessionItem};
use super::surveillance;
use super::vote::SealedBallot;
use crate::trace::{self, msg, Trace, TraceMessage};
use serde::{Deserialize, Serialize};

/// What the workbook knows when the session runs.
#[derive(Debug, Clone, Copy)]
pub struct SessionContext<'a> {
    /// Every methodology version with its approval dates (C-7).
    pub methodologies: &'a [MethodologyVersion],
    /// Every earlier decision, for the action type (C-6) and the history.
    pub decisions: &'a [Decision],
}

/// What happened to one agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ItemOutcome {
    Decided {
        item: String,
        decision: Box<Decision>,
    },
    /// No decision: the refusal says which rule and why, rule id first.
    Refused {
        item: String,
        subject: Subject,
        refusal: Refusal,
        /// The steps the item passed, ending with the refusal.
        trace: Trace,
    },
}

/// The outcome of a whole session, in agenda order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionOutcome {
    pub session: Session,
    pub quorum: Quorum,
    /// The committee rules applied: "id version".
    pub rules: String,
    pub items: Vec<ItemOutcome>,
    pub trace: Trace,
}

impl SessionOutcome {
    /// The decisions taken, in agenda order.
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.items.iter().filter_map(|o| match o {
            ItemOutcome::Decided { decision, .. } => Some(decision.as_ref()),
            ItemOutcome::Refused { .. } => None,
        })
    }

    /// The refusals, with their item ids, in agenda order.
    pub fn refusals(&self) -> impl Iterator<Item = (&str, &Refusal)> {
        self.items.iter().filter_map(|o| match o {
            ItemOutcome::Refused { item, refusal, .. } => Some((item.as_str(), refusal)),
            ItemOutcome::Decided { .. } => None,
        })
    }
}

/// Runs a committee session: validates the file, checks the quorum, then decides each
/// item under the committee rules. Errors only when the session itself is malformed.
pub fn run_session(
    rules: &CommitteeRules,
    context: SessionContext<'_>,
    file: &SessionFile,
) -> Result<SessionOutcome, CommitteeError> {
    file.validate()?;
    let session = &file.session;
    if rules.effective_date > session.date {
        return Err(CommitteeError::RulesNotInForce {
            rules: rules.label(),
            effective: rules.effective_date,
            date: session.date,
        });
    }
    let mut trace = Trace::new();
    let quorum = session.quorum(rules, &mut trace);
    let items = file
        .items
        .iter()
        .map(|item| {
            let mut item_trace = trace.clone();
            let result = if quorum.met {
                decide_item(rules, context, session, item, &mut item_trace)
            } else {
                Err(CommitteeError::NoQuorum {
                    item: item.proposal.id.clone(),
                    present: quorum.voting_present.len(),
                    required: quorum.required,
                    members: quorum.voting_present.clone(),
                    rules: rules.label(),
                })
            };
            match result {
                Ok(decision) => ItemOutcome::Decided {
                    item: item.proposal.id.clone(),
                    decision: Box::new(decision),
                },
                Err(err) => {
                    let refusal = Refusal::from(&err);
                    item_trace.step(
                        &refusal.rule,
                        refusal_section(&err, &item.proposal.subject),
                        msg!("subject.item", item = item.proposal.id.as_str()),
                        "",
                        if refusal.no_decision {
                            msg!("value.no_decision")
                        } else {
                            msg!("value.refused")
                        },
                        TraceMessage::new(if refusal.no_decision {
                            "committee.no_decision_because"
                        } else {
                            "committee.refused_because"
                        })
                        .arg("reason", refusal.reason_message()),
                    );
                    ItemOutcome::Refused {
                        item: item.proposal.id.clone(),
                        subject: item.proposal.subject.clone(),
                        refusal,
                        trace: item_trace,
                    }
                }
            }
        })
        .collect::<Vec<_>>();
    let decided = items
        .iter()
        .filter(|o| matches!(o, ItemOutcome::Decided { .. }))
        .count();
    trace.step(
        "C-2",
        "003 §2.10",
        msg!("subject.session", session = session.number.to_string()),
        msg!("value.agenda", count = items.len()),
        msg!(
            "value.decided",
            decided = decided,
            undecided = items.len() - decided,
        ),
        msg!("committee.session_rules", rules = rules.label()),
    );
    Ok(SessionOutcome {
        session: session.clone(),
        quorum,
        rules: rules.label(),
        items,
        trace,
    })
}

/// The seed section a refusal applies: the freshness rule is seed 003 §1.2; the
/// committee's own rules on a titularización are seed 003 §2.10; otherwise SPEC §5.
fn refusal_section(err: &CommitteeError, subject: &Subject) -> &'static str {
    match err.rule() {
        "T-6" => "003 §1.2",
        _ if subject.is_titularizacion() => "003 §2.10",
        _ => "SPEC §5",
    }
}

fn decide_item(
    rules: &CommitteeRules,
    context: SessionContext<'_>,
    session: &Session,
    item: &SessionItem,
    trace: &mut Trace,
) -> Result<Decision, CommitteeError> {
    let p = &item.proposal;
    p.validate()?;
    let analyst =
        session
            .member(&p.lead_analyst)
            .ok_or_else(|| CommitteeError::MemberReference {
                item: p.id.clone(),
                field: "lead_analyst".into(),
                member: p.lead_analyst.clone(),
                problem: msg!("refusal.member.not_present"),
            })?;
    if !analyst.has(Role::Analyst) {
        return Err(CommitteeError::MemberReference {
            item: p.id.clone(),
            field: "lead_analyst".into(),
            member: p.lead_analyst.clone(),
            problem: msg!("refusal.member.not_analyst"),
        });
    }
    if let Some(date) = p.record.publication_date {
        if date < session.date {
            return Err(CommitteeError::PublicationBeforeDecision {
                item: p.id.clone(),
                publication: date,
                date: session.date,
            });
        }
    }
    let methodology = guard::approved_methodology(context.methodologies, p, session.date, trace)?;
    guard::fresh_information(rules, p, methodology.family, session.date, trace)?;

    let mut ballot = SealedBallot::open(session, p);
    for vote in &item.votes {
        ballot.cast(vote.clone())?;
    }
    let votes = ballot.reveal()?;
    // Invariant: `Session::validate` found exactly one chair.
    let chair = session.chair().map(|m| m.id.clone()).unwrap_or_default();
    let carried = decision::carry(rules, &p.scale, &votes, &chair, trace)?;

    let notches = p
        .scale
        .notches(&p.indicative.rating, &carried.rating)
        .map_err(|e| CommitteeError::UnknownSymbol {
            item: p.id.clone(),
            field: "indicative.rating".into(),
            symbol: e.symbol,
            scale: e.scale,
            accepted: e.accepted,
        })?;
    let override_record = r#override::check(
        rules,
        &OverrideCase {
            item: &p.id,
            family: methodology.family,
            indicative: &p.indicative.rating,
            decided: &carried.rating,
            notches,
            votes: &votes,
            chair: &chair,
        },
        item.override_request.as_ref(),
        trace,
    )?;
    if carried.rating != p.recommendation {
        // T-11 is the titularización methodology's own wording of this discretion; on
        // other scales the recommendation is part of the agenda item (C-2).
        let (rule, section) = match methodology.family {
            MethodologyFamily::Titularizacion => ("T-11", "003 §2.10"),
            MethodologyFamily::National => ("C-2", "SPEC §5"),
        };
        trace.step(
            rule,
            section,
            msg!("subject.item_recommendation", item = p.id.as_str()),
            p.recommendation.clone(),
            carried.rating.clone(),
            msg!("committee.other_than_recommendation"),
        );
    }

    let previous = outstanding(context.decisions, &p.subject.id).map(|d| PreviousRating {
        rating: d.rating.clone(),
        scale_id: d.scale_id.clone(),
        session: d.key.session,
        date: d.date,
    });
    let (action, derived) = record::action_type(
        &p.id,
        &p.subject.to_string(),
        previous.as_ref(),
        &p.scale,
        &carried.rating,
        p.record.action,
    )?;
    trace.step(
        "C-6",
        "SPEC §5",
        msg!("subject.item_action", item = p.id.as_str()),
        match previous.as_ref() {
            Some(pr) => format!("{} ({})", pr.rating, pr.session).into(),
            None => trace::Subject::Phrase(msg!("value.no_outstanding")),
        },
        action.as_str(),
        if derived {
            msg!("committee.action_derived")
        } else {
            msg!("committee.action_declared")
        },
    );
    let next = surveillance::next_review(rules, &p.subject, session.date)?;
    trace.step(
        "C-8",
        "SPEC §5",
        msg!("subject.item_surveillance", item = p.id.as_str()),
        session.date.to_string(),
        next.to_string(),
        msg!(
            "committee.next_review",
            months = if p.subject.is_titularizacion() {
                rules.review.titularizacion_months
            } else {
                rules.review.other_months
            },
        ),
    );

    let approvers = votes
        .votes
        .iter()
        .filter(|v| v.rating == carried.rating)
        .filter_map(|v| session.member(&v.member).map(PersonOfRecord::from))
        .collect();
    let dissents = votes
        .against(&carried.rating)
        .into_iter()
        .map(|v| Dissent {
            member: v.member.clone(),
            name: session
                .member(&v.member)
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            rating: v.rating.clone(),
            comment: v.comment.clone(),
        })
        .collect();

    Ok(Decision {
        key: DecisionKey {
            session: session.number,
            item: p.id.clone(),
        },
        version: 1,
        supersedes: None,
        subject: p.subject.clone(),
        date: session.date,
        scale_id: p.scale.id.clone(),
        rating: carried.rating,
        indicative: p.indicative.clone(),
        recommendation: p.recommendation.clone(),
        votes: votes.votes,
        tally: carried.tally,
        casting_vote: carried.casting_vote,
        dissents,
        override_record,
        record: RatingRecord {
            action,
            action_derived: derived,
            previous,
            watch: p.record.watch,
            solicited: p.record.solicited,
            issuer_participation: p.record.issuer_participation,
            lead_analyst: PersonOfRecord::from(analyst),
            approvers,
            information_sources: p.record.information_sources.clone(),
            information_cutoff: p.information_cutoff,
            methodology: p.methodology.clone(),
            key_assumptions: p.record.key_assumptions.clone(),
            decision_date: session.date,
            publication_date: p.record.publication_date,
        },
        rules: rules.label(),
        signature: None,
        change_note: None,
        trace: trace.clone(),
    })
}
