//! SPEC §7 ("Spanish and English throughout from one catalogue"): every message the engines
//! write into a trace exists in both `ui/src/lib/i18n/{es,en}/trace.json`, and the
//! placeholders of each message are exactly the arguments the engine passes. The traces come
//! from every example case under `fixtures/cases/` (national and titularización), variants
//! of the small titularización case that raise each flag, and the committee's session files
//! run as the full-session scenario runs them. A static pass adds every literal key written
//! in the core's sources, so a message no fixture reaches still has to be in both files.

mod committee_fixtures;
mod titularizacion_case;

use ratebook_core::builtin;
use ratebook_core::committee::decision::Decision;
use ratebook_core::committee::guard::{self, Amendment};
use ratebook_core::committee::lifecycle::{approve, AffectedRating, MethodologyRef};
use ratebook_core::committee::refusal::TieRule;
use ratebook_core::committee::scale::ItemScale;
use ratebook_core::committee::surveillance::calendar;
use ratebook_core::committee::{CommitteeError, Refusal};
use ratebook_core::freshness;
use ratebook_core::national::compression::compression;
use ratebook_core::national::error::NationalError;
use ratebook_core::national::impact::impact;
use ratebook_core::national::mapping;
use ratebook_core::national::rate::{rate_case, Case, EntityInput};
use ratebook_core::national::spec::select;
use ratebook_core::scale::GlobalRating;
use ratebook_core::scale::UnknownSymbol;
use ratebook_core::titularizacion::rate;
use ratebook_core::trace::{self, placeholders, Catalogue, TraceArg, TraceMessage};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every trace step's messages inside any serialisable result, wherever its traces sit.
fn messages_in(value: &impl serde::Serialize) -> Vec<TraceMessage> {
    fn walk(v: &Value, out: &mut Vec<TraceMessage>) {
        match v {
            Value::Object(map) => {
                let is_step = ["rule", "section", "reason"]
                    .iter()
                    .all(|k| map.contains_key(*k));
                let is_refusal = map.contains_key("rule") && map.contains_key("no_decision");
                for (field, m) in map {
                    // A step's `message` and `subject_message`; a flag's or a cap's `…_i18n`;
                    // a refusal's `reason`.
                    let wanted = field.ends_with("_i18n")
                        || (is_step && (field == "message" || field.ends_with("_message")))
                        || (is_refusal && field == "reason");
                    if wanted && !m.is_null() {
                        let m: TraceMessage = serde_json::from_value(m.clone())
                            .unwrap_or_else(|e| panic!("{field} reads back as a message: {e}"));
                        out.extend(m.walk().into_iter().cloned());
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(value).unwrap(), &mut out);
    out
}

fn national_messages() -> Vec<TraceMessage> {
    let specs = builtin::national_specs();
    let params = builtin::national_parameters();
    let mut out = Vec::new();
    let dir = root().join("fixtures/cases/national");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "impact-entities.json")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 12, "the national example cases are found");
    for path in names {
        let case: Case = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rating =
            rate_case(&specs, &params, &case).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.extend(messages_in(&rating));
    }
    let entities: Vec<EntityInput> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("impact-entities.json")).unwrap())
            .unwrap();
    let old = select(&specs, "gcr-za-2016-12-09", None).unwrap();
    let new = select(&specs, "gcr-za-2017-04-26", None).unwrap();
    out.extend(messages_in(&impact(old, new, &params, &entities)));
    let grades: Vec<GlobalRating> = GlobalRating::ALL.to_vec();
    out.extend(messages_in(&compression(
        new,
        &grades,
        &params.notching.compression,
    )));
    for spec in &specs {
        for &g in GlobalRating::ALL.iter() {
            if let Ok(f) = mapping::forward(spec, g) {
                out.extend(messages_in(&f));
            }
            out.extend(messages_in(&mapping::reverse(spec, g)));
            for alternative in [false, true] {
                out.extend(messages_in(&mapping::short_term(
                    spec,
                    &params,
                    g,
                    alternative,
                )));
            }
        }
    }
    out
}

