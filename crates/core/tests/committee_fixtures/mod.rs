//! The committee scenario tests' shared inputs: the shipped rules, a workbook's methodology
//! catalogue (fictional approval dates), and the example session files of
//! `fixtures/sessions/`, parsed as the CLI will parse them.
#![allow(dead_code)] // each test file uses a different part

use chrono::NaiveDate;
use ratebook_core::builtin;
use ratebook_core::committee::decision::Decision;
use ratebook_core::committee::lifecycle::MethodologyVersion;
use ratebook_core::committee::rules::MethodologyFamily;
use ratebook_core::committee::session_file::SessionFile;
use ratebook_core::committee::{run_session, CommitteeRules, SessionContext, SessionOutcome};

pub const ORDINARIA: &str =
    include_str!("../../../../fixtures/sessions/ordinaria-41-2026-override.json");
pub const SIN_QUORUM: &str =
    include_str!("../../../../fixtures/sessions/extraordinaria-42-2026-sin-quorum.json");
pub const TITULARIZACION: &str =
    include_str!("../../../../fixtures/sessions/ordinaria-43-2026-titularizacion.json");

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn rules() -> CommitteeRules {
    builtin::committee_rules()
}

pub fn session(text: &str) -> SessionFile {
    serde_json::from_str(text).expect("fixture session file parses")
}

/// A workbook's catalogue: the national spec and the titularización weights approved, a
/// later national draft, an older retired titularización version.
pub fn catalogue() -> Vec<MethodologyVersion> {
    vec![
        MethodologyVersion {
            id: "sp-xx-table1".into(),
            version: "2023-06-08.1".into(),
            family: MethodologyFamily::National,
            approved_on: Some(d(2023, 7, 1)),
            retired_on: None,
        },
        MethodologyVersion {
            id: "sp-xx-table1".into(),
            version: "2026-draft".into(),
            family: MethodologyFamily::National,
            approved_on: None,
            retired_on: None,
        },
        MethodologyVersion {
            id: "class-titularizacion-default".into(),
            version: "2025.1".into(),
            family: MethodologyFamily::Titularizacion,
            approved_on: Some(d(2025, 1, 10)),
            retired_on: Some(d(2026, 1, 15)),
        },
        MethodologyVersion {
            id: "class-titularizacion-default".into(),
            version: "2026.1-project-default".into(),
            family: MethodologyFamily::Titularizacion,
            approved_on: Some(d(2026, 1, 15)),
            retired_on: None,
        },
    ]
}

pub fn run(file: &SessionFile, earlier: &[Decision]) -> SessionOutcome {
    let catalogue = catalogue();
    run_session(
        &rules(),
        SessionContext {
            methodologies: &catalogue,
            decisions: earlier,
        },
        file,
    )
    .expect("the session is well formed")
}

/// The refusal of item `item`, or a panic saying what happened instead.
pub fn refusal(outcome: &SessionOutcome, item: &str) -> ratebook_core::committee::Refusal {
    outcome
        .refusals()
        .find(|(i, _)| *i == item)
        .map(|(_, r)| r.clone())
        .unwrap_or_else(|| panic!("item {item} was not refused: {outcome:#?}"))
}

pub fn decision<'o>(outcome: &'o SessionOutcome, item: &str) -> &'o Decision {
    outcome
        .decisions()
        .find(|d| d.key.item == item)
        .unwrap_or_else(|| {
            panic!(
                "item {item} was not decided: {:#?}",
                outcome.refusals().collect::<Vec<_>>()
            )
        })
}
