//! Tauri commands, one module per core module.

pub mod scale;
