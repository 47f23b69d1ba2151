//! A committee session prepared step by step (the app's committee section) over the demo
//! workbook: every step is committed and survives reopening the workbook; quorum, sealed
//! votes and overrides are refused by the core, next to their field; closing records the
//! session through the same run as `ratebook committee run` (SPEC C-2, C-3, C-5).

use chrono::{DateTime, NaiveDate};
use ratebook_core::committee::agenda::SubjectKind;
use ratebook_core::committee::r#override::OverrideRequest;
use ratebook_core::committee::session::SessionKind;
use ratebook_core::committee::vote::Vote;
use ratebook_core::committee::ItemOutcome;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::{audit, Stamp, Workbook};
use ratebook_workbench::committee;
use ratebook_workbench::committee_draft::{
    self as draft, Closing, DraftError, ItemInput, SetupInput,
};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn stamp() -> Stamp {
    // A fixed instant: tests read no clock.
    Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn demo_workbook(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("demo.ratebook");
    let sources = DemoSources {
        demo_dir: fixtures().join("demo"),
        methodology_dirs: vec![fixtures().join("methodologies")],
    };
    demo::build(&path, &sources, &stamp()).unwrap();
    path
}

fn setup(present: &[&str]) -> SetupInput {
    SetupInput {
        number: "177/2026".into(),
        kind: SessionKind::Ordinaria,
        date: d(2026, 10, 29),
        secretary: "M-PEDRO".into(),
        present: present.iter().map(|s| s.to_string()).collect(),
    }
}

const QUORUM: &[&str] = &["M-CARLA", "M-JORGE", "M-SOFIA", "M-PEDRO", "M-ANA"];

fn item() -> ItemInput {
    ItemInput {
        subject_kind: SubjectKind::Issuer,
        subject_id: "DEMO-XX-03".into(),
        recommendation: "xxBB+".into(),
        lead_analyst: "M-ANA".into(),
        information_cutoff: d(2026, 9, 30),
        solicited: true,
        issuer_participation: true,
        information_sources: vec!["Audited financial statements 2023-2025 (fictional)".into()],
        key_assumptions: vec!["Margins in line with the last three years (fictional)".into()],
    }
}

fn vote(member: &str, rating: &str) -> Vote {
    Vote {
        member: member.into(),
        rating: rating.into(),
        comment: None,
    }
}

fn refused(e: DraftError) -> Vec<draft::Problem> {
    match e {
        DraftError::Refused(p) => {
            p.iter().for_each(worded_in_both_languages);
            p
        }
        other => panic!("expected a rule's refusal, got {other}"),
    }
}

/// SPEC §7: a refusal carries its catalogue message, which words it fully in Spanish and
/// gives the English message exactly, rule id first.
fn worded_in_both_languages(p: &draft::Problem) {
    let reason = p.reason.as_ref().expect("a refusal carries its reason");
    assert_eq!(ratebook_core::trace::english().render(reason), p.message);
    let es = ratebook_core::trace::spanish().render(reason);
    assert!(es.starts_with(&format!("{}: ", p.rule)), "{es}");
    assert!(!es.contains('{') && es != p.message, "{es}");
}

/// A draft of session `number` held on `date` with the quorum present and an empty agenda.
fn set_up(wb: &mut Workbook, number: &str, date: NaiveDate) -> i64 {
    let v = draft::create(wb, &stamp(), number, SessionKind::Ordinaria, date).unwrap();
    let input = SetupInput {
        number: number.into(),
        date,
        ..setup(QUORUM)
    };
    draft::set_setup(wb, &stamp(), v.id, &input).unwrap();
    v.id
}

/// A draft of 177/2026 with the quorum present and DEMO-XX-03 on the agenda.
fn prepared(wb: &mut Workbook) -> i64 {
    let id = set_up(wb, "177/2026", d(2026, 10, 29));
    draft::add_item(wb, &stamp(), id, &item()).unwrap();
    id
}

/// Casts each `(member, rating)` vote on item `item` of draft `id`.
fn cast(wb: &mut Workbook, id: i64, item: &str, votes: &[(&str, &str)]) {
    for (m, r) in votes {
        draft::cast_vote(wb, &stamp(), id, item, &vote(m, r)).unwrap();
    }
}

const JUSTIFICATION: &str = "The insurer placed its catastrophe programme with two reinsurers rated in the A range after the mapping inputs were fixed, which halves the retained loss on a one-in-two-hundred-year event and lifts its regulatory solvency margin well above the peer median.";

#[test]
fn c2_a_session_in_preparation_survives_closing_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    let id = {
        let mut wb = Workbook::open(&path).unwrap();
        let id = prepared(&mut wb);
        draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-CARLA", "xxBB+")).unwrap();
        id
        // The workbook is dropped here, as when the app closes.
    };
    let wb = Workbook::open(&path).unwrap();
    let v = draft::view(wb.connection(), id).unwrap();
    assert_eq!(v.number, "177/2026");
    assert_eq!(v.secretary, "M-PEDRO");
    assert!(v.quorum.met);
    assert_eq!(v.items.len(), 1);
    let i = &v.items[0];
    assert_eq!(i.subject.id, "DEMO-XX-03");
    // The indicative rating is the engine's, recomputed from the workbook.
    assert_eq!(i.indicative.rating, "xxBB");
    assert!(!i.indicative.trace.steps().is_empty());
    // SPEC §7: the summary is also a catalogue message whose placeholders are exactly its
    // arguments in both languages, and its English wording is the recorded summary.
    let m = i
        .indicative
        .summary_message
        .as_ref()
        .expect("the engine's summary");
    for cat in [
        ratebook_core::trace::spanish(),
        ratebook_core::trace::english(),
    ] {
        let names: Vec<String> = ratebook_core::trace::placeholders(cat.get(&m.key).unwrap())
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names,
            m.args.keys().cloned().collect::<Vec<_>>(),
            "{}",
            m.key
        );
    }
    assert_eq!(i.indicative.summary, m.english());
    assert!(ratebook_core::trace::spanish()
        .render(m)
        .starts_with("calidad global "));
    assert_eq!(i.voted, ["M-CARLA"]);
    assert!(i.votes.is_empty(), "a sealed vote is never shown");
    assert_eq!(draft::list(wb.connection()).unwrap().len(), 1);
    assert!(audit::verify(wb.connection()).unwrap().ok);
}

