//! Invalid cases are refused with a message naming the field, the value and what is
//! accepted (negative amounts, a class with no schedule, periods out of order, …).

mod titularizacion_case;

use ratebook_core::titularizacion::rate;
use serde_json::{json, Value};
use titularizacion_case as tc;

fn error_of(edit: impl Fn(&mut Value)) -> String {
    let mut v = tc::json();
    edit(&mut v);
    match ratebook_core::titularizacion::Titularizacion::from_json(&v.to_string()) {
        Err(e) => e.to_string(),
        Ok(c) => rate(&c, &tc::methodology()).unwrap_err().to_string(),
    }
}

#[test]
fn t7_negative_amount_is_refused_naming_the_field() {
    let e = error_of(|v| v["flows"]["periods"][2]["collections"] = json!("-10.00"));
    assert_eq!(
        e,
        "invalid case: flows.periods[2].collections = -10.00: amounts must be >= 0"
    );
    let e = error_of(|v| v["mechanisms"][0]["amount"] = json!("-1"));
    assert!(e.contains("mechanisms[0].amount = -1"), "{e}");
    let e = error_of(|v| v["classes"][1]["schedule"][0]["interest"] = json!("-6.00"));
    assert!(e.contains("classes[1].schedule[0].interest = -6.00"), "{e}");
}

#[test]
fn t7_fractions_of_a_cent_are_refused() {
    let e = error_of(|v| v["flows"]["periods"][0]["expenses"] = json!("5.001"));
    assert!(
        e.contains("flows.periods[0].expenses = 5.001") && e.contains("to the cent"),
        "{e}"
    );
}

#[test]
fn t12_class_with_no_schedule_is_refused() {
    let e = error_of(|v| {
        v["classes"][1].as_object_mut().unwrap().remove("schedule");
    });
    assert!(
        e.contains("classes[1].schedule (class B) = []") && e.contains("payment schedule"),
        "{e}"
    );
}

#[test]
fn t7_periods_out_of_order_are_refused() {
    let e = error_of(|v| v["flows"]["periods"][2]["period"] = json!(4));
    assert!(
        e.contains("flows.periods[2].period = 4") && e.contains("expected 3"),
        "{e}"
    );
    let e = error_of(|v| v["flows"]["periods"][3]["date"] = json!("2025-11-30"));
    assert!(e.contains("flows.periods[3].date = 2025-11-30"), "{e}");
    let e = error_of(|v| v["classes"][0]["schedule"][2]["period"] = json!(2));
    assert!(
        e.contains("classes[0].schedule[2].period = 2") && e.contains("increasing order"),
        "{e}"
    );
    let e = error_of(|v| v["index"]["series"][1]["date"] = json!("2025-04-01"));
    assert!(e.contains("index.series[1].date = 2025-04-01"), "{e}");
}

#[test]
fn t12_schedule_principal_must_match_the_class_amount() {
    let e = error_of(|v| v["classes"][0]["amount"] = json!("900.00"));
    assert!(
        e.contains("principal total = 1000.00") && e.contains("class amount 900.00"),
        "{e}"
    );
}

#[test]
fn t12_duplicate_seniority_is_refused() {
    let e = error_of(|v| v["classes"][1]["seniority"] = json!(1));
    assert!(e.contains("classes[1].seniority = 1"), "{e}");
}

#[test]
fn t7_stress_out_of_range_is_refused() {
    let e = error_of(|v| v["stress"]["scenarios"][0]["shocks"]["price"] = json!("1.5"));
    assert!(
        e.contains("stress.scenarios[0].shocks.price = 1.5") && e.contains("between 0 and 1"),
        "{e}"
    );
    let e = error_of(|v| v["stress"]["scenarios"][0]["shocks"]["fx_rate"] = json!("0.1"));
    assert!(e.contains("unknown field `fx_rate`"), "{e}");
}

#[test]
fn t2_missing_factor_is_refused() {
    let e = error_of(|v| {
        v["factors"].as_array_mut().unwrap().remove(8);
    });
    assert!(e.contains("0 assessments of factor 2.9"), "{e}");
}

#[test]
fn t7_absurd_amounts_are_refused_before_they_can_overflow() {
    assert_eq!(
        ratebook_core::titularizacion::caso::MAX_AMOUNT.to_string(),
        "1000000000000000"
    );
    let e = error_of(|v| v["flows"]["periods"][0]["collections"] = json!("10000000000000000"));
    assert!(
        e.contains("flows.periods[0].collections = 10000000000000000")
            && e.contains("amounts up to"),
        "{e}"
    );
}
