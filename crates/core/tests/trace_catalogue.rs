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
use ratebook_core::committee::surveillance::calendar;
use ratebook_core::national::compression::compression;
use ratebook_core::national::impact::impact;
use ratebook_core::national::mapping;
use ratebook_core::national::rate::{rate_case, Case, EntityInput};
use ratebook_core::national::spec::select;
use ratebook_core::scale::GlobalRating;
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
                let is_step = map.contains_key("rule") && map.contains_key("reason");
                for (field, m) in map {
                    // A step's `message` and `subject_message`; a flag's or a cap's `…_i18n`.
                    let wanted = field.ends_with("_i18n")
                        || (is_step && (field == "message" || field.ends_with("_message")));
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
        "committee.no_decision",
        "committee.new_version",
        "national.holistic",
        "national.recovery",
    ] {
        assert!(keys.contains(flagged), "{flagged} is exercised");
    }
    let mut problems = check(trace::spanish(), &messages);
    problems.extend(check(trace::english(), &messages));
    assert!(problems.is_empty(), "{problems:#?}");
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
    let areas = ["national.", "titularizacion.", "committee.", "subject."];
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
