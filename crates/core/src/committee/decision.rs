//! Decisions (SPEC C-2): the revealed votes become the majority rating, or no decision with
//! the reason (a tie the rules give the chair no casting vote for, no majority). Dissents
//! are the votes for another rating, kept with their comments.

use super::agenda::{IndicativeResult, Subject};
use super::r#override::OverrideRecord;
use super::record::RatingRecord;
use super::refusal::{CommitteeError, TieRule};
use super::rules::{CommitteeRules, MajorityRule};
use super::scale::ItemScale;
use super::session::SessionNumber;
use super::vote::{RevealedVotes, Vote};
use crate::trace::{msg, Trace, TraceMessage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The votes one rating received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TallyLine {
    pub rating: String,
    pub votes: u32,
    pub members: Vec<String>,
}

/// How the rating was carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Carried {
    pub rating: String,
    /// Most votes first; equal counts best rating first.
    pub tally: Vec<TallyLine>,
    /// The chair's id when the chair's casting vote broke a tie.
    pub casting_vote: Option<String>,
}

/// C-2: counts the revealed votes under the rules' majority and casting-vote rule.
pub fn carry(
    rules: &CommitteeRules,
    scale: &ItemScale,
    votes: &RevealedVotes,
    chair: &str,
    trace: &mut Trace,
) -> Result<Carried, CommitteeError> {
    let mut tally: Vec<TallyLine> = Vec::new();
    for v in &votes.votes {
        match tally.iter_mut().find(|t| t.rating == v.rating) {
            Some(t) => {
                t.votes += 1;
                t.members.push(v.member.clone());
            }
            None => tally.push(TallyLine {
                rating: v.rating.clone(),
                votes: 1,
                members: vec![v.member.clone()],
            }),
        }
    }
    // Symbols were checked on the scale when cast; unknown ones (impossible) sort last.
    let position = |r: &str| scale.index(r).unwrap_or(usize::MAX);
    tally.sort_by(|a, b| {
        b.votes
            .cmp(&a.votes)
            .then(position(&a.rating).cmp(&position(&b.rating)))
    });
    let cast = votes.votes.len();
    let describe = |t: &[TallyLine]| {
        msg!(
            "refusal.tally",
            lines = t
                .iter()
                .map(|l| msg!(
                    "refusal.tally_line",
                    rating = l.rating.as_str(),
                    votes = l.votes
                ))
                .collect::<Vec<_>>(),
        )
    };
    let top = tally.first().map(|t| t.votes).unwrap_or(0);
    let leaders: Vec<&TallyLine> = tally.iter().filter(|t| t.votes == top).collect();
    let needed = match rules.majority.rule {
        MajorityRule::Absolute => cast / 2 + 1,
        MajorityRule::Plurality => 1,
    };
    let rule_text = || {
        TraceMessage::new(match rules.majority.rule {
            MajorityRule::Absolute => "committee.majority.absolute",
            MajorityRule::Plurality => "committee.majority.plurality",
        })
    };
    if leaders.len() == 1 && top as usize >= needed {
        let rating = leaders[0].rating.clone();
        trace.step(
            "C-2",
            "003 §2.10",
            msg!("subject.item_vote", item = votes.item.as_str()),
            describe(&tally),
            rating.clone(),
            msg!(
                "committee.carried",
                top = top,
                cast = cast,
                rule = vec![rule_text()],
            ),
        );
        return Ok(Carried {
            rating,
            tally,
            casting_vote: None,
        });
    }
    if leaders.len() > 1 {
        let tied = describe(&leaders.iter().map(|l| (*l).clone()).collect::<Vec<_>>());
        if !rules.majority.chair_casting_vote {
            return Err(CommitteeError::Tie {
                item: votes.item.clone(),
                tied,
                rules: rules.label(),
                why: TieRule::NoCastingVote,
            });
        }
        let chair_vote = votes.votes.iter().find(|v| v.member == chair);
        return match chair_vote.and_then(|cv| leaders.iter().find(|l| l.rating == cv.rating)) {
            Some(line) => {
                let rating = line.rating.clone();
                trace.step(
                    "C-2",
                    "003 §2.10",
                    msg!("subject.item_vote", item = votes.item.as_str()),
                    describe(&tally),
                    rating.clone(),
                    msg!("committee.casting_vote", tied = tied, chair = chair),
                );
                Ok(Carried {
                    rating,
                    tally,
                    casting_vote: Some(chair.to_string()),
                })
            }
            None => Err(CommitteeError::Tie {
                item: votes.item.clone(),
                tied,
                rules: rules.label(),
                why: TieRule::ChairVotedNone,
            }),
        };
    }
    Err(CommitteeError::NoMajority {
        item: votes.item.clone(),
        tally: describe(&tally),
        needed,
        cast,
    })
}

