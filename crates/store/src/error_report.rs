//! A store error as a value a window can show in the person's language: a stable `code`
//! the UI's catalogue translates, the field, the value, what is accepted and the file
//! concerned, the English message for logs and the CLI, and every bad row of a refused
//! import. The app's commands return it as their error.

use crate::demo::DemoError;
use crate::import::{ImportError, RowProblem};
use crate::tabular::TabularError;
use crate::{OpenError, StoreError};
use ratebook_core::trace::TraceMessage;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Why an action failed, structured for display; nothing was written (every store action
/// is one transaction).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorReport {
    /// Stable identifier of the kind of error (`open.missing`, `store.invalid`,
    /// `import.bad-rows`…): the key of its translated text.
    pub code: String,
    pub field: Option<String>,
    pub value: Option<String>,
    pub accepted: Option<String>,
    /// The file concerned.
    pub path: Option<String>,
    /// The SPEC rule that refused the action (`N-5`, `C-2`…), when a rule did.
    #[serde(default)]
    pub rule: Option<String>,
    /// The English message, complete on its own.
    pub message: String,
    /// The message as a catalogue message of `trace.json`, when a rule refused the action
    /// (`refusal.*`): what the window words in the person's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<TraceMessage>,
    /// Every bad row of a refused import (empty otherwise).
    pub problems: Vec<RowProblem>,
}

impl ErrorReport {
    /// An error with only a code and a message (the shell's own errors).
    pub fn new(code: &str, message: impl Into<String>) -> ErrorReport {
        ErrorReport {
            code: code.into(),
            message: message.into(),
            ..ErrorReport::default()
        }
    }

    /// Names the field and the value concerned.
    pub fn with_field(mut self, field: &str, value: impl Into<String>) -> ErrorReport {
        self.field = Some(field.into());
        self.value = Some(value.into());
        self
    }

    /// Names the rule that refused the action.
    pub fn with_rule(mut self, rule: &str) -> ErrorReport {
        self.rule = Some(rule.into());
        self
    }

    /// Words the report from the catalogue.
    pub fn with_reason(mut self, reason: TraceMessage) -> ErrorReport {
        self.reason = Some(reason);
        self
    }

    /// Names the file concerned.
    pub fn with_path(mut self, path: &Path) -> ErrorReport {
        self.path = Some(path.display().to_string());
        self
    }
}

impl From<&OpenError> for ErrorReport {
    fn from(e: &OpenError) -> ErrorReport {
        let (code, path) = match e {
            OpenError::Missing { path } => ("open.missing", path),
            OpenError::Exists { path } => ("open.exists", path),
            OpenError::NotSqlite { path, .. } => ("open.not-sqlite", path),
            OpenError::Truncated { path, .. } => ("open.truncated", path),
            OpenError::NotAWorkbook { path, .. } => ("open.not-a-workbook", path),
            OpenError::FutureVersion { path, .. } => ("open.future-version", path),
            OpenError::BackupBeforeMigration { path, .. } | OpenError::Migration { path, .. } => {
                ("open.migration", path)
            }
            OpenError::Sqlite { path, .. } => ("open.sqlite", path),
        };
        ErrorReport::new(code, e.to_string()).with_path(path)
    }
}

impl From<&StoreError> for ErrorReport {
    fn from(e: &StoreError) -> ErrorReport {
        let message = e.to_string();
        match e {
            StoreError::Open(open) => open.into(),
            StoreError::Busy { path, .. } => {
                ErrorReport::new("store.busy", message).with_path(path)
            }
            StoreError::Invalid {
                field,
                value,
                accepted,
            } => ErrorReport {
                accepted: Some(accepted.clone()),
                ..ErrorReport::new("store.invalid", message).with_field(field, value.clone())
            },
            StoreError::NotFound { what, key } => {
                ErrorReport::new("store.not-found", message).with_field(what, key.clone())
            }
            _ => ErrorReport::new("store.other", message),
        }
    }
}

impl From<&TabularError> for ErrorReport {
    fn from(e: &TabularError) -> ErrorReport {
        let (code, path) = match e {
            TabularError::UnknownFormat { path } => ("file.format", path),
            TabularError::Read { path, .. } => ("file.read", path),
            TabularError::Empty { path } => ("file.empty", path),
            TabularError::Exists { path } => ("file.exists", path),
            TabularError::Write { path, .. } => ("file.write", path),
        };
        let report = ErrorReport::new(code, e.to_string()).with_path(path);
        match e {
            TabularError::UnknownFormat { .. } => ErrorReport {
                accepted: Some(".csv, .xlsx".into()),
                ..report
            },
            _ => report,
        }
    }
}

impl From<&ImportError> for ErrorReport {
    fn from(e: &ImportError) -> ErrorReport {
        match e {
            ImportError::File(f) => f.into(),
            ImportError::Header {
                problems, expected, ..
            } => ErrorReport {
                accepted: Some(expected.clone()),
                ..ErrorReport::new("import.header", e.to_string())
                    .with_field("header", problems.clone())
            },
            ImportError::BadRows(rows) => ErrorReport {
                problems: rows.clone(),
                ..ErrorReport::new("import.bad-rows", e.to_string())
            },
            ImportError::Store(s) => s.into(),
        }
    }
}

impl From<&DemoError> for ErrorReport {
    fn from(e: &DemoError) -> ErrorReport {
        match e {
            DemoError::Open(open) => open.into(),
            DemoError::Store(store) => store.into(),
            DemoError::Read { path, .. } | DemoError::Data { path, .. } => {
                ErrorReport::new("demo.data", e.to_string()).with_path(path)
            }
            DemoError::Import { .. } => ErrorReport::new("demo.data", e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Kind;
    use crate::{Stamp, Workbook};

    #[test]
    fn a_missing_workbook_names_its_path() {
        let e = Workbook::open(Path::new("/nonexistent/x.ratebook")).unwrap_err();
        let r = ErrorReport::from(&e);
        assert_eq!(r.code, "open.missing");
        assert_eq!(r.path.as_deref(), Some("/nonexistent/x.ratebook"));
        assert!(r.message.contains("does not exist"));
    }

    #[test]
    fn a_refused_import_carries_every_bad_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("w.ratebook")).unwrap();
        let csv = dir.path().join("issuers.csv");
        let header = Kind::Issuers.columns().join(",");
        std::fs::write(
            &csv,
            format!("{header}\nA,Alpha,nowhere,XX,,,,,,true\nB,Beta,bank,XX,,,ZZZ,,,true\n"),
        )
        .unwrap();
        let stamp = Stamp::new("test", chrono::DateTime::UNIX_EPOCH);
        let e = crate::import::import_file(&mut wb, &stamp, Kind::Issuers, &csv).unwrap_err();
        let r = ErrorReport::from(&e);
        assert_eq!(r.code, "import.bad-rows");
        let cells: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(cells, [(2, "sector", "nowhere"), (3, "global_lc", "ZZZ")]);
    }

    #[test]
    fn an_invalid_value_names_field_value_and_accepted() {
        let e = StoreError::Invalid {
            field: "limit".into(),
            value: "0".into(),
            accepted: "1 to 1000 rows".into(),
        };
        let r = ErrorReport::from(&e);
        assert_eq!(
            (
                r.code.as_str(),
                r.field.as_deref(),
                r.value.as_deref(),
                r.accepted.as_deref()
            ),
            (
                "store.invalid",
                Some("limit"),
                Some("0"),
                Some("1 to 1000 rows")
            )
        );
    }
}
