//! Tauri commands, one module per core or store area.

pub mod import;
pub mod issuers;
pub mod reports;
pub mod scale;
pub mod workbook;
