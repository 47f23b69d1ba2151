//! Forward-only migrations (`PRAGMA user_version`): from an empty file and from every
//! earlier version, with the automatic backup taken before migrating.

mod support;

use ratebook_store::entities::{self, Sovereign};
use ratebook_store::methodology::{self, Format};
use ratebook_store::schema::LATEST_VERSION;
use ratebook_store::titularizacion::{self, Titularizacion};
use ratebook_store::titularizacion_list::{self, TitularizacionQuery, TitularizacionSort};
use ratebook_store::vocabulary::{AssetType, IndexKind};
use ratebook_store::{audit, Workbook};
use support::*;

/// A fictional deal as any version from V3 on can store it.
fn deal(code: &str, name: &str, amount: &str, asset_type: AssetType) -> Titularizacion {
    Titularizacion {
        code: code.into(),
        name: name.into(),
        asset_type,
        originator: "Originador (fictional)".into(),
        fiduciary: "Fiduciaria (fictional)".into(),
        currency: "USD".into(),
        amount: amount.parse().unwrap(),
        issued_on: None,
        info_cutoff: Some(date(2026, 9, 30)),
        index_kind: IndexKind::Desviacion,
        index_formula: "mean_negative_deviation".into(),
        index_window_months: 24,
        fictional: true,
    }
}

/// The codes of the first page of the titularizaciones list in `sort` order.
fn listed(wb: &Workbook, sort: TitularizacionSort) -> Vec<String> {
    let query = TitularizacionQuery {
        sort,
        ..TitularizacionQuery::default()
    };
    titularizacion_list::page(wb.connection(), &query, None, 100)
        .unwrap()
        .titularizaciones
        .into_iter()
        .map(|t| t.code)
        .collect()
}

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
            if from >= 3 {
                wb.transact(&stamp(), |w| {
                    titularizacion::put(
                        w,
                        &deal(
                            "DEMO-T",
                            "Deal (fictional)",
                            "1000",
                            AssetType::FlujosFuturos,
                        ),
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
        let deals = i64::from(from >= 3);
        assert_eq!(
            v.events,
            i64::from(from.min(2)) + deals,
            "from v{from}: data kept"
        );
        if from >= 3 {
            // The list's indexes (V10) cover the deals stored before them.
            for sort in [TitularizacionSort::Code, TitularizacionSort::Amount] {
                assert_eq!(listed(&wb, sort), ["DEMO-T"], "from v{from}");
            }
        }
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
    // Version 4 → 5 is the migration that creates `observation` (V5).
    const FROM: u32 = 4;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.ratebook");
    drop(Workbook::create_at_version(&path, FROM).unwrap());
    // Someone added a table with the name the next migration needs.
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
            "SELECT count(*) FROM sqlite_master WHERE name IN ('methodology_transition', 'decision_record', 'issuer_analyst_input')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "no half-applied migration");
    assert!(dir
        .path()
        .join(format!("w.v{FROM}-backup.ratebook"))
        .exists());
}

#[test]
fn a_v5_workbook_gains_the_issuer_analyst_inputs_and_keeps_its_issuers() {
    use ratebook_core::committee::session_file::EngineInputs;
    use ratebook_core::national::rate::Holistic;
    use ratebook_store::analyst_input;
    use ratebook_store::entities::Issuer;
    use ratebook_store::vocabulary::Sector;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.ratebook");
    {
        let mut wb = Workbook::create_at_version(&path, 5).unwrap();
        wb.transact(&stamp(), |w| {
            entities::put_issuer(
                w,
                &Issuer {
                    code: "DEMO-A".into(),
                    name: "Alpha (fictional)".into(),
                    sector: Sector::Corporate,
                    country: "XX".into(),
                    sovereign: None,
                    national_scale: Some("xx".into()),
                    global_lc: None,
                    global_fc: None,
                    peer_position: None,
                    fictional: true,
                },
            )
            .map(drop)
        })
        .unwrap();
    }
    assert_eq!(user_version(&path), 5);
    let mut wb = Workbook::open(&path).unwrap();
    assert_eq!(
        analyst_input::get(wb.connection(), "DEMO-A").unwrap(),
        None,
        "no inputs until the analyst records some"
    );
    let inputs = EngineInputs {
        holistic: Some(Holistic {
            notches: 1,
            rationale: "stronger franchise".into(),
        }),
        ..EngineInputs::default()
    };
    wb.transact(&stamp(), |w| {
        analyst_input::put(w, "DEMO-A", &inputs).map(drop)
    })
    .unwrap();
    assert_eq!(
        analyst_input::get(wb.connection(), "DEMO-A").unwrap(),
        Some(inputs)
    );
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.events, 2);
    drop(wb);
    assert_eq!(user_version(&path), LATEST_VERSION);
    assert!(dir.path().join("v5.v5-backup.ratebook").exists());
}

#[test]
fn a_v9_workbook_gains_the_titularizacion_list_indexes_and_lists_its_deals_in_each_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.ratebook");
    {
        let mut wb = Workbook::create_at_version(&path, 9).unwrap();
        wb.transact(&stamp(), |w| {
            for t in [
                deal("T-B", "Beta", "500", AssetType::FlujosFuturos),
                deal("T-A", "Gamma", "2500.50", AssetType::CarteraCredito),
                deal("T-C", "Alfa", "900", AssetType::BienesInmuebles),
            ] {
                titularizacion::put(w, &t)?;
            }
            Ok(())
        })
        .unwrap();
    }
    let indexes = |path: &std::path::Path| -> Vec<String> {
        let c = raw(path);
        let mut stmt = c
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'titularizacion' \
                 AND sql IS NOT NULL ORDER BY name",
            )
            .unwrap();
        let names = stmt.query_map([], |r| r.get(0)).unwrap();
        names.map(Result::unwrap).collect()
    };
    assert_eq!(user_version(&path), 9);
    assert!(indexes(&path).is_empty(), "no list index before V10");
    let wb = Workbook::open(&path).unwrap();
    assert_eq!(
        indexes(&path),
        [
            "titularizacion_amount",
            "titularizacion_asset_type",
            "titularizacion_code_list",
            "titularizacion_name"
        ]
    );
    assert_eq!(listed(&wb, TitularizacionSort::Code), ["T-A", "T-B", "T-C"]);
    assert_eq!(listed(&wb, TitularizacionSort::Name), ["T-C", "T-B", "T-A"]);
    assert_eq!(
        listed(&wb, TitularizacionSort::Amount),
        ["T-A", "T-C", "T-B"]
    );
    assert_eq!(
        listed(&wb, TitularizacionSort::AssetType),
        ["T-C", "T-A", "T-B"]
    );
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.events, 3);
    drop(wb);
    assert_eq!(user_version(&path), LATEST_VERSION);
    assert!(dir.path().join("v9.v9-backup.ratebook").exists());
}