fn titularizacion_messages() -> Vec<TraceMessage> {
    use titularizacion_case as tc;
    let m = tc::methodology();
    let mut out = Vec::new();
    for name in [
        "cartera_credito",
        "bienes_inmuebles",
        "proyectos_inmobiliarios",
        "flujos_futuros",
    ] {
        out.extend(messages_in(&rate(&tc::fixture(name), &m).unwrap()));
    }
    // Variants of the small case that raise the flags and caps the fixtures do not.
    let mut v = tc::json();
    v["information_cutoff"] = "2025-01-31".into();
    v["information_validity"]["no_false_antecedents"] = false.into();
    v["information_validity"]["no_unreflected_significant_change"] = false.into();
    v["factors"][0]["evidence"] = Value::Array(vec![]);
    v["factors"][0]["checklist"] = Value::Array(vec![]);
    v["documents"] = Value::Array(vec![]);
    v["asset_analyses"] = Value::Array(vec![]);
    v["mechanisms"] = serde_json::json!([{"kind": "fondo_reserva", "amount": "1.00", "order": 1}]);
    v["stress"]["scenarios"] =
        serde_json::json!([{"name": "volumen -90 %", "shocks": {"volume": "0.90"}}]);
    out.extend(messages_in(&rate(&tc::case(&v), &m).unwrap()));
    out
}

fn committee_messages() -> Vec<TraceMessage> {
    use committee_fixtures::*;
    let rules = rules();
    let mut out = Vec::new();
    let mut workbook: Vec<Decision> = Vec::new();
    let outcome = run(&session(ORDINARIA), &workbook);
    out.extend(messages_in(&outcome));
    let andina = decision(&outcome, "1").clone();
    for d in outcome.decisions() {
        let signed = guard::sign(d, d.date + chrono::Days::new(2), "m-gerente").unwrap();
        let next = guard::new_version(
            &signed,
            &Amendment {
                note: "corrección de la fecha de publicación".into(),
                ..Default::default()
            },
        )
        .unwrap();
        out.extend(messages_in(&signed));
        out.extend(messages_in(&next));
        workbook.push(signed);
    }
    out.extend(messages_in(&run(&session(SIN_QUORUM), &workbook)));
    let outcome = run(&session(TITULARIZACION), &workbook);
    out.extend(messages_in(&outcome));
    workbook.extend(outcome.decisions().cloned());
    for file in ["demo-2-2027-refusals.json", "demo-177-2026-ordinaria.json"] {
        let text = std::fs::read_to_string(root().join("fixtures/sessions").join(file)).unwrap();
        if let Ok(f) = serde_json::from_str(&text) {
            out.extend(messages_in(&run(&f, &workbook)));
        }
    }
    let catalogue = catalogue();
    let approval = approve(
        &catalogue,
        &MethodologyRef {
            id: "sp-xx-table1".into(),
            version: "2026-draft".into(),
        },
        d(2026, 10, 31),
        vec![AffectedRating {
            subject: andina.subject.clone(),
            current: "xxA+".into(),
            candidate: "xxAA-".into(),
        }],
        &rules,
    )
    .unwrap();
    out.extend(messages_in(&approval));
    let due = calendar(&rules, &workbook, &approval.observations, d(2028, 1, 4)).unwrap();
    out.extend(messages_in(&due));
    out
}

/// The placeholders a message's arguments fill, by name.
fn arg_names(m: &TraceMessage) -> BTreeSet<String> {
    m.args.keys().cloned().collect()
}

fn check(catalogue: &Catalogue, messages: &[TraceMessage]) -> Vec<String> {
    let mut problems = BTreeSet::new();
    for m in messages {
        let Some(text) = catalogue.get(&m.key) else {
            problems.insert(format!("{}: no key {}", catalogue.lang, m.key));
            continue;
        };
        let wanted: BTreeSet<String> = placeholders(text).into_iter().map(|p| p.name).collect();
        if wanted != arg_names(m) {
            problems.insert(format!(
                "{}: {} has placeholders {wanted:?}, the engine passes {:?}",
                catalogue.lang,
                m.key,
                arg_names(m)
            ));
        }
        for (name, a) in &m.args {
            if let TraceArg::Localized { es, en } = a {
                if es.trim().is_empty() || en.trim().is_empty() {
                    problems.insert(format!("{}: {name} lacks a language", m.key));
                }
            }
        }
    }
    problems.into_iter().collect()
}

