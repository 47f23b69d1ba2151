//! T-4: no third party's solvency is an input (seed 003 §1.1, §2.6) — not the
//! originator's, not the agente de manejo's, not anyone's. The case type has no field for
//! it and refuses one that is added.

mod titularizacion_case;

use ratebook_core::titularizacion::caso::CaseError;
use ratebook_core::titularizacion::Titularizacion;
use serde_json::{json, Value};
use titularizacion_case as tc;

fn refused(v: &Value) -> String {
    match Titularizacion::from_json(&v.to_string()) {
        Err(CaseError::Parse(msg)) => msg,
        other => panic!("expected a parse refusal, got {other:?}"),
    }
}

#[test]
fn t4_originator_rating_cannot_be_expressed() {
    let mut v = tc::json();
    v["originator_rating"] = json!("AA");
    let msg = refused(&v);
    assert!(msg.contains("unknown field `originator_rating`"), "{msg}");
    assert!(msg.contains("T-4"), "{msg}");
    assert!(msg.contains("agente de manejo"), "{msg}");
}

#[test]
fn t4_no_solvency_field_anywhere_in_the_case() {
    type Edit<'a> = &'a dyn Fn(&mut Value);
    let places: [(&str, Edit); 4] = [
        ("fiduciary_solvency", &|v| {
            v["fiduciary_solvency"] = json!(0.9)
        }),
        ("originator_credit_score", &|v| {
            v["factors"][5]["originator_credit_score"] = json!(80)
        }),
        ("calificacion_originador", &|v| {
            v["information_validity"]["calificacion_originador"] = json!("A")
        }),
        ("guarantor_rating", &|v| {
            v["mechanisms"][0]["guarantor_rating"] = json!("AAA")
        }),
    ];
    for (name, add) in places {
        let mut v = tc::json();
        add(&mut v);
        let msg = refused(&v);
        assert!(msg.contains(name) && msg.contains("T-4"), "{name}: {msg}");
    }
}

#[test]
fn t4_an_unrelated_unknown_field_is_refused_without_the_t4_hint() {
    let mut v = tc::json();
    v["colour"] = json!("blue");
    let msg = refused(&v);
    assert!(
        msg.contains("unknown field `colour`") && !msg.contains("T-4"),
        "{msg}"
    );
}

#[test]
fn t4_a_serialised_case_names_participants_only() {
    let c = tc::fixture("cartera_credito");
    let text = serde_json::to_string(&c).unwrap().to_lowercase();
    for word in ["solvenc", "solvency", "\"rating", "calificacion_"] {
        assert!(!text.contains(word), "a case field mentions {word}");
    }
    assert!(text.contains("\"originator\":") && text.contains("\"fiduciary\":"));
}

#[test]
fn t4_tagged_sections_refuse_unknown_fields_too() {
    let mut v = tc::json();
    v["index"]["originator_default_rate_rating"] = json!("AA");
    let msg = refused(&v);
    assert!(
        msg.contains("originator_default_rate_rating") && msg.contains("T-4"),
        "{msg}"
    );
}