#[test]
fn a_v10_workbook_keeps_its_session_drafts_and_can_abandon_one_after_v11() {
    use ratebook_store::committee_draft::{self as draft, DraftState};
    use serde_json::json;

    // The schema objects of a table (indexes and triggers with their SQL), for comparison.
    fn objects(path: &std::path::Path, table: &str) -> Vec<(String, String, Option<String>)> {
        let c = raw(path);
        let mut stmt = c
            .prepare(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ?1 AND type <> 'table' \
                 ORDER BY type, name",
            )
            .unwrap();
        let rows = stmt
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    }
    let names = |objs: &[(String, String, Option<String>)]| -> Vec<String> {
        objs.iter().map(|(_, n, _)| n.clone()).collect()
    };

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.ratebook");
    let (preparing, closed) = {
        let mut wb = Workbook::create_at_version(&path, 10).unwrap();
        let preparing = wb
            .transact(&stamp(), |w| {
                draft::create(w, "180/2026", &json!({"number": "180/2026", "items": []}))
            })
            .unwrap();
        let closed = wb
            .transact(&stamp(), |w| {
                let id = draft::create(w, "179/2026", &json!({"number": "179/2026"}))?;
                draft::update(
                    w,
                    id,
                    "179/2026",
                    &json!({"number": "179/2026", "items": [1]}),
                )?;
                draft::close(w, id)?;
                Ok(id)
            })
            .unwrap();
        (preparing, closed)
    };
    assert_eq!(user_version(&path), 10);
    let before = draft::list(&raw(&path)).unwrap();
    let v10 = objects(&path, "committee_draft");
    assert_eq!(
        names(&v10),
        [
            "sqlite_autoindex_committee_draft_1",
            "committee_draft_closed_frozen",
            "committee_draft_no_delete"
        ],
        "the V8 table's index and triggers"
    );

    let mut wb = Workbook::open(&path).unwrap();
    assert_eq!(user_version(&path), LATEST_VERSION);
    // Every draft, its state and body, as it was; the chain still matches every row.
    assert_eq!(draft::list(wb.connection()).unwrap(), before);
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.events, 4);
    // The rebuilt table keeps V8's triggers as they were; the label's uniqueness is now a
    // partial index; the foreign keys hold.
    let v11 = objects(&path, "committee_draft");
    for kept in v10.iter().filter(|(t, _, _)| t == "trigger") {
        assert!(v11.contains(kept), "{kept:?} kept in V11");
    }
    assert_eq!(
        names(&v11),
        [
            "committee_draft_label",
            "committee_draft_abandoned_frozen",
            "committee_draft_abandoned_with_reason",
            "committee_draft_closed_frozen",
            "committee_draft_no_delete",
            "committee_draft_starts_preparing"
        ]
    );
    let fk_problems: i64 = wb
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);
    // A migrated workbook has exactly the schema of a new one.
    let fresh = dir.path().join("new.ratebook");
    drop(Workbook::create(&fresh).unwrap());
    for table in ["committee_draft", "committee_draft_abandonment"] {
        assert_eq!(objects(&path, table), objects(&fresh, table), "{table}");
    }
    let table_sql = |p: &std::path::Path| -> Vec<String> {
        let c = raw(p);
        let mut stmt = c
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'committee_draft%' ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(table_sql(&path), table_sql(&fresh));

    // The closed draft stays frozen; the one being prepared is abandoned with its reason, and
    // its session number can be prepared again.
    assert!(wb
        .transact(&stamp(), |w| draft::abandon(w, closed, "too late"))
        .is_err());
    wb.transact(&stamp(), |w| draft::abandon(w, preparing, "wrong agenda"))
        .unwrap();
    assert_eq!(
        draft::get(wb.connection(), preparing).unwrap().state,
        DraftState::Abandoned
    );
    assert_eq!(
        draft::abandonment(wb.connection(), preparing)
            .unwrap()
            .unwrap()
            .reason,
        "wrong agenda"
    );
    wb.transact(&stamp(), |w| draft::create(w, "180/2026", &json!({})))
        .unwrap();
    let v = audit::verify(wb.connection()).unwrap();
    assert!(v.ok, "{:?}", v.problems);
    drop(wb);
    assert!(dir.path().join("v10.v10-backup.ratebook").exists());
}
