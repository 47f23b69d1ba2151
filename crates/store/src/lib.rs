//! The workbook: the user's document, one SQLite file (SPEC §1, C-5).
//!
//! A [`Workbook`] holds methodology versions as documents ([`methodology`]), sovereigns,
//! issuers and issues ([`entities`]), titularizaciones ([`titularizacion`]) and committee
//! records ([`committee`]). Every change goes through a [`Writer`] inside one transaction
//! and appends an event to the audit chain ([`audit`]); [`audit::verify`] detects edits made
//! outside Ratebook. Files move in and out through [`import`], [`export`] and [`backup`].
//!
//! Architecture invariant: the store knows nothing of PDFs or of the UI; it persists
//! values defined by `ratebook-core` and hands them back. Time is a value the caller passes
//! in ([`Stamp`]); the store reads no clock.

pub mod analyst_input;
pub mod audit;
pub mod backup;
pub mod committee;
pub mod committee_draft;
pub mod committee_records;
pub mod demo;
pub mod entities;
pub mod error_report;
pub mod export;
pub mod import;
pub mod issuer_list;
pub mod keyset;
pub mod methodology;
pub mod report_files;
pub mod schema;
pub mod tabular;
pub mod titularizacion;
pub mod titularizacion_analysis;
pub mod titularizacion_list;
pub mod vocabulary;
pub mod workflow;

mod workbook;

pub use audit::{Stamp, Writer};
pub use workbook::{create, open, OpenError, StoreError, Workbook, APPLICATION_ID};
