//! Tauri commands, one module per core or store area.

pub mod committee;
pub mod import;
pub mod issuers;
pub mod methodology;
pub mod reports;
pub mod scale;
pub mod titularizacion;
pub mod workbook;