#[test]
fn c2_quorum_is_counted_live_and_a_session_without_it_is_not_closed() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    let v = draft::set_setup(
        &mut wb,
        &stamp(),
        id,
        &setup(&["M-CARLA", "M-JORGE", "M-PEDRO", "M-ANA"]),
    )
    .unwrap();
    assert!(!v.quorum.met);
    assert_eq!(v.quorum.required, 3);
    assert!(v
        .problems
        .iter()
        .any(|p| p.rule == "C-2" && p.field == "attendance"));
    let problems = refused(draft::close(&mut wb, &stamp(), id, Closing::AllDecided).unwrap_err());
    assert!(problems.iter().any(|p| p.field == "attendance"));
    // Nothing was recorded: the draft is still being prepared.
    assert!(!draft::view(wb.connection(), id).unwrap().closed);
}

#[test]
fn c2_votes_stay_sealed_until_every_present_voting_member_has_voted() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-CARLA", "xxBB+")).unwrap();
    draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-JORGE", "xxBB+")).unwrap();
    let p = refused(draft::reveal(&mut wb, &stamp(), id, "1").unwrap_err());
    assert_eq!((p[0].rule.as_str(), p[0].field.as_str()), ("C-2", "votes"));
    assert!(p[0].message.contains("M-SOFIA"));
    // A second vote, a non-voter and a symbol off the scale are refused by the core's ballot.
    for bad in [
        vote("M-CARLA", "xxBB"),
        vote("M-ANA", "xxBB"),
        vote("M-SOFIA", "BB"),
    ] {
        let p = refused(draft::cast_vote(&mut wb, &stamp(), id, "1", &bad).unwrap_err());
        assert_eq!(p[0].rule, "C-2", "{bad:?}");
    }
    let v = draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-SOFIA", "xxBB")).unwrap();
    assert!(v.items[0].votes.is_empty());
    let v = draft::reveal(&mut wb, &stamp(), id, "1").unwrap();
    assert_eq!(v.items[0].votes.len(), 3);
    let late = draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-JORGE", "xxBB"));
    assert_eq!(refused(late.unwrap_err())[0].field, "votes");
}

