//! Committee sessions (SPEC C-2): numbered per year (`176/2022`), ordinaria or
//! extraordinaria, dated, with the members present, a secretary and a quorum.

use super::member::{Member, Role};
use super::refusal::{list, CommitteeError};
use super::rules::CommitteeRules;
use crate::trace::{msg, Trace};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A session number, `NUMBER/YEAR` ("Sesión de Comité No. 176/2022"). Parsing is strict:
/// a number from 1 without leading zeros or signs, one slash, a four-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct SessionNumber {
    pub number: u32,
    pub year: i32,
}

impl PartialOrd for SessionNumber {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SessionNumber {
    /// Year first, then number: 3/2023 comes after 176/2022.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.year, self.number).cmp(&(other.year, other.number))
    }
}

impl fmt::Display for SessionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:04}", self.number, self.year)
    }
}

impl FromStr for SessionNumber {
    type Err = CommitteeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CommitteeError::SessionNumber {
            value: s.to_string(),
        };
        let (number, year) = s.split_once('/').ok_or_else(bad)?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(number) || number.starts_with('0') || number.len() > 9 {
            return Err(bad());
        }
        if !digits(year) || year.len() != 4 {
            return Err(bad());
        }
        Ok(SessionNumber {
            number: number.parse().map_err(|_| bad())?,
            year: year.parse().map_err(|_| bad())?,
        })
    }
}

/// Serialised as its text, `"176/2022"`.
impl Serialize for SessionNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parsed strictly from its text; the error message is the C-2 refusal.
impl<'de> Deserialize<'de> for SessionNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Ordinary or extraordinary session (sesión ordinaria / extraordinaria).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Ordinaria,
    Extraordinaria,
}

/// A session as convened: who is present and who keeps the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub number: SessionNumber,
    pub kind: SessionKind,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    /// The id of the member present who keeps the minutes.
    pub secretary: String,
    pub members_present: Vec<Member>,
}

/// Whether the committee can decide, and who counts (C-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quorum {
    pub met: bool,
    /// Ids of the voting members present (the chair included), in the order listed.
    pub voting_present: Vec<String>,
    /// The rule's minimum.
    pub required: u32,
}

impl Session {
    /// C-1/C-2: members valid and distinct, the number's year is the date's year, one
    /// chair, the secretary present with the secretary role.
    pub fn validate(&self) -> Result<(), CommitteeError> {
        if self.number.year != self.date.year() {
            return Err(CommitteeError::SessionYear {
                number: self.number.to_string(),
                date: self.date,
            });
        }
        for (i, m) in self.members_present.iter().enumerate() {
            m.validate()?;
            if self.members_present[..i].iter().any(|o| o.id == m.id) {
                return Err(CommitteeError::DuplicateMember {
                    member: m.id.clone(),
                });
            }
        }
        let chairs: Vec<&str> = self
            .members_present
            .iter()
            .filter(|m| m.has(Role::Chair))
            .map(|m| m.id.as_str())
            .collect();
        if chairs.len() != 1 {
            return Err(CommitteeError::ChairCount {
                count: chairs.len(),
                members: chairs.iter().map(|c| c.to_string()).collect(),
            });
        }
        match self.member(&self.secretary) {
            None => Err(CommitteeError::Secretary {
                member: self.secretary.clone(),
                problem: msg!("refusal.member.not_present"),
            }),
            Some(m) if !m.has(Role::Secretary) => Err(CommitteeError::Secretary {
                member: self.secretary.clone(),
                problem: msg!("refusal.member.not_secretary"),
            }),
            Some(_) => Ok(()),
        }
    }

    /// The member present with this id.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members_present.iter().find(|m| m.id == id)
    }

    /// The chair present. Total after `validate`.
    pub fn chair(&self) -> Option<&Member> {
        self.members_present.iter().find(|m| m.has(Role::Chair))
    }

    /// The voting members present, chair included, in the order listed.
    pub fn voting_members(&self) -> impl Iterator<Item = &Member> {
        self.members_present.iter().filter(|m| m.votes())
    }

    /// C-2: the quorum under `rules`, with a trace step saying who counted.
    pub fn quorum(&self, rules: &CommitteeRules, trace: &mut Trace) -> Quorum {
        let voting_present: Vec<String> = self.voting_members().map(|m| m.id.clone()).collect();
        let required = rules.quorum.min_voting_members;
        let met = voting_present.len() >= required as usize;
        trace.step(
            "C-2",
            "003 §2.10",
            msg!("subject.session_quorum", session = self.number.to_string()),
            msg!(
                "value.quorum_required",
                required = required,
                rules = rules.label(),
            ),
            if met {
                msg!("value.quorum_met")
            } else {
                msg!("value.no_quorum")
            },
            if voting_present.is_empty() {
                msg!("committee.quorum_none")
            } else {
                msg!(
                    "committee.quorum",
                    count = voting_present.len(),
                    members = list(&voting_present),
                )
            },
        );
        Quorum {
            met,
            voting_present,
            required,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c2_session_numbers_parse_and_format_strictly() {
        let n: SessionNumber = "176/2022".parse().unwrap();
        assert_eq!(
            n,
            SessionNumber {
                number: 176,
                year: 2022
            }
        );
        assert_eq!(n.to_string(), "176/2022");
        for bad in [
            "0176/2022",
            "0/2022",
            "176/22",
            "176-2022",
            " 176/2022",
            "176/2022 ",
            "+1/2022",
            "176/20222",
            "/2022",
            "176/",
            "17a/2022",
            "1/2/2022",
            "",
        ] {
            let err = bad.parse::<SessionNumber>().unwrap_err();
            assert_eq!(err.rule(), "C-2");
            assert!(err.to_string().contains(&format!("'{bad}'")), "{err}");
        }
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"176/2022\"");
        assert!(serde_json::from_str::<SessionNumber>("\"01/2022\"").is_err());
    }

    #[test]
    fn c2_sessions_order_by_year_then_number() {
        let a: SessionNumber = "176/2022".parse().unwrap();
        let b: SessionNumber = "3/2023".parse().unwrap();
        let c: SessionNumber = "12/2023".parse().unwrap();
        assert!(a < b && b < c);
    }
}
