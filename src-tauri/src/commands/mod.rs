//! Tauri commands, one module per core or store area.

pub mod committee;
pub mod import;
pub mod issuers;
pub mod scale;
pub mod workbook;