#[test]
fn c3_override_without_justification_is_refused_next_to_the_field_then_recorded_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    cast(
        &mut wb,
        id,
        "1",
        &[
            ("M-CARLA", "xxBB+"),
            ("M-JORGE", "xxBB+"),
            ("M-SOFIA", "xxBB"),
        ],
    );
    let v = draft::reveal(&mut wb, &stamp(), id, "1").unwrap();
    // The majority departs from the indicative rating: an override is needed (C-3).
    assert!(v.items[0]
        .problems
        .iter()
        .any(|p| p.rule == "C-3" && p.field == "override"));
    assert!(!v.ready);
    let mut request = OverrideRequest {
        reason_code: "QUAL-INFO".into(),
        justification: String::new(),
        factors: vec!["Capital and reinsurance protection (fictional)".into()],
        confirmed_by: None,
    };
    let v = draft::set_override(&mut wb, &stamp(), id, "1", Some(&request)).unwrap();
    let p = &v.items[0].problems;
    assert!(
        p.iter()
            .any(|p| p.rule == "C-3" && p.field == "override.justification"),
        "{p:?}"
    );
    // What was typed is kept.
    assert_eq!(v.items[0].override_request.as_ref(), Some(&request));
    assert_eq!(
        refused(draft::close(&mut wb, &stamp(), id, Closing::AllDecided).unwrap_err())[0].field,
        "override.justification"
    );
    request.justification = JUSTIFICATION.into();
    let v = draft::set_override(&mut wb, &stamp(), id, "1", Some(&request)).unwrap();
    assert!(v.items[0].problems.is_empty(), "{:?}", v.items[0].problems);
    let outcome = v.items[0].outcome.as_ref().unwrap();
    assert_eq!(outcome.rating, "xxBB+");
    assert_eq!(outcome.override_notches, Some(1), "one notch up");
    assert_eq!(outcome.dissents, ["M-SOFIA"]);
    assert!(v.ready);
    let report = draft::close(&mut wb, &stamp(), id, Closing::AllDecided).unwrap();
    assert_eq!((report.decided, report.refused), (1, 0));
    let h = committee::history(wb.connection(), "DEMO-XX-03").unwrap();
    let last = h.entries.last().unwrap();
    assert_eq!(last.key.session.to_string(), "177/2026");
    assert_eq!(last.rating, "xxBB+");
    assert!(last.overridden);
    // Closed: the draft is frozen and the session cannot be held again.
    let v = draft::view(wb.connection(), id).unwrap();
    assert!(v.closed);
    assert!(draft::set_override(&mut wb, &stamp(), id, "1", None).is_err());
    assert!(draft::create(
        &mut wb,
        &stamp(),
        "177/2026",
        SessionKind::Ordinaria,
        d(2026, 10, 29)
    )
    .is_err());
    assert!(audit::verify(wb.connection()).unwrap().ok);
}

#[test]
fn c2_an_agenda_item_the_engine_cannot_rate_is_refused_next_to_the_subject() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let v = draft::create(
        &mut wb,
        &stamp(),
        "177/2026",
        SessionKind::Ordinaria,
        d(2026, 10, 29),
    )
    .unwrap();
    let unknown = ItemInput {
        subject_id: "NO-SUCH-ISSUER".into(),
        ..item()
    };
    let p = refused(draft::add_item(&mut wb, &stamp(), v.id, &unknown).unwrap_err());
    assert_eq!(
        (p[0].rule.as_str(), p[0].field.as_str()),
        ("C-2", "subject")
    );
    // No analysis is recorded for the titularización: the engine has nothing to rate, and
    // the refusal names that part of the subject.
    let deal = ItemInput {
        subject_kind: SubjectKind::Class,
        subject_id: "DEMO-TIT-CARTERA/A1".into(),
        ..item()
    };
    let p = refused(draft::add_item(&mut wb, &stamp(), v.id, &deal).unwrap_err());
    assert_eq!(p[0].field, "subject.analysis");
    assert!(draft::view(wb.connection(), v.id).unwrap().items.is_empty());
}