#[test]
fn spec_7_every_emitted_trace_message_is_in_both_catalogues_with_its_arguments() {
    let mut messages = national_messages();
    messages.extend(titularizacion_messages());
    messages.extend(committee_messages());
    let keys: BTreeSet<&str> = messages.iter().map(|m| m.key.as_str()).collect();
    // Each engine contributes; a broken collector would pass vacuously.
    for prefix in ["national.", "titularizacion.", "committee.", "subject."] {
        assert!(
            keys.iter().filter(|k| k.starts_with(prefix)).count() >= 5,
            "few {prefix} messages collected: {keys:?}"
        );
    }
    for flagged in [
        "titularizacion.stale",
        "titularizacion.coverage_below",
        "titularizacion.cap_probability",
        "titularizacion.document_missing",
        "committee.override",
        "committee.no_decision_because",
        "committee.refused_because",
        "refusal.ruled",
        "refusal.no_quorum",
        "committee.new_version",
        "national.holistic",
        "national.recovery",
        "national.warning.sovereign_cap",
    ] {
        assert!(keys.contains(flagged), "{flagged} is exercised");
    }
    let mut problems = check(trace::spanish(), &messages);
    problems.extend(check(trace::english(), &messages));
    assert!(problems.is_empty(), "{problems:#?}");
}

