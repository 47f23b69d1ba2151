//! How the CLI speaks: JSON on stdout with `--json`, text otherwise; errors on stderr.

use serde::Serialize;

pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as pretty JSON when `--json` was given, otherwise the text `human`
    /// renders.
    pub fn emit<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<()> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value)?);
        } else {
            print!("{}", human(value));
        }
        Ok(())
    }

    /// Reports a failure: `{"error": "..."}` on stdout with `--json` (so scripts can read
    /// it), and always the full chain of causes on stderr.
    pub fn error(&self, err: &anyhow::Error) {
        let message = format!("{err:#}");
        if self.json {
            println!("{}", serde_json::json!({ "error": message }));
        }
        eprintln!("error: {message}");
    }
}