#[test]
fn c5_an_item_taken_off_the_agenda_leaves_the_draft_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-CARLA", "xxBB+")).unwrap();
    let v = draft::remove_item(&mut wb, &stamp(), id, "1").unwrap();
    assert!(v.items.is_empty());
    assert!(
        v.problems.iter().any(|p| p.field == "agenda"),
        "{:?}",
        v.problems
    );
    let p = refused(draft::remove_item(&mut wb, &stamp(), id, "1").unwrap_err());
    assert_eq!(p[0].field, "agenda");
    // Item ids number the agenda as it stands: the next item after the remaining ones.
    let v = draft::add_item(&mut wb, &stamp(), id, &item()).unwrap();
    assert_eq!(v.items[0].id, "1");
    assert!(audit::verify(wb.connection()).unwrap().ok);
}

#[test]
fn c2_an_issuer_added_in_the_app_is_rated_as_its_screen_rates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    let mut wb = Workbook::open(&path).unwrap();
    let id = set_up(&mut wb, "177/2026", d(2026, 10, 29));
    let banco = ItemInput {
        subject_id: "DEMO-XX-02".into(),
        recommendation: String::new(),
        ..item()
    };
    let view = draft::add_item(&mut wb, &stamp(), id, &banco).unwrap();
    let screen = ratebook_workbench::issuer::detail(wb.connection(), "DEMO-XX-02", d(2026, 10, 29))
        .unwrap()
        .rating
        .unwrap();
    let added = &view.items[0];
    // The stored +1 holistic adjustment (N-5) is in the agenda's indicative result.
    assert_eq!(added.indicative.rating, screen.issuer.final_rating);
    assert_eq!(added.indicative.rating, "xxA-");
    assert!(added
        .indicative
        .trace
        .steps()
        .iter()
        .any(|s| s.rule == "N-5" && s.reason.contains("Deposit franchise")));
}

#[test]
fn c2_a_class_goes_on_the_agenda_rated_with_the_analysis_recorded_on_its_screen() {
    use ratebook_core::titularizacion::caso::{Estres, ValidezInformacion};
    use ratebook_core::titularizacion::flujo::{Escenario, Shocks, VariableClave};
    use ratebook_core::titularizacion::indice::BaseIndice;
    use ratebook_core::titularizacion::montecarlo::ParametrosMonteCarlo;
    use ratebook_core::titularizacion::waterfall::PrioridadPagos;
    use ratebook_workbench::titularizacion::{self as tit, Analisis};

    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(&dir);
    let mut wb = Workbook::open(&path).unwrap();
    let date = d(2026, 10, 15);
    let id = set_up(&mut wb, "178/2026", date);
    let class = ItemInput {
        subject_kind: SubjectKind::Class,
        subject_id: "DEMO-TIT-CARTERA/A1".into(),
        recommendation: String::new(),
        information_cutoff: d(2026, 6, 30),
        ..item()
    };
    // Without a recorded analysis the engine has nothing to rate: refused next to the
    // subject, saying where to record one; nothing is written.
    let problems = refused(draft::add_item(&mut wb, &stamp(), id, &class).unwrap_err());
    assert_eq!(problems[0].field, "subject.analysis");
    assert!(
        problems[0]
            .message
            .contains("records no analysis for titularización 'DEMO-TIT-CARTERA'"),
        "{problems:?}"
    );
    assert!(draft::view(wb.connection(), id).unwrap().items.is_empty());

    let analysis = Analisis {
        // The form's date; the committee judges freshness on the session's (T-6).
        committee_date: d(2026, 9, 1),
        information_validity: ValidezInformacion {
            no_false_antecedents: true,
            no_unreflected_significant_change: true,
            notes: String::new(),
        },
        index_variant: "weighted_average".into(),
        index_base: BaseIndice::Capital,
        priority_of_payments: PrioridadPagos::ClassByClass,
        recovery_rate: "0".parse().unwrap(),
        recovery_lag: 0,
        interest_share: "0".parse().unwrap(),
        stress: Estres {
            equilibrium_variable: VariableClave::Volume,
            scenarios: vec![Escenario {
                name: "volume -30 % (fictional)".into(),
                shocks: Shocks::single(VariableClave::Volume, "0.3".parse().unwrap()),
            }],
        },
        montecarlo: ParametrosMonteCarlo {
            paths: 1_000,
            seed: 7,
            persistence: "0.3".parse().unwrap(),
        },
    };
    tit::record_analysis(&mut wb, &stamp(), "DEMO-TIT-CARTERA", &analysis).unwrap();
    let view = draft::add_item(&mut wb, &stamp(), id, &class).unwrap();
    let added = &view.items[0];
    // The same rating the titularización screen computes with that analysis on that date.
    let on_screen = tit::rate(
        wb.connection(),
        "DEMO-TIT-CARTERA",
        &Analisis {
            committee_date: date,
            ..analysis
        },
    )
    .unwrap();
    let a1 = on_screen.classes.iter().find(|c| c.name == "A1").unwrap();
    assert_eq!(added.indicative.rating, a1.category.to_string());
    assert_eq!(added.subject.id, "DEMO-TIT-CARTERA/A1");
    assert!(added
        .indicative
        .trace
        .steps()
        .iter()
        .any(|s| s.rule.starts_with("T-")));
}