/// One refusal of every kind, with each phrase it can carry: the sample list is checked
/// against an exhaustive `match`, so a new kind of refusal cannot miss its wording.
fn every_refusal() -> Vec<CommitteeError> {
    use CommitteeError::*;
    let d = |m: u32, day: u32| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let s = |v: &str| v.to_string();
    let scale_problems = [
        ItemScale {
            id: s(" "),
            symbols: vec![],
        },
        ItemScale {
            id: s("s"),
            symbols: vec![],
        },
        ItemScale {
            id: s("s"),
            symbols: vec![s("AA"), s(" A")],
        },
        ItemScale {
            id: s("s"),
            symbols: vec![s("AA"), s("AA")],
        },
    ];
    let rules = builtin::committee_rules();
    let reason = rules.override_policy.reasons[0].clone();
    let substance = [
        reason.code.clone(),
        "breve texto corto".to_string(),
        "liquidez ".repeat(30),
    ];
    let mut out = vec![
        MemberFieldEmpty {
            member: s("m1"),
            field: "title",
        },
        DuplicateMember { member: s("m1") },
        SessionNumber {
            value: s("0176/22"),
        },
        SessionYear {
            number: s("1/2025"),
            date: d(1, 3),
        },
        ChairCount {
            count: 0,
            members: vec![],
        },
        ChairCount {
            count: 2,
            members: vec![s("m1"), s("m2")],
        },
        FileFormat {
            value: s("x"),
            accepted: "ratebook-session/1",
        },
        RulesNotInForce {
            rules: s("r 1"),
            effective: d(2, 1),
            date: d(1, 1),
        },
        EmptyAgenda,
        DuplicateItem { item: s("1") },
        DuplicateSubject {
            item: s("1"),
            other: s("2"),
            subject: s("issuer x"),
        },
        UnknownSymbol {
            item: s("1"),
            field: s("recommendation"),
            symbol: s("ZZ"),
            scale: s("s"),
            accepted: s("AA, A"),
        },
        NoQuorum {
            item: s("1"),
            present: 0,
            required: 3,
            members: vec![],
            rules: s("r 1"),
        },
        NotAVoter {
            item: s("1"),
            member: s("m9"),
        },
        DoubleVote {
            item: s("1"),
            member: s("m1"),
        },
        VotesSealed {
            item: s("1"),
            missing: s("m3"),
        },
        NoMajority {
            item: s("1"),
            tally: msg_tally(),
            needed: 3,
            cast: 4,
        },
        OverrideMissing {
            item: s("1"),
            decided: s("AA"),
            indicative: s("A"),
            notches: 3,
        },
        OverrideNotNeeded {
            item: s("1"),
            decided: s("AA"),
        },
        JustificationMissing { item: s("1") },
        FactorsMissing { item: s("1") },
        ConfirmationNotChair {
            item: s("1"),
            member: s("m2"),
            chair: s("m1"),
        },
        SignedDecision {
            decision: s("1/2026 item 1"),
            version: 1,
            signed_on: d(3, 1),
        },
        NotSigned {
            decision: s("1/2026 item 1"),
            version: 1,
        },
        ChangeNoteMissing {
            decision: s("1/2026 item 1"),
            version: 1,
        },
        SignedBeforeDecision {
            decision: s("1/2026 item 1"),
            signed_on: d(1, 1),
            decided_on: d(1, 2),
        },
        ActionNeedsPrevious {
            item: s("1"),
            action: s("upgrade"),
            subject: s("x"),
        },
        NotNew {
            item: s("1"),
            subject: s("x"),
            previous: s("AA"),
        },
        ActionNotDerivable {
            item: s("1"),
            previous: s("AA"),
            previous_scale: s("a"),
            scale: s("b"),
        },
        PublicationBeforeDecision {
            item: s("1"),
            publication: d(1, 1),
            date: d(1, 2),
        },
        MethodologyUnknown {
            id: s("m"),
            version: s("1"),
        },
        DuplicateMethodology {
            id: s("m"),
            version: s("1"),
        },
        ApprovalOutOfOrder {
            id: s("m"),
            version: s("2"),
            approved_on: d(1, 1),
            previous: s("1"),
            previous_on: d(2, 1),
        },
        StaleInformation {
            item: s("1"),
            cutoff: d(1, 1),
            committee_date: d(9, 1),
            earliest: d(7, 1),
            max_age_months: 2,
        },
        OutOfCalendar {
            date: d(1, 1),
            months: 6,
        },
    ];
    for (problem, member) in [
        ("refusal.member.not_present", "m9"),
        ("refusal.member.not_secretary", "m1"),
    ] {
        out.push(Secretary {
            member: s(member),
            problem: TraceMessage::new(problem),
        });
    }
    out.push(MemberReference {
        item: s("1"),
        field: s("lead_analyst"),
        member: s("m1"),
        problem: TraceMessage::new("refusal.member.not_analyst"),
    });
    for expected in [
        "id",
        "subject",
        "parent",
        "methodology",
        "summary",
        "information_sources",
        "key_assumptions",
        "watch",
    ] {
        out.push(ItemFieldEmpty {
            item: s("1"),
            field: s("f"),
            expected: TraceMessage::new(&format!("refusal.expected.{expected}")),
        });
    }
    for scale in &scale_problems {
        out.push(Scale {
            item: s("1"),
            problem: scale.problem().expect("a broken scale"),
        });
    }
    for why in [TieRule::NoCastingVote, TieRule::ChairVotedNone] {
        out.push(Tie {
            item: s("1"),
            tied: msg_tally(),
            rules: s("r 1"),
            why,
        });
    }
    for kind in ["national", "titularizacion"] {
        out.push(UnknownReasonCode {
            item: s("1"),
            code: s("X"),
            list: s("r 1"),
            kind: s(kind),
            accepted: s("A, B"),
        });
        out.push(BeyondLimit {
            item: s("1"),
            notches: 4,
            limit: 2,
            kind: s(kind),
            dissent: s("m2"),
        });
    }
    for text in &substance {
        out.push(JustificationNotSubstantive {
            item: s("1"),
            problem: ratebook_core::committee::r#override::substance(&rules, text, &reason)
                .expect_err("not of substance"),
        });
    }
    for (declared, derived) in [
        ("new", "affirmation"),
        ("upgrade", "downgrade"),
        ("watch", "withdrawal"),
    ] {
        out.push(ActionMismatch {
            item: s("1"),
            declared: s(declared),
            derived: s(derived),
            previous: s("A"),
            decided: s("AA"),
        });
    }
    for state in ["draft", "approved", "retired"] {
        out.push(MethodologyNotApproved {
            id: s("m"),
            version: s("1"),
            state: s(state),
            date: d(1, 1),
        });
        out.push(ApproveNotDraft {
            id: s("m"),
            version: s("1"),
            state: s(state),
        });
    }
    for problem in [
        freshness::check(d(2, 1), d(1, 1), 2).expect_err("after the committee"),
        freshness::check(d(1, 1), d(2, 1), 30).expect_err("out of range"),
        // The calendar's edge, which no real date reaches.
        freshness::FreshnessError::OutOfCalendar {
            committee_date: d(1, 1),
            months: 2,
        },
    ] {
        out.push(Freshness {
            item: s("1"),
            problem: problem.message(),
        });
    }
    out
}

