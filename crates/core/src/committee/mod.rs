//! The rating committee (SPEC §5, C-1 … C-8; seed 003 §2.10): members, sessions, agenda
//! items, sealed votes, decisions, overrides with justification, guards, records, the
//! methodology lifecycle, the surveillance calendar and the rating history.
//!
//! Everything here is a pure function of values: the committee rules (versioned data,
//! [`rules::CommitteeRules`]), the session (a [`session_file::SessionFile`]), what the
//! workbook knows ([`proceedings::SessionContext`]) and dates. The store persists the
//! results; the CLI and the app call [`proceedings::run_session`] and friends. Every
//! refusal is a [`refusal::CommitteeError`] whose message starts with its rule id.

pub mod agenda;
pub mod decision;
pub mod guard;
pub mod history;
pub mod lifecycle;
pub mod member;
pub mod r#override;
pub mod proceedings;
pub mod record;
pub mod refusal;
pub mod rules;
pub mod scale;
pub mod session;
pub mod session_file;
pub mod surveillance;
pub mod vote;

pub use proceedings::{run_session, ItemOutcome, SessionContext, SessionOutcome};
pub use refusal::{CommitteeError, Refusal};
pub use rules::CommitteeRules;