#[test]
fn c2_r5_a_session_without_quorum_is_recorded_without_decisions_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    draft::set_setup(
        &mut wb,
        &stamp(),
        id,
        &setup(&["M-CARLA", "M-JORGE", "M-PEDRO", "M-ANA"]),
    )
    .unwrap();
    // The usual close refuses; closing with undecided items records the session as the CLI
    // does, its item without a decision and with the rule that stopped it.
    assert!(draft::close(&mut wb, &stamp(), id, Closing::AllDecided).is_err());
    let report = draft::close(&mut wb, &stamp(), id, Closing::WithUndecided).unwrap();
    assert_eq!((report.decided, report.refused), (0, 1));
    match &report.items[0] {
        ItemOutcome::Refused { refusal, .. } => {
            assert_eq!(refusal.rule, "C-2");
            assert!(refusal.message.contains("quorum"), "{}", refusal.message);
        }
        other => panic!("expected no decision, got {other:?}"),
    }
    assert!(draft::view(wb.connection(), id).unwrap().closed);
    assert!(committee::history(wb.connection(), "DEMO-XX-03")
        .unwrap()
        .entries
        .iter()
        .all(|e| e.key.session.to_string() != "177/2026"));
    assert!(audit::verify(wb.connection()).unwrap().ok);
    // Its acta says there was no quorum, in each language.
    let issuer = ratebook_workbench::report::Issuer {
        rater: "Calificadora Demo (fictional)".into(),
        city: "Quito".into(),
    };
    for (lang, words) in [
        (
            ratebook_report::layout::Lang::Es,
            "no hubo quórum: se requieren 3",
        ),
        (
            ratebook_report::layout::Lang::En,
            "there was no quorum: 3 voting members",
        ),
    ] {
        let acta =
            ratebook_workbench::report::acta(wb.connection(), "177/2026", lang, &issuer).unwrap();
        assert!(acta.quorum.contains(words), "{}", acta.quorum);
        assert_eq!(acta.items[0].decision, None);
    }
}

#[test]
fn c2_votes_never_revealed_are_not_counted_when_a_session_closes_with_undecided_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    // Every voting member voted, but the votes were never revealed to the committee.
    cast(
        &mut wb,
        id,
        "1",
        &[
            ("M-CARLA", "xxBB"),
            ("M-JORGE", "xxBB"),
            ("M-SOFIA", "xxBB"),
        ],
    );
    let report = draft::close(&mut wb, &stamp(), id, Closing::WithUndecided).unwrap();
    assert_eq!((report.decided, report.refused), (0, 1));
    // An empty agenda still stops the session as a whole.
    let empty = draft::create(
        &mut wb,
        &stamp(),
        "179/2026",
        SessionKind::Ordinaria,
        d(2026, 10, 30),
    )
    .unwrap();
    let p = refused(draft::close(&mut wb, &stamp(), empty.id, Closing::WithUndecided).unwrap_err());
    assert!(
        p.iter()
            .any(|p| p.field == "agenda" || p.field == "secretary"),
        "{p:?}"
    );
}