fn msg_tally() -> TraceMessage {
    TraceMessage::new("refusal.tally").arg(
        "lines",
        vec![
            TraceMessage::new("refusal.tally_line")
                .arg("rating", "AA")
                .arg("votes", 2u32),
            TraceMessage::new("refusal.tally_line")
                .arg("rating", "A")
                .arg("votes", 2u32),
        ],
    )
}

/// The position of a refusal's kind in the declaration: an exhaustive match, so adding a
/// kind without a sample fails to compile here first.
fn kind_of(e: &CommitteeError) -> usize {
    use CommitteeError::*;
    match e {
        MemberFieldEmpty { .. } => 0,
        DuplicateMember { .. } => 1,
        SessionNumber { .. } => 2,
        SessionYear { .. } => 3,
        Secretary { .. } => 4,
        ChairCount { .. } => 5,
        FileFormat { .. } => 6,
        RulesNotInForce { .. } => 7,
        EmptyAgenda => 8,
        DuplicateItem { .. } => 9,
        DuplicateSubject { .. } => 10,
        ItemFieldEmpty { .. } => 11,
        UnknownSymbol { .. } => 12,
        Scale { .. } => 13,
        MemberReference { .. } => 14,
        NoQuorum { .. } => 15,
        NotAVoter { .. } => 16,
        DoubleVote { .. } => 17,
        VotesSealed { .. } => 18,
        Tie { .. } => 19,
        NoMajority { .. } => 20,
        OverrideMissing { .. } => 21,
        OverrideNotNeeded { .. } => 22,
        UnknownReasonCode { .. } => 23,
        JustificationMissing { .. } => 24,
        JustificationNotSubstantive { .. } => 25,
        FactorsMissing { .. } => 26,
        BeyondLimit { .. } => 27,
        ConfirmationNotChair { .. } => 28,
        SignedDecision { .. } => 29,
        NotSigned { .. } => 30,
        ChangeNoteMissing { .. } => 31,
        SignedBeforeDecision { .. } => 32,
        ActionMismatch { .. } => 33,
        ActionNeedsPrevious { .. } => 34,
        NotNew { .. } => 35,
        ActionNotDerivable { .. } => 36,
        PublicationBeforeDecision { .. } => 37,
        MethodologyUnknown { .. } => 38,
        MethodologyNotApproved { .. } => 39,
        ApproveNotDraft { .. } => 40,
        DuplicateMethodology { .. } => 41,
        ApprovalOutOfOrder { .. } => 42,
        StaleInformation { .. } => 43,
        Freshness { .. } => 44,
        OutOfCalendar { .. } => 45,
    }
}

/// SPEC §5/§7: every refusal of the committee rules is worded in both catalogues, with
/// exactly the placeholders its arguments fill, in Spanish without English left in it; the
/// CLI's English text is the English catalogue's, rule id first.
#[test]
fn spec_7_every_committee_refusal_is_worded_in_both_languages() {
    let refusals = every_refusal();
    assert_every_kind(refusals.iter().map(kind_of), 46);
    let mut messages = Vec::new();
    for e in &refusals {
        let refusal = Refusal::from(e);
        let reason = refusal
            .reason
            .clone()
            .expect("a new refusal carries its reason");
        assert_eq!(refusal.message, e.to_string());
        assert_eq!(trace::english().render(&reason), e.to_string());
        let es = trace::spanish().render(&reason);
        assert!(es.starts_with(&format!("{}: ", e.rule())), "{es}");
        assert_ne!(es, e.to_string(), "{es}");
        for english in [
            " the ", " is ", " and ", " field ", " item ", " vote(s)", " none",
        ] {
            // Identifiers (decision keys such as `1/2026 item 1`) stay as recorded.
            let es = es.replace("1/2026 item 1", "");
            assert!(!es.contains(english), "English {english:?} in: {es}");
        }
        messages.extend(reason.walk().into_iter().cloned());
    }
    // The workbench's own checks before the core are reached by its tests.
    assert_area_worded(
        &messages,
        "refusal.",
        &["refusal.recorded", "refusal.all", "refusal.workbench."],
    );
}

