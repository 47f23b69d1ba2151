//! Committee members and their roles (SPEC C-1).
//!
//! A member has a name, a job title (printed on records and reports next to the name) and
//! optionally a reference to a signing certificate. Roles are a set: the general manager may
//! also chair; the chair is a voting member who presides and may hold a casting vote.

use super::refusal::CommitteeError;
use serde::{Deserialize, Serialize};

/// What a member does at the committee (C-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Prepares and presents the rating proposal; does not vote as analyst.
    Analyst,
    /// Votes on every item.
    VotingMember,
    /// Presides and votes; may break ties (casting vote) and confirm large overrides.
    Chair,
    /// Keeps the register of members and the minutes (acta); does not vote as secretary.
    Secretary,
    /// Certifies reports; does not vote as general manager.
    GeneralManager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::VotingMember => "voting_member",
            Role::Chair => "chair",
            Role::Secretary => "secretary",
            Role::GeneralManager => "general_manager",
        }
    }
}

/// A committee member as the register keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Stable identifier within the workbook, e.g. "m-torres".
    pub id: String,
    pub name: String,
    /// Job title as printed on records, e.g. "Analista Senior".
    pub title: String,
    pub roles: Vec<Role>,
    /// Reference to the member's signing certificate (e.g. its SHA-256 fingerprint) when
    /// one is on file.
    #[serde(default)]
    pub certificate: Option<String>,
}

impl Member {
    /// Whether the member votes: voting members and the chair.
    pub fn votes(&self) -> bool {
        self.has(Role::VotingMember) || self.has(Role::Chair)
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// C-1: id, name, title and at least one role.
    pub fn validate(&self) -> Result<(), CommitteeError> {
        let empty = |field| CommitteeError::MemberFieldEmpty {
            member: if self.id.trim().is_empty() {
                self.name.clone()
            } else {
                self.id.clone()
            },
            field,
        };
        if self.id.trim().is_empty() {
            return Err(empty("id"));
        }
        if self.name.trim().is_empty() {
            return Err(empty("name"));
        }
        if self.title.trim().is_empty() {
            return Err(empty("title"));
        }
        if self.roles.is_empty() {
            return Err(empty("roles"));
        }
        if matches!(&self.certificate, Some(c) if c.trim().is_empty()) {
            return Err(empty("certificate"));
        }
        Ok(())
    }

    /// "Name, Title", as records print a person.
    pub fn signature_line(&self) -> String {
        format!("{}, {}", self.name, self.title)
    }
}

/// A person as a record keeps them: who, with the title they held at the time (C-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonOfRecord {
    pub member: String,
    pub name: String,
    pub title: String,
}

impl From<&Member> for PersonOfRecord {
    fn from(m: &Member) -> Self {
        PersonOfRecord {
            member: m.id.clone(),
            name: m.name.clone(),
            title: m.title.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(roles: Vec<Role>) -> Member {
        Member {
            id: "m1".into(),
            name: "Ana Torres (fictional)".into(),
            title: "Presidenta del Comité".into(),
            roles,
            certificate: None,
        }
    }

    #[test]
    fn c1_chair_and_voting_members_vote_others_do_not() {
        assert!(member(vec![Role::Chair]).votes());
        assert!(member(vec![Role::VotingMember]).votes());
        assert!(!member(vec![Role::Analyst]).votes());
        assert!(!member(vec![Role::Secretary]).votes());
        assert!(!member(vec![Role::GeneralManager]).votes());
        assert!(member(vec![Role::GeneralManager, Role::Chair]).votes());
    }

    #[test]
    fn c1_a_member_needs_a_title_and_a_role() {
        let mut m = member(vec![]);
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "C-1: member 'm1' field roles is empty; every member needs an id, a name, a job title and at least one role"
        );
        m.roles.push(Role::Analyst);
        m.title = "  ".into();
        assert!(m
            .validate()
            .unwrap_err()
            .to_string()
            .contains("field title"));
        m.title = "Analista".into();
        assert!(m.validate().is_ok());
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["roles"][0], "analyst");
    }
}
