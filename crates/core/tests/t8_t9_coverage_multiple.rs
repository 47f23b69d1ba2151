//! T-8 and T-9: the índice from history (formula variant and window recorded), the
//! mechanisms with amounts and order of use, the coverage multiple against the regulatory
//! minimum, and the configurable cap below it.

mod titularizacion_case;

use ratebook_core::builtin;
use ratebook_core::titularizacion::{rate, Ponderacion};
use rust_decimal::Decimal;
use serde_json::json;
use titularizacion_case as tc;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn t8_multiple_is_mechanisms_over_index_times_capital() {
    let r = rate(&tc::case(&tc::json()), &tc::methodology()).unwrap();
    // Index 300/3000 = 0.1; base capital 1,200; mechanisms 50 + 200 = 250 → 2.0833×.
    assert_eq!(r.coverage.index, d("0.1"));
    assert_eq!(r.coverage.base_amount, d("1200.00"));
    assert_eq!(r.coverage.multiple, Some(d("2.0833")));
    assert!(r.coverage.meets_minimum);
    assert_eq!(r.coverage.variant, "weighted_average");
    assert_eq!(r.coverage.window_from.unwrap().to_string(), "2025-04-30");
    assert!(r.caps.iter().all(|c| c.rule != "T-8"));
    let t9: Vec<_> = r.trace.for_rule("T-9").collect();
    assert_eq!(t9.len(), 2);
    assert!(t9[0].subject.contains("Fondos de reserva") && t9[0].reason.contains("drawable"));
    assert!(t9[1].reason.contains("structural"));
}

#[test]
fn t8_below_the_minimum_the_case_is_flagged_and_capped() {
    let mut v = tc::json();
    v["mechanisms"] = json!([{"kind": "fondo_reserva", "amount": "150.00", "order": 1}]);
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert_eq!(r.coverage.multiple, Some(d("1.25")));
    assert!(!r.coverage.meets_minimum);
    assert_eq!(r.model_category.to_string(), "AAA-");
    assert_eq!(r.deal_category.to_string(), "A-", "default rule: cap at A-");
    let cap = &r.caps[0];
    assert_eq!(
        (cap.rule.as_str(), cap.from.to_string(), cap.to.to_string()),
        ("T-8", "AAA-".into(), "A-".into())
    );
    assert!(cap.reason.contains("(cap at A-)"), "{}", cap.reason);
    assert!(r.flags.iter().any(|f| f.rule == "T-8"));
    assert!(r
        .classes
        .iter()
        .all(|k| !k.category.better_than(r.deal_category)));
}

#[test]
fn t8_minimum_and_cap_rule_are_parameters() {
    let text = builtin::TITULARIZACION_WEIGHTS_TOML
        .replace("minimum_multiple = \"1.5\"", "minimum_multiple = \"1.2\"")
        .replace(
            "cap_when_below = { kind = \"cap_at\", category = \"A-\" }",
            "cap_when_below = { kind = \"notches_down\", notches = 3 }",
        );
    let m = Ponderacion::from_toml(&text).unwrap();
    let mut v = tc::json();
    v["mechanisms"] = json!([{"kind": "fondo_reserva", "amount": "150.00", "order": 1}]);
    let r = rate(&tc::case(&v), &m).unwrap();
    assert!(r.coverage.meets_minimum, "1.25× meets a 1.2× minimum");
    v["mechanisms"][0]["amount"] = json!("120.00");
    let r = rate(&tc::case(&v), &m).unwrap();
    assert_eq!(r.coverage.multiple, Some(d("1")));
    // AAA- → AA+ → AA → AA-.
    assert_eq!(
        r.deal_category.to_string(),
        "AA-",
        "AAA- three notches down"
    );
    assert!(
        r.caps[0].reason.contains("(3 notches down)"),
        "{}",
        r.caps[0].reason
    );
}

#[test]
fn t8_desviacion_is_required_outside_credit_portfolios() {
    let mut v = tc::json();
    v["asset_type"] = json!("flujos_futuros");
    v["asset_analyses"] = json!([]);
    v["factors"] = tc::factors("80");
    // The checklist built for cartera holds 2.6.d, which flujos futuros does not have.
    v["factors"][5]["checklist"] = json!([]);
    let err = rate(&tc::case(&v), &tc::methodology()).unwrap_err();
    assert!(
        err.to_string().contains("index.kind = siniestralidad"),
        "{err}"
    );
    assert!(err.to_string().contains("índice de desviación"), "{err}");
}
