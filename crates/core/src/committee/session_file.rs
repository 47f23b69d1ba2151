//! The session file: a whole committee session as JSON — the session and the members
//! present, each agenda item with its votes and, where the decision departs from the
//! indicative rating, the override with its reasons. `ratebook committee run --session
//! FILE` reads it; `docs/committee.md` documents it field by field.
//!
//! Unknown fields are refused everywhere (a misspelt `overide` must not silently drop an
//! override), and `format` names the schema version.

use super::agenda::AgendaItem;
use super::r#override::OverrideRequest;
use super::refusal::CommitteeError;
use super::session::Session;
use super::vote::Vote;
use serde::{Deserialize, Serialize};

/// The schema version this build reads and writes.
pub const SESSION_FILE_FORMAT: &str = "ratebook-session/1";

/// A committee session as a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    /// Always [`SESSION_FILE_FORMAT`].
    pub format: String,
    pub session: Session,
    /// The agenda, in the order the committee takes it.
    pub items: Vec<SessionItem>,
}

/// One agenda item with what the committee did on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SessionItem {
    /// The rating proposal.
    pub proposal: AgendaItem,
    /// Every present voting member's vote (sealed until all are in).
    pub votes: Vec<Vote>,
    /// The override, required when the decided rating differs from the indicative one.
    #[serde(default, rename = "override")]
    pub override_request: Option<OverrideRequest>,
    /// What the engine needs besides the workbook's records to recompute the indicative
    /// result: the analyst's national-scale choices, or a titularización engine case file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<EngineInputs>,
}

/// The analyst's inputs to the engine that the workbook does not hold. The workbook's
/// records (issuer, sovereign, deal) are always the base; these only add to them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct EngineInputs {
    /// A titularización engine case file (`ratebook titularizacion rate --case`), relative
    /// to the session file, used when the workbook holds no engine case for the deal.
    #[serde(default)]
    pub case: Option<String>,
    /// N-4: the analyst's pick among the options, overriding the suggestion.
    #[serde(default)]
    pub chosen_option: Option<String>,
    /// N-4: the expected transition that tilts the suggestion one option.
    #[serde(default)]
    pub expected_transition: Option<crate::scale::Outlook>,
    /// N-5: the holistic adjustment.
    #[serde(default)]
    pub holistic: Option<crate::national::rate::Holistic>,
    /// N-6: passes the ratings-above-the-sovereign stress test.
    #[serde(default)]
    pub above_sovereign_stress_passed: bool,
    /// N-7: use the alternative short-term mapping.
    #[serde(default)]
    pub liquidity_alternative: bool,
}

impl SessionFile {
    /// C-2: the file's shape — its format, the session, a non-empty agenda with distinct
    /// item ids and subjects. Item contents are checked item by item when the session runs,
    /// so one bad item does not hide the others.
    pub fn validate(&self) -> Result<(), CommitteeError> {
        if self.format != SESSION_FILE_FORMAT {
            return Err(CommitteeError::FileFormat {
                value: self.format.clone(),
                accepted: SESSION_FILE_FORMAT,
            });
        }
        self.session.validate()?;
        if self.items.is_empty() {
            return Err(CommitteeError::EmptyAgenda);
        }
        for (i, item) in self.items.iter().enumerate() {
            let p = &item.proposal;
            for earlier in &self.items[..i] {
                if earlier.proposal.id == p.id {
                    return Err(CommitteeError::DuplicateItem { item: p.id.clone() });
                }
                if earlier.proposal.subject.id == p.subject.id {
                    return Err(CommitteeError::DuplicateSubject {
                        item: p.id.clone(),
                        other: earlier.proposal.id.clone(),
                        subject: p.subject.to_string(),
                    });
                }
            }
        }
        Ok(())
    }
}
