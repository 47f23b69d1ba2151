//! C-5 as properties: whatever sequence of audited changes is made, the workbook
//! verifies; and any single change made outside Ratebook to any event or any row is
//! detected.

mod support;

use proptest::prelude::*;
use ratebook_store::entities::{self, Issuer};
use ratebook_store::vocabulary::{PeerPosition, Sector};
use ratebook_store::{audit, Workbook};
use support::*;

const RATINGS: [&str; 6] = ["BBB", "BB+", "BB", "B", "CCC", "D"];

fn issuer(code: u8, name: u8, rating: usize, sector: usize) -> Issuer {
    Issuer {
        code: format!("P-{code}"),
        name: format!("Property issuer {name} (fictional)"),
        sector: Sector::ALL[sector % Sector::ALL.len()],
        country: "XX".into(),
        sovereign: None,
        national_scale: Some("xx".into()),
        global_lc: Some(RATINGS[rating % RATINGS.len()].parse().unwrap()),
        global_fc: None,
        peer_position: Some(PeerPosition::ALL[rating % 3]),
        fictional: true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn c5_any_sequence_of_changes_verifies_and_any_outside_edit_is_detected(
        changes in prop::collection::vec((0u8..6, 0u8..4, 0usize..6, 0usize..10), 1..25),
        tamper_event in any::<prop::sample::Index>(),
        tamper_row in any::<prop::sample::Index>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ratebook");
        let mut wb = Workbook::create(&path).unwrap();
        for chunk in changes.chunks(3) {
            wb.transact(&stamp(), |w| {
                for (code, name, rating, sector) in chunk {
                    entities::put_issuer(w, &issuer(*code, *name, *rating, *sector))?;
                }
                Ok(())
            })
            .unwrap();
        }
        let v = audit::verify(wb.connection()).unwrap();
        prop_assert!(v.ok, "{:?}", v.problems);
        let events = v.events;
        drop(wb);

        // Edit one event's after-image with plain SQL.
        let seq = tamper_event.index(events as usize) as i64 + 1;
        let c = raw(&path);
        c.execute_batch("DROP TRIGGER audit_event_no_update").unwrap();
        c.execute(
            "UPDATE audit_event SET after = replace(after, '(fictional)', '(edited)') WHERE seq = ?1",
            [seq],
        )
        .unwrap();
        drop(c);
        let wb = Workbook::open(&path).unwrap();
        let v = audit::verify(wb.connection()).unwrap();
        prop_assert!(!v.ok);
        prop_assert!(v.problems.iter().any(|p| p.event == Some(seq)), "{:?}", v.problems);
        drop(wb);

        // On a fresh copy of the same history, edit one row instead.
        let path2 = dir.path().join("q.ratebook");
        let mut wb = Workbook::create(&path2).unwrap();
        for chunk in changes.chunks(3) {
            wb.transact(&stamp(), |w| {
                for (code, name, rating, sector) in chunk {
                    entities::put_issuer(w, &issuer(*code, *name, *rating, *sector))?;
                }
                Ok(())
            })
            .unwrap();
        }
        let rows: Vec<i64> = wb
            .connection()
            .prepare("SELECT id FROM issuer ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        drop(wb);
        let id = rows[tamper_row.index(rows.len())];
        raw(&path2)
            .execute("UPDATE issuer SET name = name || ' edited' WHERE id = ?1", [id])
            .unwrap();
        let wb = Workbook::open(&path2).unwrap();
        let v = audit::verify(wb.connection()).unwrap();
        prop_assert!(
            v.problems.iter().any(|p| p.table.as_deref() == Some("issuer") && p.row == Some(id)),
            "{:?}",
            v.problems
        );
    }
}