/// The samples reach every one of the `count` kinds an exhaustive `match` numbers.
fn assert_every_kind(kinds: impl Iterator<Item = usize>, count: usize) {
    let kinds: BTreeSet<usize> = kinds.collect();
    assert_eq!(
        kinds,
        (0..count).collect::<BTreeSet<_>>(),
        "a kind has no sample"
    );
}

/// The samples' messages are in both catalogues with their arguments, and every phrase of
/// `area` (but those starting with one of `exempt`) is reached by some sample.
fn assert_area_worded(messages: &[TraceMessage], area: &str, exempt: &[&str]) {
    let mut problems = check(trace::spanish(), messages);
    problems.extend(check(trace::english(), messages));
    assert!(problems.is_empty(), "{problems:#?}");
    let used: BTreeSet<&str> = messages.iter().map(|m| m.key.as_str()).collect();
    let unused: Vec<&str> = trace::english()
        .keys()
        .filter(|k| k.starts_with(area) && !exempt.iter().any(|e| k.starts_with(e)))
        .filter(|k| !used.contains(k))
        .collect();
    assert!(unused.is_empty(), "{unused:?}");
}

/// One refusal of the national engine of every kind, with every phrase it can carry.
fn every_national_error() -> Vec<NationalError> {
    use NationalError::*;
    let s = |v: &str| v.to_string();
    let unknown = |scale: &'static str| UnknownSymbol {
        scale,
        symbol: s("ZZ"),
        accepted: s("AAA, AA+"),
    };
    let mut out = vec![
        SpecNotFound {
            id: s("x"),
            known: s("a, b"),
        },
        NoVersionInForce {
            scale: s("xx"),
            date: s("2026-01-01"),
            versions: s("1, 2"),
        },
        NotCovered {
            spec: s("x"),
            global: GlobalRating::Cc,
            covered: s("AAA…B-"),
        },
        OptionNotListed {
            field: s("chosen_option"),
            value: s("xxA"),
            global: GlobalRating::Bbb,
            options: s("xxAA, xxAA-"),
        },
        PeerRank {
            field: s("peer_rank"),
            value: s("4 of 3"),
        },
        HolisticOutOfRange {
            field: s("holistic.notches"),
            value: 5,
        },
        HolisticWithoutRationale {
            field: s("holistic"),
            notches: 1,
        },
        HolisticAboveSovereign {
            field: s("holistic.notches"),
            notches: 1,
            before: s("xxAA"),
            after: s("xxAA+"),
            sovereign: s("xxAA"),
        },
        HolisticOnDefault {
            field: s("holistic"),
            value: s("SD"),
        },
        SovereignNotInScale {
            country: s("PE"),
            scale: s("asean"),
            countries: s("ID, MY"),
        },
        SovereignNotOwn {
            country: s("MY"),
            sovereign: s("ID"),
        },
        RecoveryOnInvestmentGrade {
            field: s("issues[0].recovery"),
            value: s("2"),
            global: GlobalRating::Bbb,
        },
        UnknownName {
            rule: "N-8a",
            field: s("issues[0].seniority"),
            value: s("x"),
            accepted: s("senior, subordinated"),
        },
    ];
    for scale in [
        "global long-term",
        "global short-term",
        "national long-term",
        "national short-term",
    ] {
        out.push(Symbol {
            field: s("global_lc"),
            source: unknown(scale),
        });
    }
    let why = |key: &str| TraceMessage::new(&format!("national.error.why.{key}"));
    for (key, arg) in [
        ("hybrid_recovery", None),
        ("hybrid_foreign", None),
        ("hybrid_added", Some(("notches", TraceArg::from(-1)))),
        ("hybrid_default", None),
        ("foreign_issue", Some(("field", "issues[0]".into()))),
        ("default_not_notched", None),
        ("keyed_foreign", Some(("spec", "x".into()))),
        (
            "no_icr",
            Some(("kind", TraceMessage::new("national.label.fund").into())),
        ),
    ] {
        let mut why = why(key);
        if let Some((name, value)) = arg {
            why = why.arg(name, value);
        }
        out.push(Missing {
            rule: "N-1",
            field: s("global_fc"),
            why: why.clone(),
        });
        out.push(NotApplicable {
            rule: "N-8c",
            field: s("issues[0]"),
            why,
        });
    }
    out
}

