//! Copies of a workbook through SQLite's online backup API: consistent even while another
//! connection writes, and never a byte-copy of a file that may be mid-transaction.

use crate::workbook::OpenError;
use crate::Workbook;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a backup failed. The destination is removed when a backup fails half-way; the
/// source is never written.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup destination '{path}' already exists; a backup never overwrites a file")]
    Exists { path: PathBuf },
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("backing up to '{path}' failed: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// Copies the open workbook to `dest`, which must not exist.
pub fn to_file(workbook: &Workbook, dest: &Path) -> Result<(), BackupError> {
    copy(workbook.connection(), dest)
}

/// Copies a connection's main database to `dest`, which must not exist.
pub(crate) fn copy(src: &Connection, dest: &Path) -> Result<(), BackupError> {
    if dest.exists() {
        return Err(BackupError::Exists {
            path: dest.to_path_buf(),
        });
    }
    let sqlite = |source| BackupError::Sqlite {
        path: dest.to_path_buf(),
        source,
    };
    let result = (|| {
        let mut out = Connection::open_with_flags(
            dest,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        {
            let backup = Backup::new(src, &mut out)?;
            // Pages per step and pause: lets a concurrent writer in between steps.
            backup.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        let mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        debug_assert_eq!(mode, "delete");
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(dest);
        return Err(sqlite(e));
    }
    Ok(())
}

/// Copies the workbook at `path` (schema version `from`) next to itself before a
/// migration, as `<name>.v<from>-backup[-N].ratebook`; returns the copy's path.
pub(crate) fn before_migration(path: &Path, from: u32) -> Result<PathBuf, BackupError> {
    let dest = free_sibling(path, from);
    let src =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|source| {
            BackupError::Sqlite {
                path: path.to_path_buf(),
                source,
            }
        })?;
    copy(&src, &dest)?;
    Ok(dest)
}

fn free_sibling(path: &Path, from: u32) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.v{from}-backup.ratebook")
        } else {
            format!("{stem}.v{from}-backup-{n}.ratebook")
        };
        let candidate = dir.join(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_backups_are_named_after_the_old_version_and_never_reuse_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ratebook");
        assert_eq!(
            free_sibling(&path, 2),
            dir.path().join("book.v2-backup.ratebook")
        );
        std::fs::write(dir.path().join("book.v2-backup.ratebook"), b"x").unwrap();
        assert_eq!(
            free_sibling(&path, 2),
            dir.path().join("book.v2-backup-2.ratebook")
        );
    }

    #[test]
    fn a_backup_is_a_consistent_workbook_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let wb = Workbook::create(&dir.path().join("a.ratebook")).unwrap();
        let dest = dir.path().join("b.ratebook");
        to_file(&wb, &dest).unwrap();
        let copy = Workbook::open(&dest).unwrap();
        assert!(crate::audit::verify(copy.connection()).unwrap().ok);
        assert!(matches!(
            to_file(&wb, &dest),
            Err(BackupError::Exists { .. })
        ));
    }
}
