//! Bad files: each is a clear error and the file is left byte for byte as it was.

mod support;

use ratebook_store::schema::LATEST_VERSION;
use ratebook_store::{OpenError, Workbook};
use support::*;

fn assert_untouched(path: &std::path::Path, before: &[u8]) {
    assert_eq!(std::fs::read(path).unwrap(), before, "file changed");
}

#[test]
fn a_file_that_is_not_sqlite_is_named_as_such_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.ratebook");
    let text = b"issuer,rating\nACME,BBB\n".repeat(40);
    std::fs::write(&path, &text).unwrap();
    let err = Workbook::open(&path).unwrap_err();
    assert!(matches!(err, OpenError::NotSqlite { .. }), "{err}");
    assert!(err.to_string().contains("not a SQLite file"), "{err}");
    assert_untouched(&path, &text);

    let empty = dir.path().join("empty.ratebook");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        Workbook::open(&empty).unwrap_err(),
        OpenError::NotSqlite { .. }
    ));
    assert_untouched(&empty, b"");
}

#[test]
fn a_truncated_workbook_is_named_as_such_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    drop(committee_workbook(&path));
    let full = std::fs::read(&path).unwrap();
    assert!(full.len() >= 8192, "several pages: {}", full.len());
    // Cut at a page boundary (SQLite alone would not notice) and mid-page.
    for cut in [full.len() - 4096, full.len() - 100] {
        let truncated = &full[..cut];
        std::fs::write(&path, truncated).unwrap();
        let _ = std::fs::remove_file(dir.path().join("w.ratebook-wal"));
        let _ = std::fs::remove_file(dir.path().join("w.ratebook-shm"));
        let err = Workbook::open(&path).unwrap_err();
        assert!(
            matches!(err, OpenError::Truncated { .. }),
            "cut {cut}: {err}"
        );
        assert!(err.to_string().contains("truncated"), "{err}");
        assert_untouched(&path, truncated);
    }
}

#[test]
fn a_workbook_from_a_newer_ratebook_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.ratebook");
    drop(Workbook::create(&path).unwrap());
    {
        let c = raw(&path);
        c.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Workbook::open(&path).unwrap_err();
    assert!(matches!(err, OpenError::FutureVersion { found, .. } if found == LATEST_VERSION + 1));
    assert!(err.to_string().contains("newer Ratebook"), "{err}");
    assert_untouched(&path, &before);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("backup")),
        "no backup or migration attempted"
    );
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = Workbook::open(&dir.path().join("nope.ratebook")).unwrap_err();
    assert!(matches!(err, OpenError::Missing { .. }));
}
