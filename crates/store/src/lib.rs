//! The workbook: the user's document, one SQLite file (SPEC §1, C-5).
//!
//! Architecture invariant: the store knows nothing of PDFs or of the UI; it persists
//! values defined by `ratebook-core` and hands them back.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// SQLite `application_id` that marks a file as a Ratebook workbook ("RBK1").
pub const APPLICATION_ID: i32 = 0x5242_4b31;

/// Why a workbook could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("workbook '{path}' does not exist")]
    Missing { path: PathBuf },
    #[error("'{path}' is not a Ratebook workbook (SQLite application_id is {found:#x}, expected {APPLICATION_ID:#x})")]
    NotAWorkbook { path: PathBuf, found: i32 },
    #[error("'{path}' could not be opened as SQLite: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// Opens an existing workbook read-write with Ratebook's connection settings: WAL journal,
/// foreign keys enforced, a busy timeout instead of immediate lock errors.
pub fn open(path: &Path) -> Result<Connection, OpenError> {
    if !path.exists() {
        return Err(OpenError::Missing {
            path: path.to_path_buf(),
        });
    }
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sqlite)?;
    let found: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(sqlite)?;
    if found != APPLICATION_ID {
        return Err(OpenError::NotAWorkbook {
            path: path.to_path_buf(),
            found,
        });
    }
    configure(&conn).map_err(sqlite)?;
    Ok(conn)
}

/// Creates a new, empty workbook at `path` (which must not exist).
pub fn create(path: &Path) -> Result<Connection, OpenError> {
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )
    .map_err(sqlite)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sqlite)?;
    configure(&conn).map_err(sqlite)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_then_open_uses_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.ratebook");
        drop(create(&path).unwrap());
        let conn = open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i32 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn a_foreign_sqlite_file_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(open(&path), Err(OpenError::NotAWorkbook { .. })));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
