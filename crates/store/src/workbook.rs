//! Opening, creating and migrating a workbook file, and running one user action as one
//! transaction.

use crate::audit::{Stamp, Writer};
use crate::backup;
use crate::schema::{with_migrations, LATEST_VERSION};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// SQLite `application_id` that marks a file as a Ratebook workbook ("RBK1").
pub const APPLICATION_ID: i32 = 0x5242_4b31;

/// How long a writer waits for another process's lock before "workbook is busy".
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a workbook could not be opened or created. Every variant leaves the file as it was.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("workbook '{path}' does not exist")]
    Missing { path: PathBuf },
    #[error("'{path}' already exists; a new workbook is never written over an existing file")]
    Exists { path: PathBuf },
    #[error("'{path}' is not a SQLite file ({reason}); a Ratebook workbook is a SQLite database")]
    NotSqlite { path: PathBuf, reason: String },
    #[error("'{path}' is truncated: its header declares {expected} bytes but the file has {found}; restore it from a backup")]
    Truncated {
        path: PathBuf,
        expected: u64,
        found: u64,
    },
    #[error("'{path}' is not a Ratebook workbook (SQLite application_id is {found:#x}, expected {APPLICATION_ID:#x})")]
    NotAWorkbook { path: PathBuf, found: i32 },
    #[error("'{path}' was written by a newer Ratebook (schema version {found}; this build reads up to {supported}); upgrade Ratebook to open it")]
    FutureVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("could not back up '{path}' before migrating it from schema version {from}: {message}; the workbook was not changed")]
    BackupBeforeMigration {
        path: PathBuf,
        from: u32,
        message: String,
    },
    #[error("migrating '{path}' from schema version {from} to {to} failed: {message}; the workbook was not changed (backup at '{backup}')")]
    Migration {
        path: PathBuf,
        from: u32,
        to: u32,
        backup: PathBuf,
        message: String,
    },
    #[error("'{path}' could not be opened as SQLite: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// Why a workbook operation failed. Nothing is written when an action fails.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("workbook '{path}' is busy: another process holds its write lock (waited {waited_ms} ms); nothing was written, try again")]
    Busy { path: PathBuf, waited_ms: u128 },
    #[error("{field} '{value}' is not accepted; accepted: {accepted}")]
    Invalid {
        field: String,
        value: String,
        accepted: String,
    },
    #[error("no {what} '{key}' in the workbook")]
    NotFound { what: &'static str, key: String },
    #[error(
        "decision {decision} is signed and immutable (C-4); record a new decision version instead"
    )]
    SignedDecision { decision: i64 },
    #[error("{what} must be written with synchronous=FULL (Workbook::transact_durable)")]
    NotDurable { what: &'static str },
    #[error("table '{table}' is not covered by the audit chain")]
    NotAudited { table: String },
    #[error("workbook database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        accepted: impl Into<String>,
    ) -> Self {
        StoreError::Invalid {
            field: field.into(),
            value: value.into(),
            accepted: accepted.into(),
        }
    }
}

/// An open workbook: one connection with Ratebook's settings (WAL, foreign keys, busy
/// timeout), at the latest schema version.
pub struct Workbook {
    conn: Connection,
    path: PathBuf,
    busy_timeout: Duration,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("path", &self.path)
            .finish()
    }
}