fn national_kind_of(e: &NationalError) -> usize {
    use NationalError::*;
    match e {
        Symbol { .. } => 0,
        SpecNotFound { .. } => 1,
        NoVersionInForce { .. } => 2,
        NotCovered { .. } => 3,
        OptionNotListed { .. } => 4,
        PeerRank { .. } => 5,
        HolisticOutOfRange { .. } => 6,
        HolisticWithoutRationale { .. } => 7,
        HolisticAboveSovereign { .. } => 8,
        HolisticOnDefault { .. } => 9,
        SovereignNotInScale { .. } => 10,
        SovereignNotOwn { .. } => 11,
        RecoveryOnInvestmentGrade { .. } => 12,
        UnknownName { .. } => 13,
        Missing { .. } => 14,
        NotApplicable { .. } => 15,
    }
}

/// SPEC §7: every refusal of the national engine is worded in both catalogues with exactly
/// its placeholders; its English text (the CLI's) is the English catalogue's.
#[test]
fn spec_7_every_national_engine_refusal_is_worded_in_both_languages() {
    let errors = every_national_error();
    assert_every_kind(errors.iter().map(national_kind_of), 16);
    let mut messages = Vec::new();
    for e in &errors {
        let m = e.message();
        assert_eq!(trace::english().render(&m), e.to_string());
        let es = trace::spanish().render(&m);
        assert!(!es.contains('{') && es != e.to_string(), "{es}");
        assert!(
            es.starts_with(e.parts().rule) || es.starts_with("global_lc"),
            "{es}"
        );
        messages.extend(m.walk().into_iter().cloned());
    }
    assert_area_worded(&messages, "national.error.", &[]);
}

/// SPEC §7: every refusal of the titularización methodology's data is worded in both
/// catalogues; its English text is the English catalogue's. The match is exhaustive, so a
/// new kind fails to compile here until it has a sample.
#[test]
fn spec_7_every_titularizacion_methodology_error_is_worded_in_both_languages() {
    use ratebook_core::titularizacion::categoria::Categoria;
    use ratebook_core::titularizacion::ponderacion::PonderacionError::{self, *};
    use rust_decimal::Decimal;
    let n = |v: i64, scale: u32| Decimal::new(v, scale);
    let errors = [
        Parse("expected `=`".into()),
        Kind("national-spec".into()),
        UnknownFactor("2.10".into()),
        MissingWeight("2.4"),
        NegativeWeight {
            factor: "2.4".into(),
            value: n(-5, 1),
        },
        WeightsSum { sum: n(995, 1) },
        ScoreMax(n(0, 0)),
        BandOrder {
            index: 2,
            min_score: n(905, 1),
            category: "AA".parse::<Categoria>().unwrap(),
        },
        BandsDoNotReachZero(n(10, 0)),
        MinimumMultiple(n(0, 0)),
        TimelyBands {
            index: 1,
            value: n(12, 1),
        },
        Precision {
            field: "tolerance",
            value: n(0, 0),
        },
        Freshness(30),
    ];
    let kind = |e: &PonderacionError| match e {
        Parse(_) => 0,
        Kind(_) => 1,
        UnknownFactor(_) => 2,
        MissingWeight(_) => 3,
        NegativeWeight { .. } => 4,
        WeightsSum { .. } => 5,
        ScoreMax(_) => 6,
        BandOrder { .. } => 7,
        BandsDoNotReachZero(_) => 8,
        MinimumMultiple(_) => 9,
        TimelyBands { .. } => 10,
        Precision { .. } => 11,
        Freshness(_) => 12,
    };
    assert_every_kind(errors.iter().map(kind), 13);
    let mut messages = Vec::new();
    for e in &errors {
        let m = e.message();
        assert_eq!(trace::english().render(&m), e.to_string());
        let es = trace::spanish().render(&m);
        assert!(es.starts_with("metodología de titularizaciones: "), "{es}");
        messages.extend(m.walk().into_iter().cloned());
    }
    assert_eq!(
        WeightsSum { sum: n(995, 1) }.to_string(),
        "titularización methodology: weights sum to 99.5 %; they must sum to exactly 100 %"
    );
    assert_area_worded(&messages, "titularizacion.error.", &[]);
}

