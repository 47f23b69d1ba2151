//! Commands over `ratebook_core::scale`.

use ratebook_core::{builtin, scale};

/// The global scale with notch indices and short-term equivalents (first screen).
#[tauri::command]
pub fn global_scale() -> scale::ScaleOverview {
    scale::global_scale_overview(&builtin::short_term_link())
}
