//! Sealed votes (SPEC C-2): each voting member present casts one vote, a rating on the
//! item's scale with an optional comment; nobody sees any vote until every present voting
//! member has voted, then all are revealed together.
//!
//! The sealing is in the types: a [`SealedBallot`] has no accessor for the votes it holds,
//! and the only way to read them is [`SealedBallot::reveal`], which refuses while a vote is
//! missing.

use super::agenda::AgendaItem;
use super::refusal::{list, CommitteeError};
use super::session::Session;
use serde::{Deserialize, Serialize};

/// One member's vote on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// The voting member's id.
    pub member: String,
    /// The rating voted, a symbol of the item's scale.
    pub rating: String,
    /// The member's comment; recorded with a dissent.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Votes being collected for one item; closed to reading until complete.
#[derive(Debug, Clone)]
pub struct SealedBallot {
    item: AgendaItem,
    voters: Vec<String>,
    cast: Vec<Vote>,
}

/// Every vote of an item, revealed together, in the order the voters are listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RevealedVotes {
    pub item: String,
    pub votes: Vec<Vote>,
}

impl SealedBallot {
    /// Opens a ballot for `item` among the voting members present at `session`.
    pub fn open(session: &Session, item: &AgendaItem) -> SealedBallot {
        SealedBallot {
            item: item.clone(),
            voters: session.voting_members().map(|m| m.id.clone()).collect(),
            cast: Vec::new(),
        }
    }

    /// Casts a vote. Refused (C-2) from a member who is not a voting member present, a
    /// second vote from the same member, or a rating not on the item's scale.
    pub fn cast(&mut self, vote: Vote) -> Result<(), CommitteeError> {
        if !self.voters.contains(&vote.member) {
            return Err(CommitteeError::NotAVoter {
                item: self.item.id.clone(),
                member: vote.member,
            });
        }
        if self.cast.iter().any(|v| v.member == vote.member) {
            return Err(CommitteeError::DoubleVote {
                item: self.item.id.clone(),
                member: vote.member,
            });
        }
        self.item
            .symbol(&format!("votes ({}).rating", vote.member), &vote.rating)?;
        let comment = vote.comment.filter(|c| !c.trim().is_empty());
        self.cast.push(Vote { comment, ..vote });
        Ok(())
    }

    /// How many votes are in, without saying whose or what.
    pub fn count(&self) -> usize {
        self.cast.len()
    }

    /// The voting members who have not voted yet, in the order listed.
    pub fn missing(&self) -> Vec<String> {
        self.voters
            .iter()
            .filter(|id| !self.cast.iter().any(|v| &v.member == *id))
            .cloned()
            .collect()
    }

    /// Reveals every vote together. Refused (C-2) while any present voting member has not
    /// voted: the votes stay sealed.
    pub fn reveal(self) -> Result<RevealedVotes, CommitteeError> {
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(CommitteeError::VotesSealed {
                item: self.item.id.clone(),
                missing: list(&missing),
            });
        }
        let votes = self
            .voters
            .iter()
            .filter_map(|id| self.cast.iter().find(|v| &v.member == id).cloned())
            .collect();
        Ok(RevealedVotes {
            item: self.item.id,
            votes,
        })
    }
}

impl RevealedVotes {
    /// Whether every vote is for `rating`.
    pub fn unanimous_for(&self, rating: &str) -> bool {
        self.votes.iter().all(|v| v.rating == rating)
    }

    /// The members whose vote differs from `rating`, in order.
    pub fn against(&self, rating: &str) -> Vec<&Vote> {
        self.votes.iter().filter(|v| v.rating != rating).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::committee::session_file::SessionFile;

    const FILE: &str =
        include_str!("../../../../fixtures/sessions/ordinaria-41-2026-override.json");

    #[test]
    fn c2_revealed_votes_follow_the_members_order_not_the_casting_order() {
        let file: SessionFile = serde_json::from_str(FILE).unwrap();
        let mut ballot = SealedBallot::open(&file.session, &file.items[0].proposal);
        for member in ["m-cano", "m-vera", "m-ortega", "m-salazar"] {
            ballot
                .cast(Vote {
                    member: member.into(),
                    rating: "xxA".into(),
                    comment: Some("  ".into()),
                })
                .unwrap();
        }
        let revealed = ballot.reveal().unwrap();
        let order: Vec<&str> = revealed.votes.iter().map(|v| v.member.as_str()).collect();
        assert_eq!(order, ["m-ortega", "m-salazar", "m-vera", "m-cano"]);
        assert!(
            revealed.votes.iter().all(|v| v.comment.is_none()),
            "blank comments dropped"
        );
        assert!(revealed.unanimous_for("xxA"));
    }
}
