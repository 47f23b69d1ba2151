//! What the window is told before its first script runs: the workbook the command line
//! opened, or why it could not be opened. Handing it to the page in an initialization
//! script lets the window open straight on the issuer list, without first asking the back
//! end which workbook is open (`workbook_current` still answers that, and is the truth
//! after a reload or once another workbook is opened).

use ratebook_store::error_report::ErrorReport;
use serde::Serialize;

/// The state of the window's start, as the page reads it from `window.__RATEBOOK_START__`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartState {
    /// The path of the workbook named on the command line (`--demo`, `--workbook`), open.
    pub workbook: Option<String>,
    /// Why the workbook named on the command line could not be opened.
    pub error: Option<ErrorReport>,
}

/// The name of the page's global that holds the [`StartState`].
pub const GLOBAL: &str = "__RATEBOOK_START__";

impl StartState {
    /// The JavaScript that defines the page's read-only, frozen [`GLOBAL`] from this state;
    /// run by the webview before any script of the page.
    pub fn script(&self) -> String {
        // Invariant: the state has string keys only, so it always serialises. JSON is valid
        // JavaScript (ES2019 allows U+2028 and U+2029 in string literals).
        let json = serde_json::to_string(self).expect("a start state serialises");
        format!(
            "Object.defineProperty(window, '{GLOBAL}', {{ value: Object.freeze({json}), enumerable: false }});"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_script_defines_the_state_as_json_with_quotes_and_separators_intact() {
        let state = StartState {
            workbook: Some("/home/ana/it's \"q\" \u{2028}.ratebook".into()),
            error: None,
        };
        let script = state.script();
        let json = script
            .strip_prefix(
                "Object.defineProperty(window, '__RATEBOOK_START__', { value: Object.freeze(",
            )
            .and_then(|s| s.strip_suffix("), enumerable: false });"))
            .expect("the script's shape");
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back["workbook"], "/home/ana/it's \"q\" \u{2028}.ratebook");
        assert!(back["error"].is_null());
    }

    #[test]
    fn a_start_that_failed_carries_the_error_report() {
        let state = StartState {
            workbook: None,
            error: Some(ErrorReport::new("file.read", "no such file")),
        };
        let back: serde_json::Value = serde_json::to_value(&state).unwrap();
        assert_eq!(back["error"]["code"], "file.read");
        assert!(back["workbook"].is_null());
    }
}
