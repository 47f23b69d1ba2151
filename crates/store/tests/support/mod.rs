//! Shared set-up for the store's scenario tests: a fixed clock, the demo sources, and a
//! small committee ready to record decisions.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use ratebook_store::committee::{self, AgendaItem, Decision, Member, Session, Subject, Vote};
use ratebook_store::demo::DemoSources;
use ratebook_store::entities::{self, Issuer, Sovereign};
use ratebook_store::methodology::{self, Format};
use ratebook_store::titularizacion::MethodologyRef;
use ratebook_store::vocabulary::{ActionType, MethodologyState, Role, Sector, SessionKind};
use ratebook_store::{Stamp, Workbook};
use std::path::{Path, PathBuf};

pub fn stamp() -> Stamp {
    Stamp::new(
        "tester",
        Utc.with_ymd_and_hms(2026, 10, 15, 12, 0, 0).unwrap(),
    )
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn store_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn demo_sources() -> DemoSources {
    DemoSources {
        demo_dir: repo_root().join("fixtures/demo"),
        methodology_dirs: vec![
            repo_root().join("fixtures/methodologies"),
            store_fixtures().join("methodologies"),
        ],
    }
}

pub const TABLE1: &str = include_str!("../fixtures/methodologies/national/sp-xx-table1.toml");

pub fn table1_ref() -> MethodologyRef {
    MethodologyRef {
        id: "sp-xx-table1".into(),
        version: "2023-06-08.1".into(),
    }
}

/// A workbook with the Table 1 spec approved, one sovereign and issuer, three voting
/// members, a session `1/2026` and one agenda item; returns the item's id.
pub fn committee_workbook(path: &Path) -> (Workbook, i64) {
    let mut wb = Workbook::create(path).unwrap();
    let item = wb
        .transact(&stamp(), |w| {
            let doc = methodology::file_document(TABLE1, Format::Toml).unwrap();
            methodology::put(w, &doc)?;
            methodology::set_state(w, &doc.id, &doc.version, MethodologyState::Approved)?;
            entities::put_sovereign(
                w,
                &Sovereign {
                    code: "XX".into(),
                    name: "Republic of XX (fictional)".into(),
                    currency: "XXD".into(),
                    global_lc: Some("BBB-".parse().unwrap()),
                    global_fc: Some("BB+".parse().unwrap()),
                    fictional: true,
                },
            )?;
            entities::put_issuer(
                w,
                &Issuer {
                    code: "T-1".into(),
                    name: "Test Issuer (fictional)".into(),
                    sector: Sector::Corporate,
                    country: "XX".into(),
                    sovereign: Some("XX".into()),
                    national_scale: Some("xx".into()),
                    global_lc: Some("BB+".parse().unwrap()),
                    global_fc: None,
                    peer_position: None,
                    fictional: true,
                },
            )?;
            for (code, role) in [
                ("C", Role::Chair),
                ("V1", Role::VotingMember),
                ("V2", Role::VotingMember),
                ("S", Role::Secretary),
                ("A", Role::Analyst),
            ] {
                committee::put_member(
                    w,
                    &Member {
                        code: code.into(),
                        name: format!("Member {code} (fictional)"),
                        title: "Miembro".into(),
                        role,
                        certificate_sha256: None,
                        fictional: true,
                    },
                )?;
            }
            committee::open_session(
                w,
                &Session {
                    year: 2026,
                    number: 1,
                    kind: SessionKind::Ordinaria,
                    held_on: date(2026, 10, 15),
                    secretary: "S".into(),
                    present: vec!["C".into(), "V1".into(), "V2".into(), "S".into(), "A".into()],
                },
            )?;
            let item = committee::add_agenda_item(
                w,
                "1/2026",
                &AgendaItem {
                    position: 1,
                    subject: Subject::Issuer { code: "T-1".into() },
                    methodology: table1_ref(),
                    indicative_rating: None,
                    indicative_result: None,
                    recommendation: "xxAA".into(),
                    analyst: "A".into(),
                },
            )?;
            for m in ["C", "V1", "V2"] {
                committee::cast_vote(
                    w,
                    item,
                    &Vote {
                        member: m.into(),
                        rating: "xxAA".into(),
                        comment: None,
                    },
                )?;
            }
            Ok(item)
        })
        .unwrap();
    (wb, item)
}

pub fn decision(rating: &str) -> Decision {
    Decision {
        rating: rating.into(),
        short_term: Some("xxA-1+".into()),
        outlook: Some("Stable".parse().unwrap()),
        watch: None,
        action: ActionType::New,
        solicited: true,
        issuer_participation: true,
        lead_analyst: "A".into(),
        approvers: vec!["C".into(), "V1".into(), "V2".into()],
        methodology: table1_ref(),
        info_cutoff: date(2026, 8, 31),
        sources: "test sources".into(),
        key_assumptions: "test assumptions".into(),
        decided_on: date(2026, 10, 15),
        published_on: None,
        override_: None,
    }
}

/// Opens a plain SQLite connection, as someone editing the file outside Ratebook would.
pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}