/// A vote for another rating than the one decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dissent {
    pub member: String,
    pub name: String,
    pub rating: String,
    pub comment: Option<String>,
}

/// Identifies a decision: the session and the agenda item that took it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionKey {
    pub session: SessionNumber,
    pub item: String,
}

impl std::fmt::Display for DecisionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} item {}", self.session, self.item)
    }
}

/// Who signed the decision's report, and when (C-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatureMark {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub signed_on: NaiveDate,
    /// The signer's member id.
    pub signed_by: String,
}

/// A committee decision on one agenda item, with everything the record needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Decision {
    pub key: DecisionKey,
    /// 1 for the decision as taken; each later change after signing adds a version (C-4).
    pub version: u32,
    /// The version this one replaces.
    pub supersedes: Option<u32>,
    pub subject: Subject,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub scale_id: String,
    /// The decided rating.
    pub rating: String,
    pub indicative: IndicativeResult,
    pub recommendation: String,
    /// Every vote, revealed together.
    pub votes: Vec<Vote>,
    pub tally: Vec<TallyLine>,
    pub casting_vote: Option<String>,
    pub dissents: Vec<Dissent>,
    #[serde(rename = "override")]
    pub override_record: Option<OverrideRecord>,
    pub record: RatingRecord,
    /// The committee rules the decision was taken under: "id version".
    pub rules: String,
    /// Set once the decision's report is signed; from then on the decision is immutable.
    pub signature: Option<SignatureMark>,
    /// Why this version exists, when it is not the first.
    pub change_note: Option<String>,
    pub trace: Trace,
}

impl Decision {
    pub fn is_signed(&self) -> bool {
        self.signature.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    fn scale() -> ItemScale {
        ItemScale {
            id: "s".into(),
            symbols: ["AAA", "AA", "A", "B"].map(String::from).to_vec(),
        }
    }

    fn votes(v: &[(&str, &str)]) -> RevealedVotes {
        RevealedVotes {
            item: "1".into(),
            votes: v
                .iter()
                .map(|(m, r)| Vote {
                    member: m.to_string(),
                    rating: r.to_string(),
                    comment: None,
                })
                .collect(),
        }
    }

    #[test]
    fn c2_casting_vote_only_breaks_a_tie_the_chair_is_part_of() {
        let rules = builtin::committee_rules();
        let mut trace = Trace::new();
        // 2-2-1: the chair voted for the fifth rating, so nothing breaks the tie.
        let v = votes(&[("c", "B"), ("a", "AA"), ("b", "AA"), ("d", "A"), ("e", "A")]);
        let err = carry(&rules, &scale(), &v, "c", &mut trace).unwrap_err();
        assert!(err.is_no_decision());
        assert!(
            err.to_string()
                .contains("the chair voted for none of the tied ratings"),
            "{err}"
        );
        let carried = carry(&rules, &scale(), &v, "d", &mut trace).unwrap();
        assert_eq!(carried.rating, "A");
        assert_eq!(carried.casting_vote.as_deref(), Some("d"));
        // The tally lists most votes first, then the better rating.
        let order: Vec<&str> = carried.tally.iter().map(|t| t.rating.as_str()).collect();
        assert_eq!(order, ["AA", "A", "B"]);
    }

    #[test]
    fn c2_an_absolute_majority_needs_more_than_half() {
        let rules = builtin::committee_rules();
        let mut trace = Trace::new();
        let v = votes(&[
            ("a", "AA"),
            ("b", "AA"),
            ("c", "AA"),
            ("d", "A"),
            ("e", "B"),
        ]);
        assert_eq!(
            carry(&rules, &scale(), &v, "a", &mut trace).unwrap().rating,
            "AA"
        );
        let v = votes(&[
            ("a", "AA"),
            ("b", "AA"),
            ("c", "A"),
            ("d", "B"),
            ("e", "AAA"),
        ]);
        assert!(matches!(
            carry(&rules, &scale(), &v, "a", &mut trace),
            Err(CommitteeError::NoMajority {
                needed: 3,
                cast: 5,
                ..
            })
        ));
    }
}