impl Workbook {
    /// Opens an existing workbook. A workbook from an older Ratebook is first copied next
    /// to itself (SQLite's online backup) and then migrated; one from a newer Ratebook, a
    /// truncated file or a file that is not a workbook is an error and stays untouched.
    pub fn open(path: &Path) -> Result<Workbook, OpenError> {
        if !path.exists() {
            return Err(OpenError::Missing {
                path: path.to_path_buf(),
            });
        }
        preflight(path)?;
        let sqlite = |source| OpenError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let (found_id, version) = {
            let ro = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sqlite)?;
            let id: i32 = ro
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(sqlite)?;
            let version: u32 = ro
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sqlite)?;
            (id, version)
        };
        if found_id != APPLICATION_ID {
            return Err(OpenError::NotAWorkbook {
                path: path.to_path_buf(),
                found: found_id,
            });
        }
        if version > LATEST_VERSION {
            return Err(OpenError::FutureVersion {
                path: path.to_path_buf(),
                found: version,
                supported: LATEST_VERSION,
            });
        }
        let backup_path = if version < LATEST_VERSION {
            Some(backup::before_migration(path, version).map_err(|e| {
                OpenError::BackupBeforeMigration {
                    path: path.to_path_buf(),
                    from: version,
                    message: e.to_string(),
                }
            })?)
        } else {
            None
        };
        let mut conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sqlite)?;
        configure(&conn).map_err(sqlite)?;
        if let Some(backup) = backup_path {
            with_migrations(|m| m.to_latest(&mut conn)).map_err(|e| OpenError::Migration {
                path: path.to_path_buf(),
                from: version,
                to: LATEST_VERSION,
                backup,
                message: e.to_string(),
            })?;
        }
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
        })
    }

    /// Creates a new workbook at the latest schema version at `path`, which must not exist.
    pub fn create(path: &Path) -> Result<Workbook, OpenError> {
        if path.exists() {
            return Err(OpenError::Exists {
                path: path.to_path_buf(),
            });
        }
        let sqlite = |source| OpenError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(sqlite)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sqlite)?;
        configure(&conn).map_err(sqlite)?;
        with_migrations(|m| m.to_latest(&mut conn)).map_err(|e| OpenError::Migration {
            path: path.to_path_buf(),
            from: 0,
            to: LATEST_VERSION,
            backup: PathBuf::new(),
            message: e.to_string(),
        })?;
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
        })
    }

    /// Creates a workbook at an older schema `version` (0 to the latest), as an earlier
    /// Ratebook wrote it. For migration tests only: every build writes the latest version.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: u32) -> Result<Workbook, OpenError> {
        if path.exists() {
            return Err(OpenError::Exists {
                path: path.to_path_buf(),
            });
        }
        let sqlite = |source| OpenError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sqlite)?;
        configure(&conn).map_err(sqlite)?;
        with_migrations(|m| m.to_version(&mut conn, version as usize)).map_err(|e| {
            OpenError::Migration {
                path: path.to_path_buf(),
                from: 0,
                to: version,
                backup: PathBuf::new(),
                message: e.to_string(),
            }
        })?;
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
        })
    }

    /// The file this workbook lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads. Writes go through [`Workbook::transact`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Gives up the workbook, keeping its configured connection.
    pub fn into_connection(self) -> Connection {
        self.conn
    }

    /// How long a writer waits for another process's lock before [`StoreError::Busy`].
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(timeout)?;
        self.busy_timeout = timeout;
        Ok(())
    }

    /// Runs one user action as one transaction: every change `f` makes through the
    /// [`Writer`] is audited, and either all of them are committed or none.
    pub fn transact<T>(
        &mut self,
        stamp: &Stamp,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.run(stamp, false, f)
    }

    /// Like [`Workbook::transact`], committed with `synchronous=FULL`: for committee
    /// decisions and signatures, which must survive a power cut once reported committed.
    pub fn transact_durable<T>(
        &mut self,
        stamp: &Stamp,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let result = self.run(stamp, true, f);
        let restored = self.conn.pragma_update(None, "synchronous", "NORMAL");
        let value = result?;
        restored?;
        Ok(value)
    }

    fn run<T>(
        &mut self,
        stamp: &Stamp,
        durable: bool,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let waited_ms = self.busy_timeout.as_millis();
        let busy = move |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy {
                    path: path.clone(),
                    waited_ms,
                }
            }
            _ => StoreError::Sqlite(e),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&busy)?;
        let mut writer = Writer::begin(tx, stamp.clone(), durable)?;
        let value = f(&mut writer)?;
        writer.commit().map_err(busy)?;
        Ok(value)
    }
}

/// Opens an existing workbook read-write (see [`Workbook::open`]) and returns its
/// configured connection.
pub fn open(path: &Path) -> Result<Connection, OpenError> {
    Workbook::open(path).map(Workbook::into_connection)
}

/// Creates a new workbook (see [`Workbook::create`]) and returns its configured connection.
pub fn create(path: &Path) -> Result<Connection, OpenError> {
    Workbook::create(path).map(Workbook::into_connection)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(DEFAULT_BUSY_TIMEOUT)?;
    Ok(())
}

/// Reads the 100-byte SQLite header without SQLite, so that a file which is not a
/// database, or a truncated one, is named as such and never touched.
fn preflight(path: &Path) -> Result<(), OpenError> {
    use std::io::Read;
    let not_sqlite = |reason: &str| OpenError::NotSqlite {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(|e| not_sqlite(&e.to_string()))?;
    let len = file
        .metadata()
        .map_err(|e| not_sqlite(&e.to_string()))?
        .len();
    if len == 0 {
        return Err(not_sqlite("the file is empty"));
    }
    let mut header = [0u8; 100];
    if len < 100 || file.read_exact(&mut header).is_err() {
        return Err(not_sqlite("shorter than a SQLite header"));
    }
    if &header[..16] != b"SQLite format 3\0" {
        return Err(not_sqlite("no SQLite header"));
    }
    let raw_page = u32::from(u16::from_be_bytes([header[16], header[17]]));
    let page_size = if raw_page == 1 { 65_536 } else { raw_page };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(not_sqlite("invalid page size in the header"));
    }
    let pages = u32::from_be_bytes([header[28], header[29], header[30], header[31]]);
    let change = &header[24..28];
    let valid_for = &header[92..96];
    // The in-header size is valid only when the version-valid-for number matches the
    // change counter (SQLite file format §1.3.7); otherwise SQLite uses the file's size.
    if change == valid_for && pages > 0 {
        let expected = u64::from(pages) * u64::from(page_size);
        if len < expected {
            return Err(OpenError::Truncated {
                path: path.to_path_buf(),
                expected,
                found: len,
            });
        }
    }
    if len % u64::from(page_size) != 0 {
        return Err(OpenError::Truncated {
            path: path.to_path_buf(),
            expected: len.div_ceil(u64::from(page_size)) * u64::from(page_size),
            found: len,
        });
    }
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
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST_VERSION);
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

    #[test]
    fn create_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.ratebook");
        std::fs::write(&path, b"keep me").unwrap();
        assert!(matches!(create(&path), Err(OpenError::Exists { .. })));
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }
}
