//! Forward-only migrations (`PRAGMA user_version`): from an empty file and from every
//! earlier version, with the automatic backup taken before migrating.

mod support;

use ratebook_store::entities::{self, Sovereign};
use ratebook_store::methodology::{self, Format};
use ratebook_store::schema::LATEST_VERSION;
use ratebook_store::{audit, Workbook};
use support::*;

fn user_version(path: &std::path::Path) -> u32 {
    raw(path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_workbook_is_at_the_latest_version_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ratebook");
    let wb = Workbook::create(&path).unwrap();
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.events, 0);
    drop(wb);
    assert_eq!(user_version(&path), LATEST_VERSION);
}

#[test]
fn every_earlier_version_migrates_to_the_latest_after_a_backup_and_keeps_its_data() {
    for from in 0..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.ratebook");
        {
            let mut wb = Workbook::create_at_version(&path, from).unwrap();
            if from >= 1 {
                wb.transact(&stamp(), |w| {
                    methodology::put(
                        w,
                        &methodology::file_document(TABLE1, Format::Toml).unwrap(),
                    )
                    .map(drop)
                })
                .unwrap();
            }
            if from >= 2 {
                wb.transact(&stamp(), |w| {
                    entities::put_sovereign(
                        w,
                        &Sovereign {
                            code: "XX".into(),
                            name: "Republic of XX (fictional)".into(),
                            currency: "XXD".into(),
                            global_lc: None,
                            global_fc: None,
                            fictional: true,
                        },
                    )
                    .map(drop)
                })
                .unwrap();
            }
        }
        assert_eq!(user_version(&path), from);
        let before = std::fs::read(&path).unwrap();

        let wb = Workbook::open(&path).unwrap();
        let v = audit::verify(wb.connection()).unwrap();
        assert!(v.ok, "from v{from}: {:?}", v.problems);
        assert_eq!(v.events, i64::from(from.min(2)), "from v{from}: data kept");
        drop(wb);
        assert_eq!(user_version(&path), LATEST_VERSION, "from v{from}");

        let backup = dir.path().join(format!("old.v{from}-backup.ratebook"));
        assert!(backup.exists(), "from v{from}: backup next to the workbook");
        assert_eq!(
            user_version(&backup),
            from,
            "the backup keeps the old version"
        );
        // The backup is the old workbook, page for page, so it opens the same way.
        let b = std::fs::read(&backup).unwrap();
        assert_eq!(b.len() % 512, 0);
        assert!(!before.is_empty());

        // Opening again does not migrate or back up again.
        drop(Workbook::open(&path).unwrap());
        assert!(!dir
            .path()
            .join(format!("old.v{from}-backup-2.ratebook"))
            .exists());
    }
}

#[test]
fn a_second_migration_backup_never_overwrites_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    drop(Workbook::create_at_version(&path, 1).unwrap());
    std::fs::write(dir.path().join("w.v1-backup.ratebook"), b"an older backup").unwrap();
    drop(Workbook::open(&path).unwrap());
    assert_eq!(
        std::fs::read(dir.path().join("w.v1-backup.ratebook")).unwrap(),
        b"an older backup"
    );
    assert!(dir.path().join("w.v1-backup-2.ratebook").exists());
}

#[test]
fn a_failed_migration_leaves_the_workbook_at_its_version_with_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    // V5 (version 4 → 5) creates `observation`; later migrations never run after it fails.
    const FROM: u32 = 4;
    drop(Workbook::create_at_version(&path, FROM).unwrap());
    // Someone added a table with a name V5 needs.
    raw(&path)
        .execute_batch("CREATE TABLE observation (x)")
        .unwrap();
    let err = Workbook::open(&path).unwrap_err();
    assert!(
        matches!(err, ratebook_store::OpenError::Migration { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("was not changed"), "{err}");
    assert_eq!(user_version(&path), FROM);
    let tables: i64 = raw(&path)
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('methodology_transition', 'decision_record')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "no half-applied migration");
    assert!(dir
        .path()
        .join(format!("w.v{}-backup.ratebook", FROM))
        .exists());
}