/// Every literal key written in the core's and the workbench's sources (`msg!("…")`,
/// `TraceMessage::new("…")`) and every key under a dynamic prefix
/// (`format!("national.position.{}", …)`) names a message of both catalogues.
#[test]
fn spec_7_every_key_in_the_core_sources_is_in_both_catalogues() {
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("trace.rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    sources(&root().join("crates/core/src"), &mut files);
    // The workbench words the committee's indicative summaries from the same catalogue.
    sources(&root().join("crates/workbench/src"), &mut files);
    let areas = [
        "national.",
        "titularizacion.",
        "committee.",
        "subject.",
        "refusal.",
    ];
    // Field names of an agenda item that share the `subject.` prefix of the subject phrases
    // and sit next to the refusals that name them.
    let fields = ["subject.id", "subject.name", "subject.parent"];
    let mut keys = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for opener in ["msg!(", "TraceMessage::new("] {
            for (at, _) in text.match_indices(opener) {
                // The key may sit inside a `match` or `if` that picks one of several keys:
                // take every key-shaped literal of the next lines.
                let rest = &text[at + opener.len()..];
                let end = rest
                    .match_indices('\n')
                    .nth(10)
                    .map_or(rest.len(), |(i, _)| i);
                let window = &rest[..end];
                for piece in window.split('"').skip(1).step_by(2) {
                    if areas.iter().any(|a| piece.starts_with(a))
                        && !fields.contains(&piece)
                        && piece.chars().all(|c| {
                            c.is_ascii_lowercase() || c == '_' || c == '.' || c == '{' || c == '}'
                        })
                    {
                        keys.insert(piece.to_string());
                    }
                }
            }
        }
    }
    assert!(
        keys.len() > 100,
        "keys found in the sources: {}",
        keys.len()
    );
    let mut missing = Vec::new();
    for cat in [trace::spanish(), trace::english()] {
        for key in &keys {
            let found = match key.strip_suffix("{}") {
                Some(prefix) => cat.keys().any(|k| k.starts_with(prefix)),
                None => cat.get(key).is_some(),
            };
            if !found {
                missing.push(format!("{}: {key}", cat.lang));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// Both catalogues have the same keys and the same placeholders of the same kinds (the UI's
/// catalogue test checks the same over every area; this one also covers the kinds).
#[test]
fn spec_7_the_trace_catalogues_match_key_for_key() {
    let (es, en) = (trace::spanish(), trace::english());
    let es_keys: Vec<&str> = es.keys().collect();
    let en_keys: Vec<&str> = en.keys().collect();
    assert_eq!(es_keys, en_keys);
    for key in es_keys {
        assert_eq!(
            placeholders(es.get(key).unwrap()),
            placeholders(en.get(key).unwrap()),
            "{key}"
        );
        assert_ne!(es.get(key), Some(""), "{key}");
    }
}

/// The English reason is the English catalogue's wording of the step's message, so the CLI
/// and the window never disagree.
#[test]
fn spec_7_the_english_reason_is_rendered_from_the_message() {
    let specs = builtin::national_specs();
    let case: Case = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/cases/national/03-holistic.json")).unwrap(),
    )
    .unwrap();
    let r = rate_case(&specs, &builtin::national_parameters(), &case).unwrap();
    for s in r.trace.steps() {
        let m = s.message.as_ref().expect("new steps carry their message");
        assert_eq!(s.reason, trace::english().render(m));
        if let Some(sm) = &s.subject_message {
            assert_eq!(s.subject, trace::english().render(sm));
        }
    }
    let n5 = r.trace.for_rule("N-5").next().unwrap();
    let es = trace::spanish().render(n5.message.as_ref().unwrap());
    assert!(es.starts_with("ajuste holístico +"), "{es}");
    // The analyst's rationale is an argument, printed as typed in both languages.
    let rationale = case.entity.holistic.as_ref().unwrap().rationale.trim();
    assert!(es.contains(rationale) && n5.reason.contains(rationale));
}
