//! T-12: every class gets its own category; a subordinated class never rates above a more
//! senior one.

mod titularizacion_case;

use ratebook_core::titularizacion::rate;
use serde_json::json;
use titularizacion_case as tc;

#[test]
fn t12_subordinated_class_is_capped_by_its_senior() {
    // Interest first: class B's interest is paid before class A's principal, and B's only
    // principal falls in period 4, so B is paid on time while A falls behind in period 1.
    let mut v = tc::json();
    v["priority_of_payments"] = json!("interest_first");
    v["flows"]["periods"][0]["collections"] = json!("200.00");
    v["flows"]["periods"][3]["collections"] = json!("600.00");
    // No deviation in history: every Monte Carlo path is the base scenario.
    for o in v["index"]["series"].as_array_mut().unwrap() {
        o["past_due"] = json!("0");
    }
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    let a = &r.classes[0];
    let b = &r.classes[1];
    assert_eq!(a.p_timely, 0.0);
    assert_eq!(b.p_timely, 1.0);
    assert_eq!(
        a.category.to_string(),
        "E",
        "probability 0 allows at most E"
    );
    assert_eq!(b.category, a.category, "B may not rate above A");
    assert_eq!(b.capped_by.as_deref(), Some("A"));
    let cap = r.caps.iter().find(|c| c.rule == "T-12").unwrap();
    assert_eq!(cap.subject, "class B");
    assert_eq!(cap.to, a.category);
    assert!(cap.from.better_than(cap.to));
    let step = r.trace.for_rule("T-12").next().unwrap();
    assert_eq!(step.section, "003 §1.1 (clases y series)");
    assert_eq!(step.after, "E");
}

#[test]
fn t12_classes_are_rated_in_seniority_order_whatever_the_input_order() {
    let mut v = tc::json();
    let classes = v["classes"].as_array_mut().unwrap();
    classes.reverse();
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert_eq!(r.classes[0].name, "A");
    assert_eq!(r.classes[0].seniority, 1);
    for w in r.classes.windows(2) {
        assert!(!w[1].category.better_than(w[0].category));
    }
}