#[test]
fn c5_a_session_set_up_by_mistake_is_abandoned_with_a_reason_and_never_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-CARLA", "xxBB+")).unwrap();
    // Without a reason: refused next to the field, nothing written.
    for blank in ["", "  \n "] {
        let p = refused(draft::abandon(&mut wb, &stamp(), id, blank).unwrap_err());
        assert_eq!(
            (p[0].rule.as_str(), p[0].field.as_str()),
            ("C-5", "abandon.reason")
        );
        assert!(p[0]
            .message
            .starts_with("C-5: field abandon.reason is empty"));
        assert!(p[0].message.contains("177/2026"), "{}", p[0].message);
        // The same refusal in Spanish, from the catalogue the window and the actas use.
        let es = ratebook_core::trace::spanish().render(p[0].reason.as_ref().unwrap());
        assert!(
            es.starts_with("C-5: indique por qué se abandona la sesión 177/2026"),
            "{es}"
        );
    }
    let v = draft::view(wb.connection(), id).unwrap();
    assert_eq!(v.abandonment, None);
    assert!(!v.closed);

    let v = draft::abandon(
        &mut wb,
        &stamp(),
        id,
        " Wrong date: the committee meets on the 30th ",
    )
    .unwrap();
    let a = v.abandonment.as_ref().expect("abandoned");
    assert_eq!(a.reason, "Wrong date: the committee meets on the 30th");
    assert_eq!(a.by, "test");
    assert!(a.at.starts_with("2025-11-24T"), "{}", a.at);
    assert!(!v.closed);
    assert!(!v.ready);
    // Kept as it stood: its set-up, agenda and sealed vote.
    assert_eq!(v.items.len(), 1);
    assert_eq!(v.items[0].voted, ["M-CARLA"]);
    let listed = draft::list(wb.connection()).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].abandoned && !listed[0].closed);

    // Edited, voted, revealed, overridden, closed or abandoned again: each refused, naming
    // the state.
    let attempts: Vec<Result<(), DraftError>> = vec![
        draft::set_setup(&mut wb, &stamp(), id, &setup(QUORUM)).map(drop),
        draft::add_item(&mut wb, &stamp(), id, &item()).map(drop),
        draft::remove_item(&mut wb, &stamp(), id, "1").map(drop),
        draft::cast_vote(&mut wb, &stamp(), id, "1", &vote("M-JORGE", "xxBB")).map(drop),
        draft::reveal(&mut wb, &stamp(), id, "1").map(drop),
        draft::set_override(&mut wb, &stamp(), id, "1", None).map(drop),
        draft::close(&mut wb, &stamp(), id, Closing::AllDecided).map(drop),
        draft::close(&mut wb, &stamp(), id, Closing::WithUndecided).map(drop),
        draft::abandon(&mut wb, &stamp(), id, "again").map(drop),
    ];
    for (i, attempt) in attempts.into_iter().enumerate() {
        let p = refused(attempt.unwrap_err());
        assert_eq!(
            (p[0].rule.as_str(), p[0].field.as_str()),
            ("C-2", "state"),
            "attempt {i}"
        );
        assert!(p[0].message.contains("was abandoned"), "attempt {i}: {p:?}");
    }
    assert_eq!(
        draft::view(wb.connection(), id)
            .unwrap()
            .abandonment
            .unwrap()
            .reason,
        "Wrong date: the committee meets on the 30th"
    );
    // Nothing was recorded for the session, and its number can be prepared again.
    assert!(committee::history(wb.connection(), "DEMO-XX-03")
        .unwrap()
        .entries
        .iter()
        .all(|e| e.key.session.to_string() != "177/2026"));
    let again = prepared(&mut wb);
    assert_ne!(again, id);
    assert!(draft::view(wb.connection(), again)
        .unwrap()
        .abandonment
        .is_none());
    assert_eq!(draft::list(wb.connection()).unwrap().len(), 2);
    assert!(audit::verify(wb.connection()).unwrap().ok);
}

#[test]
fn c2_a_recorded_session_cannot_be_abandoned() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::open(&demo_workbook(&dir)).unwrap();
    let id = prepared(&mut wb);
    draft::set_setup(
        &mut wb,
        &stamp(),
        id,
        &setup(&["M-CARLA", "M-JORGE", "M-PEDRO", "M-ANA"]),
    )
    .unwrap();
    draft::close(&mut wb, &stamp(), id, Closing::WithUndecided).unwrap();
    let p = refused(draft::abandon(&mut wb, &stamp(), id, "set up by mistake").unwrap_err());
    assert_eq!((p[0].rule.as_str(), p[0].field.as_str()), ("C-2", "number"));
    assert!(p[0].message.contains("closed and recorded"), "{p:?}");
    let v = draft::view(wb.connection(), id).unwrap();
    assert!(v.closed && v.abandonment.is_none());
}
