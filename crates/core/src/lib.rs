//! Ratebook's functional core.
//!
//! Everything here is a pure function of its inputs: methodology data, a case and an
//! "as of" date arrive as values, and results (with their trace) leave as values. The
//! crate performs no I/O, reads no clock and draws no unseeded randomness, so every rule
//! of `SPEC.md` is testable in isolation and the CLI, the app and the reports agree.
//!
//! Architecture invariant: this crate depends on no I/O crate (checked by
//! `tests/purity.rs` from `cargo metadata`).

pub mod builtin;
pub mod calendar;
pub mod committee;
pub mod freshness;
pub mod national;
pub mod scale;
pub mod titularizacion;
pub mod trace;
