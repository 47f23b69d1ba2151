//! Committee reports and actas (SPEC §6).
//!
//! Architecture invariant: the report crate takes values (a decision with its data), never
//! the database; what it prints is derived from those values only.

pub mod acta;
pub mod committee_report;
pub mod finding;
pub mod format_ec;
pub mod keys;
pub mod layout;
pub mod sample;
pub mod signature;
pub mod text;
pub mod trace_text;
pub mod trust;
pub mod verify;
